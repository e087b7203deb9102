using System.Text.Json;
using DeliveryBot.Application.Deliveries;
using DeliveryBot.Application.Messages;
using DeliveryBot.Application.Reminders;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Record;
using DeliveryBot.Teams.Tests.Support;
using DeliveryBot.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace DeliveryBot.Teams.Tests;

/// <summary>
/// Re-planning through the real bot: `replan` moves a milestone and asks the PLA and the Deployment Specialist to
/// acknowledge the revised schedule in their 1:1 chats; a slip, a new client date or a QA FAIL brings the DM the
/// drafted delay notice (once per cause), and `delay` posts it on demand; sharing the schedule brings every other
/// stakeholder in Teams a read-only copy. Everyone here has written to the bot in a 1:1 chat of their own. The bot's
/// clock is the scenarios' (Monday 2 March 2026, 11:00 in London), so the April dates are still to come.
/// </summary>
public sealed class ReplanningTests : IAsyncLifetime
{
    private static readonly string[] People = ["Dana", "Ivy", "Pablo", "Quinn", "Diego", "Clara", "Cora"];
    private readonly ManualClock _clock = new(Scenario.Start.AddHours(1));
    private IDeliveryStore _store = null!;
    private OutboxDispatcher _dispatcher = null!;
    private HttpClient _http = null!;
    private int _ids;

    private FakeConnector Connector { get; set; } = null!;
    private ChannelFactory Bot { get; set; } = null!;

    public async Task InitializeAsync()
    {
        Connector = await FakeConnector.StartAsync();
        Bot = new ChannelFactory(new Dictionary<string, string?>()) { Clock = _clock };
        _http = Bot.CreateClient();
        _store = Bot.Services.GetRequiredService<IDeliveryStore>();
        _dispatcher = Bot.Services.GetRequiredService<OutboxDispatcher>();
        var planned = Scenario.Opened().ToPlanning();
        planned.Ok(Cast.Dana, new PlanDelivery(Scenario.SampleSchedule));
        await _store.ImportAsync(Contoso.Own([
            Domain.Deliveries.Delivery.Restore(Scenario.Opened().ToProduction().Delivery.State with { Id = "D1" }),
            Domain.Deliveries.Delivery.Restore(Scenario.Opened().ToQa().Delivery.State with { Id = "D2" }),
            Domain.Deliveries.Delivery.Restore(planned.Delivery.State with { Id = "D3" }),
        ]), Scenario.Start);
        foreach (var who in People) await SayAsync(who, "help");
        await _dispatcher.WhenIdleAsync();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await Bot.DisposeAsync();
        await Connector.DisposeAsync();
    }

    private Task<HttpResponseMessage> PostAsync(string activity)
        => _http.PostAsync(new Uri("/api/messages", UriKind.Relative),
            new StringContent(activity, System.Text.Encoding.UTF8, "application/json"));

    private static string Chat(string who) => $"a:chat-{who.ToLowerInvariant()}";

    /// <summary>What <paramref name="who"/> says in their 1:1 chat; the bot's reply (its text, or its card).</summary>
    private async Task<JsonElement> SayAsync(string who, string text)
    {
        var id = $"activity-{Interlocked.Increment(ref _ids)}";
        (await PostAsync(Activities.Message(Connector.ServiceUrl, text, conversationId: Chat(who), id: id,
            fromOid: $"oid-{who.ToLowerInvariant()}", fromName: who))).EnsureSuccessStatusCode();
        return JsonDocument.Parse(Connector.Sends.Last(
            c => c.Path.EndsWith($"/activities/{id}", StringComparison.Ordinal)).Body).RootElement.Clone();
    }

    private async Task<string> ReplyAsync(string who, string text)
        => (await SayAsync(who, text)).GetProperty("text").GetString()!;

    /// <summary>Cards the bot sent to someone's 1:1 chat on its own (not replies), with every fragment given.</summary>
    private List<string> CardsTo(string who, params string[] fragments)
        => [.. Connector.Sends
            .Where(c => c.Method == "POST" && c.Path == $"/v3/conversations/{Chat(who)}/activities"
                && fragments.All(f => c.Body.Contains(f, StringComparison.Ordinal)))
            .Select(c => c.Body)];

    private Task<DeliveryResult> ExecuteAsync(
        string id, Domain.Deliveries.DeliveryCommand command, Domain.People.Person who)
        => Bot.Services.GetRequiredService<DeliveryService>().ExecuteAsync(
            Contoso.Key(id), command, $"test-{Interlocked.Increment(ref _ids)}", who, "test");

    [Fact]
    public async Task Replan_moves_a_milestone_and_the_pla_and_deployment_specialist_are_asked_to_acknowledge_again()
    {
        Assert.StartsWith("✅ Client handover moved from 2026-04-03 to 2026-04-08: QA capacity is short.",
            await ReplyAsync("Dana", "replan D1 client handover 2026-04-08 QA capacity is short"));
        Assert.StartsWith("✅ QA certified moved from 2026-03-27 to 2026-03-31: two testers out",
            await ReplyAsync("Dana", "replan D1 5 2026-03-31 two testers out"));
        await _dispatcher.WhenIdleAsync();

        // one turn for both moves, the card drawn as the schedule stands
        var pablo = Assert.Single(CardsTo("Pablo", "\"card\":\"schedule\"", "\"focus\":\"revised\""));
        Assert.Contains("Acknowledge the revised schedule", pablo, StringComparison.Ordinal);
        Assert.Single(CardsTo("Diego", "\"card\":\"schedule\"", "\"focus\":\"revised\""));
        Assert.Contains("Acknowledge the revised schedule (QA certified moved to 2026-03-31) (as Production Line " +
            "Architect)", await ReplyAsync("Pablo", "mine"));
        // a new client date and a slip: the delay notice offered for each
        Assert.Equal(2, CardsTo("Dana", "\"card\":\"update\"", "\"focus\":\"DelayNotice\"").Count);

        var record = await ReplyAsync("Dana", "record D1");
        Assert.Contains("## Schedule changes", record, StringComparison.Ordinal);
        Assert.Contains("| QA certified | 2026-03-27 | 2026-03-31 | two testers out | Dana |", record,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Whoever_has_not_acknowledged_the_revised_schedule_is_sent_it_again_after_the_nudge_pacing()
    {
        await ReplyAsync("Dana", "replan D1 client handover 2026-04-08 QA capacity is short");
        await _dispatcher.WhenIdleAsync();
        await ExecuteAsync("D1", new AcknowledgeRevisedSchedule(), Cast.Diego);
        await _dispatcher.WhenIdleAsync();
        var asked = CardsTo("Pablo", "\"card\":\"schedule\"", "\"focus\":\"revised\"").Count;

        _clock.Advance(TimeSpan.FromDays(1)); // Tuesday 11:00: 8 business hours have passed
        await Bot.Services.GetRequiredService<ReminderSweep>().RunAsync(50, CancellationToken.None);
        await _dispatcher.WhenIdleAsync();
        await _dispatcher.DispatchAsync(50, CancellationToken.None);
        await _dispatcher.WhenIdleAsync();

        // the card that answers it, in Pablo's 1:1 chat; Diego, who acknowledged, is left alone
        Assert.Equal(asked + 1, CardsTo("Pablo", "\"card\":\"schedule\"", "\"focus\":\"revised\"").Count);
        Assert.Single(CardsTo("Diego", "\"card\":\"schedule\"", "\"focus\":\"revised\""));
        Assert.Contains("Nudge (revised schedule) to Pablo", await ReplyAsync("Dana", "reminders D1"),
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("replan D1 8 2026-13-01 late",
        "'2026-13-01' is not a date: write it as yyyy-mm-dd, e.g. 2026-05-04. " +
        "Type `replan <id> <milestone> <yyyy-mm-dd> <reason>`.")]
    [InlineData("replan D1 handover next friday QA",
        "'next' is not a date: write it as yyyy-mm-dd, e.g. 2026-05-04.")]
    [InlineData("replan D1 moon 2026-04-08 why not", "'moon' is not a milestone: give its number (1–9) or name")]
    [InlineData("replan D1 12 2026-04-08 late", "'12' is not a milestone")]
    [InlineData("replan D1 handover 2026-04-08", "Say why Client handover moves.")]
    [InlineData("replan D1 qa certified", "Give the new QA certified date (yyyy-mm-dd).")]
    [InlineData("replan D1", "Which milestone? Give its number (1–9) or name")]
    [InlineData("replan D1 handover 2026-03-01 typo", "⛔ The new Client handover target (2026-03-01) cannot be before")]
    [InlineData("replan D1 1 2026-04-08 late", "⛔ Intake handoff was already reached on 2026-03-02.")]
    public async Task A_replan_that_does_not_parse_or_hold_changes_nothing_and_says_why(string typed, string told)
    {
        var version = (await _store.FindAsync(Contoso.Key("D1")))!.Version;

        Assert.Contains(told, await ReplyAsync("Dana", typed), StringComparison.Ordinal);

        Assert.Equal(version, (await _store.FindAsync(Contoso.Key("D1")))!.Version);
    }

    [Fact]
    public async Task Only_the_dm_replans()
    {
        Assert.StartsWith("🚫 Only the Delivery Manager (Dana) can do this.",
            await ReplyAsync("Pablo", "replan D1 8 2026-04-08 we are late"));
        Assert.Empty((await _store.FindAsync(Contoso.Key("D1")))!.State.MilestoneMoves);
    }

    [Fact]
    public async Task A_qa_fail_brings_the_dm_the_delay_notice_once_and_delay_posts_it_on_demand()
    {
        Assert.True((await ExecuteAsync("D2", new RecordQaVerdict(1, QaVerdict.Fail, "Credit notes misrouted"),
            Cast.Quinn)).Outcome.Changed);
        await _dispatcher.WhenIdleAsync();
        Assert.True((await ExecuteAsync("D2", new ResubmitToQa("Routing fixed"), Cast.Pablo)).Outcome.Changed);
        await _dispatcher.WhenIdleAsync();

        var card = Assert.Single(
            CardsTo("Dana", "\"card\":\"update\"", "\"focus\":\"DelayNotice\"", "\"deliveryId\":\"D2\""));
        Assert.Contains("Quality check 1 did not pass", card, StringComparison.Ordinal);
        Assert.Contains("Mark as sent", card, StringComparison.Ordinal);
        Assert.Empty(CardsTo("Quinn", "\"focus\":\"DelayNotice\""));

        var asked = await SayAsync("Dana", "delay D2");
        var content = asked.GetProperty("attachments")[0].GetProperty("content").GetRawText();
        Assert.Contains("Delay notice: Invoice Triage Agent for Contoso Ltd", content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sharing_the_schedule_brings_every_other_stakeholder_a_read_only_copy()
    {
        Assert.True((await ExecuteAsync("D3", new PublishSchedule(), Cast.Dana)).Outcome.Changed);
        await _dispatcher.WhenIdleAsync();

        foreach (var who in new[] { "Ivy", "Quinn", "Clara", "Cora" })
        {
            var card = Assert.Single(CardsTo(who, "\"card\":\"schedule\"", "\"focus\":\"shared\""));
            Assert.Contains("Client handover", card, StringComparison.Ordinal);
            Assert.DoesNotContain("\"verb\":\"gate.acknowledge\"", card, StringComparison.Ordinal);
            Assert.DoesNotContain("schedule.acknowledge-revised", card, StringComparison.Ordinal);
        }
        Assert.Empty(CardsTo("Dana", "\"focus\":\"shared\""));
        Assert.Empty(CardsTo("Pablo", "\"focus\":\"shared\""));
        // the PLA's card is the one to acknowledge it
        Assert.Single(CardsTo("Pablo", "\"card\":\"schedule\"", "\"focus\":\"schedule-acknowledged-pla\""));
        Assert.Contains(await Bot.Services.GetRequiredService<IConversationStore>().PostedCardsAsync(Contoso.Key("D3")),
            p => p is { Template: "schedule", Focus: "shared" } && p.ConversationId == Chat("Cora"));
    }
}
