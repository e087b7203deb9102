using Hangfire.Logging;
using Microsoft.Extensions.Logging;
using HangfireLevel = Hangfire.Logging.LogLevel;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace DeliveryBot.Scheduling;

/// <summary>
/// Hangfire logs through one process-wide provider, and its components take their loggers once, when built. The bot
/// has one host per process, but the tests start many: handing Hangfire a host's logger factory directly leaves every
/// later host logging into a disposed one. This provider looks up the current host's factory at each message instead.
/// </summary>
internal sealed class HangfireLogBridge : ILogProvider
{
    private static readonly HangfireLogBridge Instance = new();
    private static ILoggerFactory? _current;
    private static int _installed;

    /// <summary>Routes Hangfire's logging to <paramref name="loggers"/> (the host being built) from now on.</summary>
    public static void Use(ILoggerFactory loggers)
    {
        Volatile.Write(ref _current, loggers);
        if (Interlocked.Exchange(ref _installed, 1) == 0) LogProvider.SetCurrentLogProvider(Instance);
    }

    public ILog GetLogger(string name) => new ForwardingLog(name);

    private sealed class ForwardingLog(string name) : ILog
    {
        private (ILoggerFactory Factory, ILogger Logger)? _cached;

        public bool Log(HangfireLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            var factory = Volatile.Read(ref _current);
            if (factory is null) return false;
            try
            {
                var cached = _cached;
                if (cached?.Factory != factory) _cached = cached = (factory, factory.CreateLogger(name));
                var logger = cached.Value.Logger;
                var level = LevelOf(logLevel);
                // Without a message Hangfire only asks whether to bother.
                if (messageFunc is null || !logger.IsEnabled(level)) return logger.IsEnabled(level);
#pragma warning disable CA1848, CA1873, CA2254 // Hangfire hands over finished text, not a template
                logger.Log(level, exception, messageFunc());
#pragma warning restore CA1848, CA1873, CA2254
                return true;
            }
            catch (ObjectDisposedException)
            {
                return false; // that host has stopped
            }
        }

        private static LogLevel LevelOf(HangfireLevel level) => level switch
        {
            HangfireLevel.Trace => LogLevel.Trace,
            HangfireLevel.Debug => LogLevel.Debug,
            HangfireLevel.Info => LogLevel.Information,
            HangfireLevel.Warn => LogLevel.Warning,
            HangfireLevel.Error => LogLevel.Error,
            _ => LogLevel.Critical,
        };
    }
}
