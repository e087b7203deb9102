using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using DeliveryBot.Teams.Cards.Templating;

namespace DeliveryBot.Teams.Tests.Cards;

/// <summary>
/// Every card in cards/, expanded with its sample data by the bot's binder, rendered by Microsoft's Adaptive Cards
/// renderer in headless Chromium (tests/node/render-png.js): a parse warning or a render failure fails the test.
/// UPDATE_PICTURES=1 copies the status card and a gate card to docs/cards/ for the README.
/// </summary>
public sealed class CardPictureTests
{
    private static readonly string[] Pictured = ["status", "schedule", "qa", "intake"];

    [Fact]
    public async Task Every_card_renders_in_chromium_with_microsofts_renderer()
    {
        var root = CardSampleDataTests.Repo();
        var cards = new JsonArray();
        foreach (var template in Directory.GetFiles(Path.Combine(root, "cards"), "*.json")
            .Where(f => !f.EndsWith(".data.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(template);
            var data = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(root, "cards", $"{name}.data.json")))!;
            cards.Add(new JsonObject { ["name"] = name, ["card"] = CardTemplate.Parse(
                await File.ReadAllTextAsync(template)).Expand(data) });
        }
        var output = Directory.CreateTempSubdirectory("deliverybot-pictures-").FullName;
        try
        {
            var results = await RenderAsync(root, output, cards.ToJsonString());

            Assert.Equal(cards.Count, results.Count);
            foreach (var r in results)
            {
                var name = r.GetProperty("name").GetString()!;
                Assert.True(r.GetProperty("ok").GetBoolean(),
                    $"{name}: {string.Join("; ", r.GetProperty("problems").EnumerateArray())}");
                var png = await File.ReadAllBytesAsync(Path.Combine(output, $"{name}.png"));
                Assert.True(png.AsSpan(0, 8).SequenceEqual(
                    new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), $"{name}.png is not a PNG");
                Assert.True(r.GetProperty("height").GetDouble() > 80,
                    $"{name} rendered {r.GetProperty("height").GetDouble()} px high");
            }
            if (Environment.GetEnvironmentVariable("UPDATE_PICTURES") == "1")
            {
                Directory.CreateDirectory(Path.Combine(root, "docs", "cards"));
                foreach (var name in Pictured) File.Copy(Path.Combine(output, $"{name}.png"),
                    Path.Combine(root, "docs", "cards", $"{name}.png"), overwrite: true);
            }
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static async Task<List<JsonElement>> RenderAsync(string root, string output, string input)
    {
        var info = new ProcessStartInfo("node", [Path.Combine(root, "tests", "node", "render-png.js"), output])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.Combine(root, "tests", "node"),
        };
        using var node = Process.Start(info)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        await node.StandardInput.WriteAsync(input);
        node.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await node.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            node.Kill(entireProcessTree: true);
            Assert.Fail($"Rendering the cards in Chromium took over 2 minutes: {await stderr}");
        }
        var text = await stdout;
        Assert.True(text.StartsWith('['), $"render-png.js failed (exit {node.ExitCode}): {await stderr}");
        return [.. JsonDocument.Parse(text).RootElement.EnumerateArray().Select(e => e.Clone())];
    }
}
