using System.Text.Json;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.People;
using DeliveryBot.Teams.Commands;
using DeliveryBot.Teams.Tests.Support;
using DeliveryBot.TestKit;
using Microsoft.Extensions.DependencyInjection;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Teams.Tests;

/// <summary>
/// `history`: the audit trail through real messages, a page at a time, newest first, for the people with a role on
/// the delivery and nobody else.
/// </summary>
public sealed class HistoryCommandTests : ChannelTest
{
    private const string Rationale = "talent reused from an earlier delivery";
    private Scenario _scenario = null!;
    private int _ids;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // Sam stands in for Dana and skips stage 3; then twenty risks, more than a page
        _scenario = Scenario.Opened().ToProduction();
        _scenario.Ok(Dana, new DelegateRole(Role.DeliveryManager, Sam, new DateOnly(2026, 3, 20), "annual leave"));
        _scenario.Later(TimeSpan.FromHours(1));
        _scenario.Ok(Sam, new SkipStage(Stage.ProductionTracking, Rationale));
        _scenario.Later(TimeSpan.FromHours(1));
        _scenario.WithRisks(HistoryChatCommand.PageSize);
        var state = _scenario.Delivery.State with { Client = "O'Brien & Søn" };
        await Bot.Services.GetRequiredService<IDeliveryStore>()
            .SaveAsync(Contoso.Own(Domain.Deliveries.Delivery.Restore(state)), 0, Scenario.Start);
    }

    private int Entries => _scenario.Delivery.State.Audit.Count;

    private async Task<string> AskAsync(
        string who, string text, string tenant = Activities.Tenant, string? zone = null)
    {
        var json = Activities.Message(Connector.ServiceUrl, text, tenant: tenant,
            id: $"history-{Interlocked.Increment(ref _ids)}", fromOid: $"oid-{who.ToLowerInvariant()}", fromName: who);
        if (zone is not null)
            json = json.Replace("\"textFormat\":\"plain\",", $"\"textFormat\":\"plain\",\"localTimezone\":\"{zone}\",",
                StringComparison.Ordinal);
        (await PostAsync(json)).EnsureSuccessStatusCode();
        return JsonDocument.Parse(Connector.Sends[^1].Body).RootElement.GetProperty("text").GetString()!;
    }

    private static string[] Lines(string answer)
        => [.. answer.Split('\n').Where(l => l.StartsWith("- ", StringComparison.Ordinal))];

    [Fact]
    public async Task The_dm_reads_the_newest_twenty_entries_first_and_is_told_how_to_see_the_older_ones()
    {
        var answer = await AskAsync("Dana", "history D1");

        var pages = (Entries + HistoryChatCommand.PageSize - 1) / HistoryChatCommand.PageSize;
        Assert.StartsWith(
            $"**History of D1** · O'Brien & Søn: {Entries} entries, newest first; page 1 of {pages} "
                + "(times in Europe/London):",
            answer);
        var lines = Lines(answer);
        Assert.Equal(HistoryChatCommand.PageSize, lines.Length);
        Assert.StartsWith("- 2026-03-02 12:00 · **Dana**: Risk R20 added", lines[0]);
        Assert.Contains("Risk R1 added", lines[^1]);
        Assert.EndsWith("Older entries: `history D1 2`.", answer);
    }

    [Fact]
    public async Task An_older_page_shows_who_stood_in_for_whom_the_skip_rationale_and_the_times_in_the_reader_s_zone()
    {
        var answer = await AskAsync("Pablo", "history D1 2", zone: "America/New_York");

        Assert.Contains("(times in America/New_York)", answer);
        Assert.Contains(
            $"- 2026-03-02 06:00 · **Sam** standing in for Dana (Delivery Manager): Stage 3 (Production tracking) "
                + $"skipped by Sam: {Rationale}",
            answer);
        // before the delegation, Dana acted as herself
        Assert.Contains(
            "- 2026-03-02 05:00 · **Dana**: Delivery Manager delegated from Dana to Sam until 2026-03-20", answer);
        Assert.Contains("Newer entries: `history D1 1`.", answer);
    }

    [Fact]
    public async Task The_last_page_ends_with_the_opening_of_the_delivery()
    {
        var pages = (Entries + HistoryChatCommand.PageSize - 1) / HistoryChatCommand.PageSize;

        var lines = Lines(await AskAsync("Quinn", $"history d1 {pages}"));

        // the opening, followed by what it set off (stage 1 started): one command's entries in the order it wrote them
        var opened = Array.FindIndex(
            lines, l => l.Contains("Delivery D1 opened for Contoso Ltd", StringComparison.Ordinal));
        Assert.InRange(opened, 0, lines.Length - 2);
        Assert.Contains("Stage 1 (Intake handoff) started", lines[^1]);
        Assert.Equal(Entries - ((pages - 1) * HistoryChatCommand.PageSize), lines.Length);
    }

    [Theory]
    [InlineData("Mallory", "history D1", "Only the people with a role on D1 can read its history")]
    [InlineData("Dana", "history D1 99", "`99` is not a page of D1's history: it has pages 1 to")]
    [InlineData("Dana", "history D1 two", "`two` is not a page of D1's history")]
    [InlineData("Dana", "history", "Which delivery? Type `history <id> [page]`")]
    [InlineData("Dana", "history D9", "There is no delivery D9.")]
    public async Task Someone_without_a_role_or_a_wrong_page_gets_a_plain_answer(
        string who, string text, string expected)
        => Assert.Contains(expected, await AskAsync(who, text));

    [Fact]
    public async Task Another_organisation_s_dm_finds_no_such_delivery()
        => Assert.Equal(
            "There is no delivery D1. `list` shows the open ones.",
            await AskAsync("Dana", "history D1", tenant: "tenant-fabrikam"));

    [Fact]
    public async Task The_record_lists_the_skipped_stage_with_its_rationale_and_the_client_as_typed()
    {
        var answer = await AskAsync("Dana", "record D1");

        Assert.Contains("```markdown\n# Delivery Record: O'Brien & Søn — Invoice Triage Agent\n", answer);
        Assert.Contains($"| Production start | 2026-03-09 | | Skipped: {Rationale} |", answer);
        Assert.DoesNotContain("\\&", answer);
    }
}
