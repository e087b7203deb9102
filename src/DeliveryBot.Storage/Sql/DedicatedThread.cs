namespace DeliveryBot.Storage.Sql;

/// <summary>
/// Work that runs on a thread of its own, once each time it is asked for, for work that blocks the thread it runs on
/// (SQLite's calls do) and so must not hold one of the thread pool's few workers. The thread waits without spinning
/// between runs and ends after <paramref name="idleLifetime"/> without one, or once disposed; a run asked for before
/// then still runs, and the next ask starts another thread. Asks made while a run waits to be taken are that one run.
/// </summary>
/// <param name="name">The thread's name, as a debugger or a profile shows it.</param>
/// <param name="run">One run; it must not throw (whatever it does, the thread must live on for the next ask).</param>
internal sealed class DedicatedThread(string name, Action run, TimeSpan idleLifetime) : IDisposable
{
    /// <summary>Guards the three fields below; the thread waits on it for a run to be asked for.</summary>
    private readonly object _wake = new();
    private bool _asked, _alive, _closing;

    public void Ask()
    {
        lock (_wake)
        {
            _asked = true;
            if (_alive)
            {
                Monitor.Pulse(_wake);
                return;
            }
            _alive = true;
        }
        // UnsafeStart: the thread works for nobody in particular, so it carries nobody's ambient context (trace,
        // culture)
        new Thread(Loop) { IsBackground = true, Name = name }.UnsafeStart();
    }

    private void Loop()
    {
        while (true)
        {
            lock (_wake)
            {
                while (!_asked)
                    if ((_closing || !Monitor.Wait(_wake, idleLifetime)) && !_asked)
                    {
                        _alive = false; // under the lock: an ask from now on starts a new thread
                        return;
                    }
                _asked = false;
            }
            run();
        }
    }

    /// <summary>Lets the thread end once it has no run to do.</summary>
    public void Dispose()
    {
        lock (_wake)
        {
            _closing = true;
            Monitor.Pulse(_wake);
        }
    }
}
