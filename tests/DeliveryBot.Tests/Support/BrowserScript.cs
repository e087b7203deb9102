using System.Diagnostics;
using System.Text.Json;

namespace DeliveryBot.Tests.Support;

/// <summary>
/// Runs one of the Node scripts in tests/node that drive Debian's Chromium (playwright-core) and print what they saw as
/// one JSON object; fails the test with the script's own words if it fails or outlasts its time.
/// </summary>
internal static class BrowserScript
{
    public static async Task<JsonElement> RunAsync(string script, IEnumerable<string> arguments, TimeSpan allowed)
    {
        var info = new ProcessStartInfo("node", [Repo.Path("tests", "node", script), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Repo.Path("tests", "node"),
        };
        using var node = Process.Start(info)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(allowed);
        try
        {
            await node.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            node.Kill(entireProcessTree: true);
            Assert.Fail($"{script} took over {allowed.TotalSeconds:0} s; it had said: {await stderr}");
        }
        var text = await stdout;
        Assert.True(
            node.ExitCode == 0 && text.StartsWith('{'), $"{script} failed (exit {node.ExitCode}): {await stderr}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}

/// <summary>Paths in the repository, found from the test's build output.</summary>
internal static class Repo
{
    public static string Path(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(System.IO.Path.Combine(dir!.FullName, "DeliveryBot.sln"))) dir = dir.Parent;
        return System.IO.Path.Combine([dir.FullName, .. parts]);
    }
}
