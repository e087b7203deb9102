using System.Text;
using System.Text.Json;
using DeliveryBot.Application.Storage;
using DeliveryBot.Teams.Cards.Views;
using DeliveryBot.Teams.Tests.Support;
using DeliveryBot.TestKit;
using Microsoft.Extensions.DependencyInjection;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;

namespace DeliveryBot.Teams.Tests.Cards;

/// <summary>
/// Clicking a gate card, through real invoke activities: the holder acknowledges; the wrong person, a double click,
/// a Teams retry, a stale card and a tampered payload change nothing and say why; a hundred clicks at once change
/// the record once.
/// </summary>
public sealed class GateCardTests : IAsyncLifetime
{
    private const string Gate = "schedule-acknowledged-pla";
    private ChannelFactory _bot = null!;
    private HttpClient _http = null!;
    private IDeliveryStore _store = null!;
    private long _drawnAt;

    public async Task InitializeAsync()
    {
        _bot = new ChannelFactory(new Dictionary<string, string?>());
        _http = _bot.CreateClient();
        _store = _bot.Services.GetRequiredService<IDeliveryStore>();
        var delivery = Scenario.Opened().Planned().Delivery;
        await _store.SaveAsync(Contoso.Own(delivery), 0, Scenario.Start);
        _drawnAt = delivery.Version;
    }

    private async Task<JsonElement> ClickAsync(
        string who, string id, string? data = null, string verb = "gate.acknowledge")
    {
        var json = Activities.Invoke(new Uri("http://127.0.0.1:1/"), verb,
            data ?? $$"""{"card":"gate","deliveryId":"D1","focus":"{{Gate}}","version":{{_drawnAt}}}""",
            $"oid-{who.ToLowerInvariant()}", who, id);
        using var response = await _http.PostAsync(
            new Uri("/api/messages", UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static string Texts(JsonElement response) => string.Join(" | ", Blocks(response));

    /// <summary>The text of each body element: a TextBlock's text, or a RichTextBlock's runs (user text goes in runs,
    /// never markdown).</summary>
    private static IEnumerable<string> Blocks(JsonElement response)
        => response.GetProperty("value").GetProperty("body").EnumerateArray()
            .Select(b => b.TryGetProperty("text", out var t)
            ? t.GetString()!
            : string.Concat(b.GetProperty("inlines").EnumerateArray().Select(r => r.GetProperty("text").GetString())));
    private static bool HasButton(JsonElement response)
        => response.GetProperty("value").GetProperty("actions").GetArrayLength() > 0;

    [Fact]
    public async Task The_holder_acknowledges_and_the_card_is_redrawn_decided_without_its_button()
    {
        var response = await ClickAsync("Pablo", "click-1");

        Assert.Equal("application/vnd.microsoft.card.adaptive", response.GetProperty("type").GetString());
        Assert.Contains("✅ Schedule acknowledged by Pablo at 2026-", Texts(response));
        Assert.False(HasButton(response));
        Assert.NotNull((await _store.FindAsync(Contoso.Key("D1")))!.DecisionFor(Checks.ScheduleAcknowledgedByPla));
    }

    [Fact]
    public async Task The_wrong_person_is_told_who_can_act_and_nothing_changes()
    {
        var response = await ClickAsync("Diego", "click-1");

        Assert.Contains("Only the Production Line Architect (Pablo) can do this.", Texts(response));
        Assert.False(HasButton(response)); // his own view of the card: the button is Pablo's
        Assert.Equal(_drawnAt, (await _store.FindAsync(Contoso.Key("D1")))!.Version);
    }

    [Fact]
    public async Task A_double_click_and_a_teams_retry_answer_with_the_first_outcome()
    {
        await ClickAsync("Pablo", "click-1");
        var version = (await _store.FindAsync(Contoso.Key("D1")))!.Version;

        var doubleClick = await ClickAsync("Pablo", "click-2");
        var retry = await ClickAsync("Pablo", "click-1");

        Assert.Contains("Schedule acknowledged by Pablo at", Texts(doubleClick));
        Assert.Contains("Schedule acknowledged by Pablo at", Texts(retry));
        Assert.Equal(version, (await _store.FindAsync(Contoso.Key("D1")))!.Version);
    }

    /// <summary>Someone else changes the stored delivery after the card was drawn.</summary>
    private async Task<long> ChangeAsync(Domain.People.Person who, Domain.Deliveries.DeliveryCommand command)
    {
        var d = (await _store.FindAsync(Contoso.Key("D1")))!;
        var read = d.Version;
        var outcome = d.Execute(
            command, new Domain.Deliveries.CommandMeta($"change-{read}", who, Scenario.Start, "test"));
        Assert.True(outcome.Changed, outcome.Message);
        await _store.SaveAsync(d, read, Scenario.Start);
        return d.Version;
    }

    [Fact]
    public async Task The_pla_acknowledges_from_a_card_drawn_before_the_dm_logged_the_initial_communication()
    {
        await ChangeAsync(TestKit.Cast.Dana, new Domain.Commands.RecordClientCommunication(
            Domain.Record.CommunicationType.InitialCommunication, "Schedule sent to Contoso"));

        var response = await ClickAsync("Pablo", "click-1");

        Assert.Contains("✅ Schedule acknowledged by Pablo at 2026-", Texts(response));
        Assert.DoesNotContain("version", Texts(response), StringComparison.OrdinalIgnoreCase);
        Assert.NotNull((await _store.FindAsync(Contoso.Key("D1")))!.DecisionFor(Checks.ScheduleAcknowledgedByPla));
    }

    [Fact]
    public async Task A_card_drawn_before_the_schedule_was_edited_is_refused_with_why_and_shown_as_it_is_now()
    {
        var now = await ChangeAsync(TestKit.Cast.Dana, new Domain.Commands.RescheduleMilestone(
            Domain.Milestones.Milestone.ProductionComplete, new DateOnly(2026, 3, 19), "Talent ready a day early"));

        var response = await ClickAsync("Pablo", "click-1");

        var texts = Texts(response);
        Assert.Contains("This card was out of date: since it was drawn, the schedule changed", texts);
        Assert.Contains("Talent ready a day early", texts);
        Assert.DoesNotContain("version", texts, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(now, response.GetProperty("value").GetProperty("actions")[0].GetProperty("data")
            .GetProperty("version").GetInt64());
        Assert.Contains("2026-03-19", response.GetRawText());
        Assert.Null((await _store.FindAsync(Contoso.Key("D1")))!.DecisionFor(Checks.ScheduleAcknowledgedByPla));
    }

    [Theory]
    [InlineData("""{"card":"gate","deliveryId":"D1","focus":"launch-missiles","version":5}""")]
    [InlineData(
        """{"card":"gate","deliveryId":"D1; drop table deliveries","focus":"schedule-acknowledged-pla","version":5}""")]
    [InlineData("""{"card":"gate","deliveryId":"D1","focus":"schedule-acknowledged-pla","version":"5"}""")]
    [InlineData("""{"card":"gate","deliveryId":"D1","focus":"schedule-acknowledged-pla","version":-1}""")]
    [InlineData("""{"card":"missiles","deliveryId":"D1","focus":"schedule-acknowledged-pla","version":5}""")]
    [InlineData("""{"card":"status","deliveryId":"D1","focus":"schedule-acknowledged-pla","version":5}""")]
    [InlineData("""{"deliveryId":"D1","focus":"schedule-acknowledged-pla","version":5}""")]
    [InlineData("""{"focus":"schedule-acknowledged-pla"}""")]
    public async Task A_tampered_payload_is_refused_and_changes_nothing(string data)
    {
        var response = await ClickAsync("Pablo", "click-1", data);

        Assert.Equal("application/vnd.microsoft.error", response.GetProperty("type").GetString());
        Assert.Equal(_drawnAt, (await _store.FindAsync(Contoso.Key("D1")))!.Version);
    }

    [Fact]
    public async Task An_unknown_verb_is_refused()
        => Assert.Contains("no action 'launch'", (await ClickAsync("Pablo", "click-1", verb: "launch"))
            .GetProperty("value").GetProperty("message").GetString());

    [Fact]
    public async Task A_hundred_identical_clicks_at_once_change_the_record_once()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => ClickAsync("Pablo", $"click-{i}")));

        var delivery = (await _store.FindAsync(Contoso.Key("D1")))!;
        Assert.Equal(_drawnAt + 1, delivery.Version);
        Assert.Single(delivery.State.Decisions, x => x.CheckKey == Gate && x.Stands);
        var notes = responses.Select(r => Blocks(r)
            .Where(t => t.StartsWith("ℹ️ Schedule acknowledged", StringComparison.Ordinal)).ToList()).ToList();
        // the one click that decided
        Assert.Single(notes, n => n.Count == 0);
        Assert.Equal(99, notes.Count(
            n => n.Count == 1
                && n[0].StartsWith("ℹ️ Schedule acknowledged by Pablo at", StringComparison.Ordinal)));
        Assert.All(responses, r => Assert.Contains("✅ Schedule acknowledged by Pablo at", Texts(r)));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _bot.DisposeAsync();
    }
}
