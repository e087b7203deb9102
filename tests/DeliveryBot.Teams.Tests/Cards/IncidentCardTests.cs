using DeliveryBot.Application.Messages;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Incidents;
using DeliveryBot.TestKit;
using Microsoft.Extensions.DependencyInjection;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Teams.Tests.Cards;

/// <summary>
/// Incidents through real activities: `incident D1` posts the form with the seed's severity levels; declaring sends
/// the incident's card to its commander and the team; the commander acknowledges, posts updates (the team told),
/// changes the severity with a reason (the targets follow) and resolves it with the fix; the DM sets the clock the
/// targets run on; `incident D1-I1` gives the report. Bad input, the wrong person and a double click change nothing.
/// </summary>
public sealed class IncidentCardTests : DeliveryCardClicks
{
    private static Scenario Live() => Scenario.Opened().ToHandover();

    private Task IdleAsync() => Bot.Services.GetRequiredService<OutboxDispatcher>().WhenIdleAsync();

    private int Sent(string what)
        => Connector.Sends.Count(c => c.Method == "POST" && c.Body.Contains(what, StringComparison.Ordinal));

    private static Dictionary<string, System.Text.Json.Nodes.JsonNode?> Declaration(
        params (string Name, System.Text.Json.Nodes.JsonNode? Value)[] changes)
    {
        var values = Values(("title", "Invoices stuck in the triage queue"), ("severity", "Sev2"),
            ("services", "Invoice intake"), ("outage", "true"));
        foreach (var (name, value) in changes) values[name] = value;
        return values;
    }

    private async Task<Domain.Deliveries.Delivery> DeclaredAsync()
    {
        var s = Live();
        s.Ok(Pablo, new DeclareIncident("Invoices stuck in the triage queue", Severity.Sev2, "Invoice intake",
            s.Clock.GetUtcNow(), IsOutage: true));
        return await StoreAsync(s);
    }

    [Fact]
    public async Task The_form_shows_the_seed_levels_and_declaring_sends_the_card_to_the_commander_and_the_team()
    {
        await StoreAsync(Live());
        var reply = await SayAsync(Pablo, "incident D1");
        Assert.Contains("\"card\":\"incident-form\"", reply.GetRawText(), StringComparison.Ordinal);
        var form = await SeenByAsync(Pablo, "incident-form");
        Assert.Equal(["Sev1", "Sev2", "Sev3", "Sev4"], Choices(form, "severity"));
        Assert.Contains("SEV-1 · Complete service outage, data loss or security breach: respond 15 min, resolve 4 h, "
            + "updates every 30 min (wall clock)", Texts(form), StringComparison.Ordinal);
        Assert.Contains("SEV-4 · Cosmetic issues, no customer impact: respond 8 h, resolve 5 days", Texts(form),
            StringComparison.Ordinal);
        Assert.Contains("Declare the incident", Buttons(form));
        Assert.DoesNotContain("Clock for the targets", Buttons(form));

        var declared = await ClickAsync(Pablo, "incident-form", "incident.declare", Declaration(
            ("detectedDate", "2026-03-02"), ("detectedTime", "10:45")));
        await IdleAsync();

        var incident = Assert.Single((await NowAsync()).State.Incidents);
        Assert.Equal((Diego, Severity.Sev2, true), (incident.Commander, incident.Severity, incident.IsOutage));
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 10, 45, 0, TimeSpan.Zero), incident.DetectedAt);
        Assert.Contains("Open: D1-I1 (SEV-2) Invoices stuck in the triage queue, Diego commands", Texts(declared),
            StringComparison.Ordinal);
        // the commander, the DM, the PLA who declared it, QA and the CTO: one card each
        Assert.Equal(5, Sent("\"card\":\"incident\""));
    }

    [Fact]
    public async Task Bad_input_on_the_form_and_someone_outside_the_team_change_nothing()
    {
        var stored = await StoreAsync(Live());

        var noSeverity = await ClickAsync(Pablo, "incident-form", "incident.declare",
            Declaration(("severity", "Sev9")));
        var halfTime = await ClickAsync(Pablo, "incident-form", "incident.declare",
            Declaration(("detectedDate", "2026-03-02")));
        var badTime = await ClickAsync(Pablo, "incident-form", "incident.declare",
            Declaration(("detectedDate", "2026-03-02"), ("detectedTime", "25:99")));
        var future = await ClickAsync(Pablo, "incident-form", "incident.declare",
            Declaration(("detectedDate", "2026-03-03"), ("detectedTime", "10:00")));
        var client = await ClickAsync(Cora, "incident-form", "incident.declare", Declaration());

        Assert.Contains("Pick the severity: SEV-1, SEV-2, SEV-3 or SEV-4.", Texts(noSeverity),
            StringComparison.Ordinal);
        Assert.Contains("The detection: pick both the date and the time, or neither.", Texts(halfTime),
            StringComparison.Ordinal);
        Assert.Contains("The detection: '25:99' is not a time", Texts(badTime), StringComparison.Ordinal);
        Assert.Contains("The detection time is in the future.", Texts(future), StringComparison.Ordinal);
        Assert.Contains("🚫 Only", Texts(client), StringComparison.Ordinal);
        Assert.Equal(stored.Version, (await NowAsync()).Version);
        Assert.Empty((await NowAsync()).State.Incidents);
    }

    [Fact]
    public async Task Before_go_live_the_form_says_a_problem_is_a_blocker_and_offers_no_declaration()
    {
        await StoreAsync(Scenario.Opened().ToDeployment());

        var form = await SeenByAsync(Pablo, "incident-form");

        Assert.Contains("D1 is not live yet", Texts(form), StringComparison.Ordinal);
        Assert.DoesNotContain("Declare the incident", Buttons(form));
        Assert.Null(Input(form, "title"));
    }

    [Fact]
    public async Task The_commander_acknowledges_once_and_nobody_else_but_the_dm_may()
    {
        await DeclaredAsync();
        var card = await SeenByAsync(Diego, "incident", "I1");
        Assert.Equal(
            ["Acknowledge", "Post an update", "Post the update", "Change severity", "Change the severity", "Resolve",
                "Resolve the incident"],
            Buttons(card));
        // the bot's clock is an hour after the detection: the 30-minute response target is missed already
        Assert.Contains("Response | ⚠️ Missed: was due by 2026-03-02 10:30 (30 min, wall clock)", Texts(card),
            StringComparison.Ordinal);
        Assert.Empty(Buttons(await SeenByAsync(Quinn, "incident", "I1")));

        var quinn = await ClickAsync(Quinn, "incident", "incident.acknowledge", focus: "I1");
        var ack = await ClickAsync(Diego, "incident", "incident.acknowledge", focus: "I1");
        var twice = await ClickAsync(Dana, "incident", "incident.acknowledge", focus: "I1");

        Assert.Contains("🚫 Only its commander (Diego) or", Texts(quinn), StringComparison.Ordinal);
        Assert.Contains("Response | Acknowledged by Diego at 2026-03-02 11:00 (past the 30 min target)", Texts(ack),
            StringComparison.Ordinal);
        Assert.DoesNotContain("Acknowledge", Buttons(ack));
        Assert.Contains("was acknowledged by Diego at 2026-03-02 11:00", Texts(twice), StringComparison.Ordinal);
        Assert.True(Diego.IsSameAs(Assert.Single((await NowAsync()).State.Incidents).AcknowledgedBy!));
    }

    [Fact]
    public async Task An_update_reaches_the_team_and_a_new_severity_needs_a_reason_and_moves_the_targets()
    {
        await DeclaredAsync();

        var empty = await ClickAsync(Diego, "incident", "incident.update", focus: "I1");
        var update = await ClickAsync(Diego, "incident", "incident.update",
            Values(("update", "Queue worker restarted; draining the backlog.")), focus: "I1");
        await IdleAsync();
        var noReason = await ClickAsync(Diego, "incident", "incident.severity", Values(("severity", "Sev1")),
            focus: "I1");
        var raised = await ClickAsync(Diego, "incident", "incident.severity",
            Values(("severity", "Sev1"), ("reason", "Invoices are being lost")), focus: "I1");

        Assert.Contains("Write the update.", Texts(empty), StringComparison.Ordinal);
        Assert.Contains("Update by Diego: Queue worker restarted; draining the backlog.", Texts(update),
            StringComparison.Ordinal);
        // the DM, the PLA, QA and the CTO are told; Diego wrote it
        Assert.Equal(4, Sent("update by Diego: Queue worker restarted"));
        Assert.Contains("Say why the severity changes.", Texts(noReason), StringComparison.Ordinal);
        Assert.Contains("SEV-1: Invoices stuck in the triage queue", Texts(raised), StringComparison.Ordinal);
        Assert.Contains("Resolution | Due by 2026-03-02 14:00 (4 h, wall clock)", Texts(raised),
            StringComparison.Ordinal);
        Assert.DoesNotContain("Sev1", Choices(raised, "severity"));
    }

    [Fact]
    public async Task Resolving_needs_the_fix_and_root_cause_and_a_whole_restoration_time_then_the_card_is_done()
    {
        await DeclaredAsync();

        var noCause = await ClickAsync(Diego, "incident", "incident.resolve", Values(("fix", "Restarted")),
            focus: "I1");
        var halfTime = await ClickAsync(Diego, "incident", "incident.resolve",
            Values(("fix", "Restarted"), ("rootCause", "Memory leak"), ("restoredTime", "10:40")), focus: "I1");
        var resolved = await ClickAsync(Diego, "incident", "incident.resolve",
            Values(("fix", "Restarted the worker."), ("rootCause", "A memory leak in the parser."),
                ("restoredDate", "2026-03-02"), ("restoredTime", "10:40")), focus: "I1");
        var again = await ClickAsync(Dana, "incident", "incident.resolve",
            Values(("fix", "Again"), ("rootCause", "Again")), focus: "I1");

        Assert.Contains("Give the root cause.", Texts(noCause), StringComparison.Ordinal);
        Assert.Contains("The restoration: pick both the date and the time, or neither.", Texts(halfTime),
            StringComparison.Ordinal);
        Assert.Contains("Resolution | Service restored at 2026-03-02 10:40 (within the 8 h target)", Texts(resolved),
            StringComparison.Ordinal);
        Assert.Contains("Resolved by Diego at 2026-03-02 11:00: Restarted the worker.", Texts(resolved),
            StringComparison.Ordinal);
        Assert.Empty(Buttons(resolved));
        Assert.Contains("was resolved by Diego", Texts(again), StringComparison.Ordinal);
        var incident = Assert.Single((await NowAsync()).State.Incidents);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 10, 40, 0, TimeSpan.Zero), incident.Resolution!.RestoredAt);
    }

    [Fact]
    public async Task The_dm_puts_every_severity_on_one_clock_and_nobody_else_can()
    {
        var stored = await StoreAsync(Live());
        var form = await SeenByAsync(Dana, "incident-form");
        Assert.Contains("Clock for the targets", Buttons(form));
        Assert.Equal(["Seed", "Wall", "Business"], Choices(form, "clock"));

        var pablo = await ClickAsync(Pablo, "incident-form", "incident.clock", Values(("clock", "Wall")));
        var unknown = await ClickAsync(Dana, "incident-form", "incident.clock", Values(("clock", "Lunar")));
        Assert.Contains("🚫 Only", Texts(pablo), StringComparison.Ordinal);
        Assert.Contains("Pick the clock from the list.", Texts(unknown), StringComparison.Ordinal);
        Assert.Equal(stored.Version, (await NowAsync()).Version);

        var wall = await ClickAsync(Dana, "incident-form", "incident.clock", Values(("clock", "Wall")));

        Assert.Contains("SEV-3 · Minor feature impact, a workaround available: respond 2 h, resolve 24 h, updates "
            + "every 4 h (wall clock)", Texts(wall), StringComparison.Ordinal);
        Assert.Equal(IncidentClock.Wall, (await NowAsync()).State.Settings.IncidentClock);
        Assert.Contains("already run on the wall clock",
            Texts(await ClickAsync(Dana, "incident-form", "incident.clock", Values(("clock", "Wall")))),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_chat_incident_d1_i1_gives_the_report_and_its_card_and_an_unknown_one_says_so()
    {
        await DeclaredAsync();

        var report = (await SayAsync(Dana, "incident D1-I1")).GetProperty("text").GetString();
        var card = (await SayAsync(Dana, "incident d1-i1 card")).GetRawText();
        var unknown = (await SayAsync(Dana, "incident D1-I7")).GetProperty("text").GetString();

        Assert.Contains("# Incident Report: INC-D1-1", report, StringComparison.Ordinal);
        Assert.Contains("\"card\":\"incident\"", card, StringComparison.Ordinal);
        Assert.Contains("There is no incident `I7` on D1: it has I1 to I1.", unknown, StringComparison.Ordinal);
    }
}
