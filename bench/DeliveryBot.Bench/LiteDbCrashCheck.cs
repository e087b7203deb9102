namespace DeliveryBot.Bench;

/// <summary>
/// Kills a writer with SIGKILL at a random moment, <c>rounds</c> times over the same file, then reopens the file and
/// looks for every record the writer acknowledged. Reusing one file makes each round recover from the last kill too.
/// </summary>
internal static class LiteDbCrashCheck
{
    /// <param name="Missing">Acknowledged records not found after the kill.</param>
    /// <param name="FailedOpens">Rounds after which the file did not open (or a read of it threw).</param>
    /// <param name="FailedWriters">Rounds whose writer died before its first commit (the file refused it).</param>
    public sealed record Result(int Acknowledged, int Missing, int FailedOpens, int FailedWriters, string Problem);

    private const int Spacing = 1_000_000; // record numbers per round, so no round reuses a key

    public static async Task<Result> RunAsync(string engine, string directory, int rounds, Random random)
    {
        var path = BenchEngine.FileFor(engine, directory, "crash");
        var (acknowledged, missing, failedOpens, failedWriters, problem) = (0, 0, 0, 0, "");
        for (var round = 0; round < rounds; round++)
        {
            IReadOnlyList<int> acks;
            using (var writer = ChildProcess.Writer(engine, path, first: round * Spacing + 1, count: 0))
            {
                try
                {
                    // Counted from the first commit, so a kill never lands while the child is still warming up.
                    await writer.Writing.WaitAsync(TimeSpan.FromSeconds(60));
                    await Task.Delay(random.Next(20, 500));
                }
                catch (Exception e) when (e is InvalidOperationException or TimeoutException)
                {
                    failedWriters++;
                    problem = problem.Length > 0 ? problem : e.Message;
                }
                writer.Kill();
                await writer.WaitForExitAsync(TimeSpan.FromSeconds(30));
                acks = writer.Acks;
            }
            acknowledged += acks.Count;
            try
            {
                using var store = await BenchEngine.OpenAsync(engine, path);
                var lost = 0;
                foreach (var number in acks)
                    if (await store.FindAsync(BenchRecords.KeyOf(number)) is null) lost++;
                missing += lost;
            }
#pragma warning disable CA1031 // any failure to open or read the file is the finding, not a bench bug
            catch (Exception e)
#pragma warning restore CA1031
            {
                failedOpens++;
                missing += acks.Count;
                problem = problem.Length > 0 ? problem : $"{e.GetType().Name}: {e.Message}";
            }
        }
        return new Result(acknowledged, missing, failedOpens, failedWriters, problem);
    }
}
