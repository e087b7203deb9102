using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Incidents;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Teams.Tests.Cards;

/// <summary>
/// The SLA dashboard through real activities: `sla D1` posts the seed's dashboard for this month (March 2026, London);
/// Record performance (the DM, the Deployment Specialist or an open incident's commander), Set targets (the DM) and
/// Schedule maintenance (the DM or the Deployment Specialist) apply what is typed; bad numbers and dates are answered
/// and change nothing, and so does a click by someone without the role.
/// </summary>
public sealed class SlaCardTests : DeliveryCardClicks
{
    /// <summary>Live, with a 15-minute SEV-1 outage ending at the bot's clock (2 March 2026 11:00).</summary>
    private static Scenario LiveWithOutage()
    {
        var s = Scenario.Opened().ToHandover();
        s.Clock.Set(Scenario.Start.AddHours(1));
        s.Ok(Pablo, new DeclareIncident("Invoices not triaged", Severity.Sev1, "Invoice intake",
            s.Clock.GetUtcNow().AddMinutes(-15), IsOutage: true));
        s.Ok(Diego, new AcknowledgeIncident("I1"));
        s.Ok(Diego, new ResolveIncident("I1", "Restarted the consumer", "A stuck lease"));
        return s;
    }

    private static Dictionary<string, System.Text.Json.Nodes.JsonNode?> Reading(string latency, string errors)
        => Values(("latency", latency), ("errorRate", errors));

    private static Dictionary<string, System.Text.Json.Nodes.JsonNode?> Targets(
        string availability, string latency, string errors)
        => Values(("availability", availability), ("latency", latency), ("errorRate", errors));

    private static Dictionary<string, System.Text.Json.Nodes.JsonNode?> Window(
        string startDate, string startTime, string endDate, string endTime, string reason = "Database upgrade")
        => Values(("startDate", startDate), ("startTime", startTime), ("endDate", endDate), ("endTime", endTime),
            ("reason", reason));

    [Fact]
    public async Task The_sla_command_posts_the_seed_s_dashboard_for_this_month()
    {
        await StoreAsync(LiveWithOutage());

        var reply = await SayAsync(Dana, "sla D1");

        var card = reply.GetProperty("attachments")[0].GetProperty("content");
        Assert.Equal("sla", card.GetProperty("refresh").GetProperty("action").GetProperty("data").GetProperty("card")
            .GetString());
        var texts = Texts(card);
        Assert.Contains("Service: Invoice Triage Agent | Period: March 2026", texts, StringComparison.Ordinal);
        Assert.Contains("Availability | Target: 99.9 % | Actual: 99.29 % | ✓ Met | Downtime allowed 43.8 min, used "
            + "15.0 min, remaining 28.8 min ✓", texts, StringComparison.Ordinal);
        Assert.Contains("Latency p99 | Target: < 500 ms | Actual: no reading | — | Error rate | Target: < 0.1 % | "
            + "Actual: no reading | — | No performance reading yet.", texts, StringComparison.Ordinal);
        Assert.Contains("SEV-1 response | Target: 15 min | Actual: avg 15.0 min (1 incident) | ✓ Met", texts,
            StringComparison.Ordinal);
        Assert.Contains("Used: 15.0 min of 43.8 min | Remaining: 28.8 min (66 % remaining) | Burn rate: 7.3× "
            + "(burning faster than the month)", texts, StringComparison.Ordinal);
        var dm = await SeenByAsync(Dana, "sla");
        Assert.Equal(["Record performance", "Record", "Set targets", "Set the targets", "Schedule maintenance",
            "Schedule"], Buttons(dm));
        Assert.Equal(["Record performance", "Record", "Schedule maintenance", "Schedule"],
            Buttons(await SeenByAsync(Diego, "sla")));
        Assert.Empty(Buttons(await SeenByAsync(Quinn, "sla")));
    }

    [Fact]
    public async Task Before_go_live_the_availability_is_not_shown_as_met()
    {
        await StoreAsync(Scenario.Opened().ToProduction());

        var texts = Texts(await SeenByAsync(Dana, "sla"));

        Assert.Contains("Availability | Target: 99.9 % | Actual: not live yet | —", texts, StringComparison.Ordinal);
        Assert.Contains("D1 is not live yet: its service level starts at go-live.", texts, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reading_is_recorded_and_shown_against_the_targets()
    {
        await StoreAsync(LiveWithOutage());

        var recorded = await ClickAsync(Diego, "sla", "sla.record", Reading("650", "0.05%"));

        Assert.Contains("Latency p99 | Target: < 500 ms | Actual: 650 ms | ✗ Missed | Error rate | Target: < 0.1 % | "
            + "Actual: 0.05 % | ✓ Met | Last reading 2026-03-02 11:00 by Diego.", Texts(recorded),
            StringComparison.Ordinal);
        var reading = Assert.Single((await NowAsync()).State.ServiceLevel.Readings);
        Assert.Equal((650, 0.05m), (reading.LatencyP99Ms, reading.ErrorRatePercent));
    }

    [Theory]
    [InlineData("fast", "0.05", "The latency p99: 'fast' is not a whole number.")]
    [InlineData("", "0.05", "The latency p99 is required")]
    [InlineData("320", "0,05", "The error rate: '0,05' is not a number (use a point for decimals")]
    [InlineData("320", "", "The error rate is required")]
    [InlineData("0", "0.05", "The latency p99 is a whole number of milliseconds from 1 to 60000.")]
    [InlineData("320", "120", "The error rate is a percentage from 0 to 100")]
    public async Task A_bad_reading_is_answered_and_changes_nothing(string latency, string errors, string why)
    {
        var stored = await StoreAsync(LiveWithOutage());

        var answer = await ClickAsync(Diego, "sla", "sla.record", Reading(latency, errors));

        Assert.Contains(why, Texts(answer), StringComparison.Ordinal);
        Assert.Equal(stored.Version, (await NowAsync()).Version);
    }

    [Fact]
    public async Task The_dm_sets_the_targets_and_nobody_else_may()
    {
        var stored = await StoreAsync(LiveWithOutage());

        var diego = await ClickAsync(Diego, "sla", "sla.targets", Targets("99.5", "300", "0.5"));
        var bad = await ClickAsync(Dana, "sla", "sla.targets", Targets("99.9.9", "300", "0.5"));
        var whole = await ClickAsync(Dana, "sla", "sla.targets", Targets("99.5", "0.3", "0.5"));
        var full = await ClickAsync(Dana, "sla", "sla.targets", Targets("100", "300", "0.5"));

        Assert.Contains("🚫 Only", Texts(diego), StringComparison.Ordinal);
        Assert.Contains("The availability target: '99.9.9' is not a number", Texts(bad), StringComparison.Ordinal);
        Assert.Contains("The latency p99 target: '0.3' is not a whole number.", Texts(whole), StringComparison.Ordinal);
        Assert.Contains("The availability target is a percentage from 90 to below 100", Texts(full),
            StringComparison.Ordinal);
        Assert.Equal(stored.Version, (await NowAsync()).Version);

        var set = await ClickAsync(Dana, "sla", "sla.targets", Targets("99.5", "300", "0.5"));

        Assert.Contains("Availability | Target: 99.5 % |", Texts(set), StringComparison.Ordinal);
        Assert.Contains("Downtime allowed 219.2 min, used 15.0 min", Texts(set), StringComparison.Ordinal);
        Assert.Contains("Latency p99 | Target: < 300 ms", Texts(set), StringComparison.Ordinal);
        Assert.Equal(99.5m, (await NowAsync()).State.ServiceLevel.AvailabilityPercent);
    }

    [Fact]
    public async Task Maintenance_is_scheduled_by_the_dm_or_the_deployment_specialist_with_an_end_after_its_start()
    {
        var stored = await StoreAsync(LiveWithOutage());

        var pablo = await ClickAsync(Pablo, "sla", "sla.maintenance", Window("2026-03-08", "01:00", "2026-03-08",
            "02:00"));
        var backwards = await ClickAsync(Diego, "sla", "sla.maintenance", Window("2026-03-08", "02:00",
            "2026-03-08", "01:00"));
        var badDate = await ClickAsync(Diego, "sla", "sla.maintenance", Window("2026-13-08", "01:00",
            "2026-03-08", "02:00"));
        var badTime = await ClickAsync(Diego, "sla", "sla.maintenance", Window("2026-03-08", "1 am",
            "2026-03-08", "02:00"));
        var noEnd = await ClickAsync(Diego, "sla", "sla.maintenance", Window("2026-03-08", "01:00", "", ""));
        var noReason = await ClickAsync(Diego, "sla", "sla.maintenance", Window("2026-03-08", "01:00",
            "2026-03-08", "02:00", reason: ""));

        Assert.Contains("🚫 Only", Texts(pablo), StringComparison.Ordinal);
        Assert.Contains("The maintenance must end after it starts.", Texts(backwards), StringComparison.Ordinal);
        Assert.Contains("The start: '2026-13-08' is not a date", Texts(badDate), StringComparison.Ordinal);
        Assert.Contains("The start: '1 am' is not a time", Texts(badTime), StringComparison.Ordinal);
        Assert.Contains("Pick when the maintenance starts and ends", Texts(noEnd), StringComparison.Ordinal);
        Assert.Contains("Say why the maintenance is needed.", Texts(noReason), StringComparison.Ordinal);
        Assert.Equal(stored.Version, (await NowAsync()).Version);

        var scheduled = await ClickAsync(Diego, "sla", "sla.maintenance", Window("2026-03-08", "01:00", "2026-03-08",
            "02:00"));

        Assert.Contains("Coming: 2026-03-08 01:00 to 2026-03-08 02:00: Database upgrade.", Texts(scheduled),
            StringComparison.Ordinal);
        Assert.Single((await NowAsync()).State.ServiceLevel.Maintenance);
    }

    [Fact]
    public async Task A_closed_delivery_s_card_stays_live_for_readings()
    {
        var s = Scenario.Opened().Reviewed();
        s.Ok(Dana, new CloseDelivery());
        s.Clock.Set(Scenario.Start.AddHours(1));
        await StoreAsync(s);

        var recorded = await ClickAsync(Dana, "sla", "sla.record", Reading("320", "0.01"));

        Assert.Contains("Actual: 320 ms | ✓ Met", Texts(recorded), StringComparison.Ordinal);
        Assert.Contains("Record performance", Buttons(await SeenByAsync(Diego, "sla")));
    }
}
