using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Incidents;
using DeliveryBot.Domain.Record;
using DeliveryBot.Domain.Service;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Service;

/// <summary>
/// The SLA of the service D1 put live (Europe/London): the seed's worked example, outages clipped to the month in the
/// delivery's zone, overlapping ones counted once, an open one counting to now, maintenance taken out, a DST month;
/// performance against the last reading; the response per severity; and the commands that set it, bad input and the
/// wrong people refused with nothing changed.
/// </summary>
public sealed class ServiceLevelTests
{
    private static readonly DateOnly March = new(2026, 3, 1);

    /// <summary>Live, the clock at the given hour London time on the given day of 2026.</summary>
    private static Scenario LiveAt(int day, int hour, int month = 3)
    {
        var s = Scenario.Opened().ToHandover();
        s.Clock.Set(s.Delivery.Calendar.ToInstant(new DateOnly(2026, month, day), new TimeOnly(hour, 0)));
        return s;
    }

    private static (DateOnly, TimeOnly) Local(int month, int day, int hour, int minute)
        => (new DateOnly(2026, month, day), new TimeOnly(hour, minute));

    /// <summary>
    /// An outage detected at the local moment, restored <paramref name="minutes"/> later (open if null).
    /// </summary>
    private static void Outage(Scenario s, (DateOnly, TimeOnly) detected, int? minutes, Severity sev = Severity.Sev1)
    {
        s.Ok(Pablo, new DeclareIncident("Invoices not triaged", sev, "Invoice intake", IsOutage: true)
        {
            DetectedLocally = detected,
        });
        var id = $"I{s.Delivery.State.Incidents.Count}";
        if (minutes is { } m)
            s.Ok(Diego, new ResolveIncident(id, "Restarted the consumer", "A stuck lease",
                RestoredAt: s.Delivery.FindIncident(id)!.DetectedAt.AddMinutes(m)));
    }

    private static ServiceLevelReport Report(Scenario s, DateOnly? month = null)
        => s.Delivery.ServiceLevelIn(month ?? March, s.Clock.GetUtcNow());

    [Fact]
    public void The_seed_s_worked_example_15_and_5_minutes_leave_23_8_minutes_54_percent()
    {
        var s = LiveAt(16, 12);
        Outage(s, Local(3, 3, 10, 0), 15);
        Outage(s, Local(3, 10, 14, 0), 5);

        var report = Report(s);

        Assert.Equal(20, report.Budget.Used.TotalMinutes, 6);
        Assert.Equal(43.8, Math.Round(report.Budget.Budget.TotalMinutes, 1));
        Assert.Equal(23.8, Math.Round(report.Budget.Remaining.TotalMinutes, 1));
        Assert.Equal(54, (int)Math.Round((1 - report.Budget.UsedShare) * 100));
        Assert.Equal(TimeSpan.Zero, report.MaintenanceExcluded);
        Assert.Equal(TargetStatus.Met, report.Availability);
        // 20 minutes out of the 15.5 days gone (less the DST hour not yet reached): 99.91 %
        var elapsed = s.Clock.GetUtcNow() - report.Period.Start;
        Assert.Equal(100 * (1 - (20 / elapsed.TotalMinutes)), report.AvailabilityAchievedPercent!.Value, 6);
        Assert.Equal(99.91, Math.Round(report.AvailabilityAchievedPercent.Value, 2));
    }

    [Fact]
    public void An_outage_across_midnight_at_the_month_s_end_counts_in_each_month_in_the_delivery_s_zone()
    {
        var s = LiveAt(1, 1, month: 4);
        // 23:50 BST on 31 March is 22:50 UTC: in UTC the whole outage would be March's
        Outage(s, Local(3, 31, 23, 50), 30);

        Assert.Equal(10, Report(s).Budget.Used.TotalMinutes, 6);
        Assert.Equal(20, Report(s, new DateOnly(2026, 4, 1)).Budget.Used.TotalMinutes, 6);
    }

    [Fact]
    public void Overlapping_outages_count_once()
    {
        var s = LiveAt(16, 12);
        Outage(s, Local(3, 16, 10, 0), 30);
        Outage(s, Local(3, 16, 10, 20), 20, Severity.Sev2);

        Assert.Equal(40, Report(s).Budget.Used.TotalMinutes, 6);
    }

    [Fact]
    public void An_open_outage_counts_to_now()
    {
        var s = LiveAt(16, 12);
        Outage(s, Local(3, 16, 11, 40), minutes: null);

        Assert.Equal(20, Report(s).Budget.Used.TotalMinutes, 6);
        s.Later(TimeSpan.FromMinutes(10));
        Assert.Equal(30, Report(s).Budget.Used.TotalMinutes, 6);
        // as of an earlier moment, only what had passed by then
        Assert.Equal(5, s.Delivery.ServiceLevelIn(March, s.Clock.GetUtcNow().AddMinutes(-25)).Budget.Used.TotalMinutes,
            6);
    }

    [Fact]
    public void Scheduled_maintenance_overlapping_an_outage_is_taken_out()
    {
        var s = LiveAt(16, 12);
        s.Ok(Diego, new ScheduleMaintenance(Local(3, 16, 10, 20), Local(3, 16, 11, 0), "Database upgrade"));
        Outage(s, Local(3, 16, 10, 0), 30);

        var report = Report(s);

        // 10:00-10:30 down, 10:20-11:00 maintenance: 20 minutes count
        Assert.Equal(20, report.Budget.Used.TotalMinutes, 6);
        Assert.Equal(40, report.MaintenanceExcluded.TotalMinutes, 6);
    }

    [Fact]
    public void A_dst_month_is_an_hour_short_and_an_outage_across_the_change_counts_its_real_minutes()
    {
        var s = LiveAt(29, 12);
        // 00:30 GMT to 02:30 BST on 29 March: the clocks skip 01:00-02:00, so one real hour
        Outage(s, Local(3, 29, 0, 30), 60);

        var report = Report(s);

        Assert.Equal(TimeSpan.FromDays(31) - TimeSpan.FromHours(1), report.Period.Length);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), report.Period.Start);
        Assert.Equal(new DateTimeOffset(2026, 3, 31, 23, 0, 0, TimeSpan.Zero), report.Period.End);
        Assert.Equal(60, report.Budget.Used.TotalMinutes, 6);
        Assert.Equal(TargetStatus.Missed, report.Availability);
        Assert.Equal(TimeSpan.Zero, report.Budget.Remaining);
    }

    [Fact]
    public void Performance_is_judged_on_the_last_reading_against_the_targets()
    {
        var s = LiveAt(16, 12);
        Assert.Equal(
            (TargetStatus.NoData, TargetStatus.NoData), (Report(s).Latency.Status, Report(s).ErrorRate.Status));

        s.Ok(Diego, new RecordPerformance(650, 0.05m));
        s.Later(TimeSpan.FromHours(1));
        var recorded = s.Ok(Dana, new RecordPerformance(320, 0.2m));

        var report = Report(s);
        Assert.Equal((500m, 320m, TargetStatus.Met), (report.Latency.Target, report.Latency.Actual,
            report.Latency.Status));
        Assert.Equal((0.1m, 0.2m, TargetStatus.Missed), (report.ErrorRate.Target, report.ErrorRate.Actual,
            report.ErrorRate.Status));
        Assert.Equal("Performance of D1 recorded by Dana: latency p99 320 ms (met, target < 500 ms), error rate 0.2 % "
            + "(missed, target < 0.1 %).", recorded.Message);
    }

    [Fact]
    public void Support_averages_each_severity_s_response_and_judges_it_on_each_incident_s_due()
    {
        var s = LiveAt(16, 12);
        s.Ok(Pablo, new DeclareIncident("Down", Severity.Sev1, "Invoice intake", s.Clock.GetUtcNow().AddMinutes(-12)));
        s.Ok(Diego, new AcknowledgeIncident("I1"));
        s.Ok(Pablo, new DeclareIncident("Slow", Severity.Sev2, "Invoice intake", s.Clock.GetUtcNow().AddMinutes(-40)));
        s.Ok(Diego, new AcknowledgeIncident("I2"));

        var support = Report(s).Support;

        Assert.Equal(
            [
                (Severity.Sev1, "15 min", (TimeSpan?)TimeSpan.FromMinutes(12), TargetStatus.Met),
                (Severity.Sev2, "30 min", TimeSpan.FromMinutes(40), TargetStatus.Missed),
                (Severity.Sev3, "2 h", null, TargetStatus.NoData),
                (Severity.Sev4, "8 h", null, TargetStatus.NoData),
            ],
            support.Select(x => (x.Severity, x.Response.ToString(), x.AverageResponse, x.Status)));
    }

    [Fact]
    public void The_dm_sets_the_targets_and_the_budget_follows()
    {
        var s = LiveAt(16, 12);
        Outage(s, Local(3, 16, 10, 0), 30);

        var set = s.Ok(Dana, new SetServiceLevel(99.5m, 300, 0.5m));

        Assert.Equal("Service level of D1 set by Dana: availability 99.5 %, latency p99 < 300 ms, error rate < 0.5 %.",
            set.Message);
        Assert.Equal(219.2, Math.Round(Report(s).Budget.Budget.TotalMinutes, 1));
        Assert.Equal(300m, Report(s).Latency.Target);
    }

    [Theory]
    [InlineData(100, 500, 0.1, "availability target is a percentage from 90 to below 100")]
    [InlineData(89.9, 500, 0.1, "availability target is a percentage from 90 to below 100")]
    [InlineData(99.9, 0, 0.1, "latency p99 target is a whole number of milliseconds from 1 to 60000")]
    [InlineData(99.9, 500, -1, "error rate target is a percentage from 0 to 100")]
    [InlineData(99.9, 500, 0, "error rate target is above 0 %")]
    [InlineData(99.9, 500, 0.1, "already availability 99.9 %")]
    public void Bad_targets_are_refused_and_nothing_changes(double availability, int latency, double errors, string why)
    {
        var s = LiveAt(16, 12);
        var before = s.Delivery.State;

        var outcome = s.Do(Dana, new SetServiceLevel((decimal)availability, latency, (decimal)errors));

        Assert.Equal(OutcomeKind.Refused, outcome.Kind);
        Assert.Contains(why, outcome.Message);
        Assert.Same(before, s.Delivery.State);
    }

    [Fact]
    public void Only_the_dm_sets_targets_and_only_the_dm_ds_or_a_commander_record_or_schedule()
    {
        var s = LiveAt(16, 12);
        var before = s.Delivery.State;

        var targets = s.Do(Diego, new SetServiceLevel(99.5m, 300, 0.5m));
        var reading = s.Do(Quinn, new RecordPerformance(300, 0.01m));
        var maintenance = s.Do(Pablo, new ScheduleMaintenance(Local(3, 17, 1, 0), Local(3, 17, 2, 0), "Upgrade"));

        Assert.All([targets, reading, maintenance], o => Assert.Equal(OutcomeKind.Forbidden, o.Kind));
        Assert.Contains("Only the DM, the Deployment Specialist or the commander of an open incident", reading.Message);
        Assert.Same(before, s.Delivery.State);
    }

    [Theory]
    [InlineData(0, 0.1, "latency p99 is a whole number of milliseconds")]
    [InlineData(60001, 0.1, "latency p99 is a whole number of milliseconds")]
    [InlineData(300, 101, "error rate is a percentage from 0 to 100")]
    public void Bad_readings_are_refused_and_nothing_changes(int latency, double errors, string why)
    {
        var s = LiveAt(16, 12);
        var before = s.Delivery.State;

        var outcome = s.Do(Diego, new RecordPerformance(latency, (decimal)errors));

        Assert.Contains(why, outcome.Message);
        Assert.Same(before, s.Delivery.State);
    }

    [Fact]
    public void Readings_wait_for_go_live()
    {
        var s = Scenario.Opened().ToDeployment();

        var outcome = s.Do(Diego, new RecordPerformance(300, 0.01m));

        Assert.Equal(OutcomeKind.Refused, outcome.Kind);
        Assert.Contains("once the delivery is live", outcome.Message);
    }

    [Fact]
    public void Maintenance_must_end_after_it_starts_and_have_a_reason()
    {
        var s = LiveAt(16, 12);
        var before = s.Delivery.State;

        var backwards = s.Do(Dana, new ScheduleMaintenance(Local(3, 17, 2, 0), Local(3, 17, 1, 0), "Upgrade"));
        var endless = s.Do(Dana, new ScheduleMaintenance(Local(3, 17, 1, 0), Local(3, 20, 1, 0), "Upgrade"));
        var why = s.Do(Dana, new ScheduleMaintenance(Local(3, 17, 1, 0), Local(3, 17, 2, 0), " "));

        Assert.Contains("must end after it starts", backwards.Message);
        Assert.Contains("at most 48 hours", endless.Message);
        Assert.Contains("reason for the maintenance is required", why.Message);
        Assert.Same(before, s.Delivery.State);
    }

    [Fact]
    public void A_closed_delivery_s_service_level_is_still_kept()
    {
        var s = Scenario.Opened().Reviewed();
        s.Ok(Dana, new CloseDelivery());

        s.Ok(Dana, new SetServiceLevel(99.95m, 400, 0.1m));
        s.Ok(Diego, new RecordPerformance(300, 0.01m));
        s.Ok(Diego, new ScheduleMaintenance(Local(4, 20, 1, 0), Local(4, 20, 2, 0), "Upgrade"));

        Assert.Equal((99.95m, 1, 1), (s.Delivery.State.ServiceLevel.AvailabilityPercent,
            s.Delivery.State.ServiceLevel.Readings.Count, s.Delivery.State.ServiceLevel.Maintenance.Count));
    }

    [Fact]
    public void The_service_level_commands_ask_about_the_service_level_only()
    {
        Assert.Equal([Subject.ServiceLevel], Delivery.AsksAbout(new RecordPerformance(300, 0.01m)));
        Assert.Equal([Subject.ServiceLevel], Delivery.AsksAbout(new SetServiceLevel(99.9m, 500, 0.1m)));
        var s = LiveAt(16, 12);
        var drawn = s.Delivery.Version;
        s.Ok(Dana, new SetServiceLevel(99.5m, 300, 0.5m));

        // a reading on a card drawn before the targets changed is out of date; a risk card is not
        var stale = s.Do(Diego, new RecordPerformance(300, 0.01m), version: drawn);
        var risk = s.Do(Dana, new AddRisk("Load", Level.Low, Level.Low, "Watch it"), version: drawn);

        Assert.Contains("the service level (targets, readings, maintenance) changed", stale.Message);
        Assert.Equal(OutcomeKind.Applied, risk.Kind);
    }
}
