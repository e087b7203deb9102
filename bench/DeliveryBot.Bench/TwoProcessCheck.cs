namespace DeliveryBot.Bench;

/// <summary>
/// Two writers on one file at once, as when a second bot instance (or a restart that overlaps the old one) opens the
/// same store: each inserts its own records, and afterwards every acknowledged record must be in the file.
/// </summary>
internal static class TwoProcessCheck
{
    /// <param name="Crashed">Writers that exited with an error or hung; <paramref name="Problem"/> says why.</param>
    /// <param name="InFile">Records the file holds; -1 when it could not be read back at all.</param>
    public sealed record Result(int Acknowledged, int Missing, long InFile, int Crashed, string Problem);

    public static async Task<Result> RunAsync(string engine, string directory, int perProcess)
    {
        var path = BenchEngine.FileFor(engine, directory, "two");
        // The file exists before both start, so the check is about sharing it, not about racing to create it.
        using (await BenchEngine.OpenAsync(engine, path)) { }
        using var first = ChildProcess.Writer(engine, path, first: 1, count: perProcess);
        using var second = ChildProcess.Writer(engine, path, first: 1_000_001, count: perProcess);
        var (crashed, problem) = (0, "");
        foreach (var writer in new[] { first, second })
        {
            if (!await writer.WaitForExitAsync(TimeSpan.FromSeconds(120)))
            {
                writer.Kill();
                await writer.WaitForExitAsync(TimeSpan.FromSeconds(30));
                (crashed, problem) = (crashed + 1, problem.Length > 0 ? problem : "hung for 120 s and was killed");
            }
            else if (writer.ExitCode != 0)
            {
                (crashed, problem) = (crashed + 1, problem.Length > 0 ? problem : $"exit {writer.ExitCode}: " +
                    writer.FirstError);
            }
        }

        var acks = first.Acks.Concat(second.Acks).ToList();
        try
        {
            using var store = await BenchEngine.OpenAsync(engine, path);
            var missing = 0;
            foreach (var number in acks)
                if (await store.FindAsync(BenchRecords.KeyOf(number)) is null) missing++;
            return new Result(acks.Count, missing, await store.CountAsync(), crashed, problem);
        }
#pragma warning disable CA1031 // a file the two writers left unreadable is the finding, not a bench bug
        catch (Exception e)
#pragma warning restore CA1031
        {
            var unreadable = $"the file could not be read back: {e.GetType().Name}: {e.Message}";
            return new Result(
                acks.Count, acks.Count, -1, crashed, problem.Length > 0 ? $"{problem}; {unreadable}" : unreadable);
        }
    }
}
