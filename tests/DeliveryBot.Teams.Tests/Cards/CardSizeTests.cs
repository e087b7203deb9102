using System.Text.Json;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Record;
using DeliveryBot.Teams.Commands;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Teams.Tests.Cards;

/// <summary>
/// Teams refuses a message over about 100 KB, counted in UTF-16. A delivery with a thousand risks of the longest text
/// the record takes still gets every card and answer under it: the worst first, the rest counted, nothing dropped.
/// </summary>
public sealed class CardSizeTests(Xunit.Abstractions.ITestOutputHelper output) : CardClickTest
{
    private const int TeamsLimit = 100_000;

    private static int Utf16Bytes(JsonElement json) => json.GetRawText().Length * 2;

    private async Task StoreWithRisksAsync(int count)
    {
        var s = Scenario.Opened().Planned();
        var text = new string('x', UserText.Paragraph - 10);
        for (var i = 0; i < count; i++)
            s.Ok(Dana,
                new AddRisk($"R{i:D4} {text}", i % 7 == 0 ? Level.High : Level.Low, Level.Medium, $"M{i:D4} {text}"));
        await StoreAsync(s);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(1_000)]
    public async Task The_status_and_risk_cards_stay_under_teams_limit_and_say_how_many_more_there_are(int risks)
    {
        await StoreWithRisksAsync(risks);

        var status = await SeenByAsync(Dana, "status");
        var register = await SeenByAsync(Dana, "risk");

        output.WriteLine($"{risks} risks: status card {Utf16Bytes(status):N0} bytes, risk card " +
            $"{Utf16Bytes(register):N0} bytes (UTF-16)");
        Assert.True(Utf16Bytes(status) < TeamsLimit / 2, $"status card: {Utf16Bytes(status):N0} bytes");
        Assert.True(Utf16Bytes(register) < TeamsLimit / 2, $"risk card: {Utf16Bytes(register):N0} bytes");
        Assert.Contains($"{risks - 8} more: `risk D1` lists them all", status.GetRawText());
        Assert.Contains($"{risks - 8} more: close the ones", register.GetRawText());
        Assert.Contains("R0000", status.GetRawText()); // a high-likelihood one: the worst are listed first
    }

    [Fact]
    public async Task A_long_record_comes_in_parts_each_under_teams_limit_with_every_risk_in_one_of_them()
    {
        await StoreWithRisksAsync(300);
        var parts = new List<string>();
        for (var next = "record D1"; next is not null;)
        {
            var sent = Connector.Sends.Count;
            await SayAsync(Dana, next);
            var answer = Connector.Sends.Skip(sent)
                .Select(c => JsonDocument.Parse(c.Body).RootElement.GetProperty("text").GetString()!).ToList();
            Assert.InRange(answer.Count, 1, RecordChatCommand.PartsPerAnswer);
            parts.AddRange(answer);
            next = System.Text.RegularExpressions.Regex.Match(
                answer[^1], "follow with `(record D1 \\d+)`") is { Success: true } m ? m.Groups[1].Value : null;
        }

        output.WriteLine($"record of 300 long risks: {parts.Count} parts, the largest " +
            $"{parts.Max(p => p.Length) * 2:N0} bytes (UTF-16)");
        Assert.True(parts.Count > RecordChatCommand.PartsPerAnswer, "one answer");
        Assert.All(parts, p => Assert.True(p.Length * 2 < TeamsLimit, $"a part of {p.Length * 2:N0} bytes"));
        Assert.All(parts.Select((p, i) => (p, i)), x => Assert.StartsWith(
            $"Delivery record D1, as Markdown (part {x.i + 1} of {parts.Count}):", x.p));
        var all = string.Concat(parts);
        Assert.All(Enumerable.Range(0, 300), i => Assert.Contains($"R{i:D4}", all));
        Assert.Contains($"ask for one from 1 to {parts.Count}", (await SayAsync(Dana, "record D1 999"))
            .GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parts_are_cut_between_lines_and_put_back_together_give_the_text()
    {
        var text = string.Join("\n", Enumerable.Range(0, 1_000).Select(i => $"line {i} " + new string('y', i % 50))) +
            "\n";

        var parts = RecordChatCommand.Parts(text, 500);

        Assert.All(parts, p => Assert.True(p.Length <= 500));
        Assert.All(parts, p => Assert.EndsWith("\n", p));
        Assert.Equal(text, string.Concat(parts));
    }
}
