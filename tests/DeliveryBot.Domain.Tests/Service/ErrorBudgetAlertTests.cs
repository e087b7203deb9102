using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Digest;
using DeliveryBot.Domain.Incidents;
using DeliveryBot.Domain.Policies;
using DeliveryBot.Domain.Service;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Service;

/// <summary>
/// The error budget's alerts through the scheduler's eyes: the DM (Dana) and the CTO (Clara) are each told once a
/// month when the burn rate passes 1 and when 50 % and 100 % of the budget are used, at any hour, at the very minute
/// an open outage crosses the threshold; not again that month, again the next; also for a closed delivery.
/// </summary>
public sealed class ErrorBudgetAlertTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <summary>Live, on Monday 16 March 2026 at 02:00 London (GMT): at night, half the month gone.</summary>
    private static Scenario LiveAtNight()
    {
        var s = Scenario.Opened().ToHandover();
        s.Clock.Set(new DateTimeOffset(2026, 3, 16, 2, 0, 0, TimeSpan.Zero));
        return s;
    }

    private static List<SchedulerSimulation.Sent> Alerts(List<SchedulerSimulation.Sent> sent)
        => [.. sent.Where(x => x.Reminder.Kind == ReminderKind.ErrorBudgetAlert)];

    [Fact]
    public void An_open_outage_tells_the_dm_and_the_cto_the_minute_each_threshold_is_crossed_at_night()
    {
        var s = LiveAtNight();
        var detected = s.Clock.GetUtcNow();
        s.Ok(Pablo, new DeclareIncident("Down", Severity.Sev1, "Invoice intake", detected, IsOutage: true));

        // the scheduler is told when to wake: the moment half the budget (21.9 min) will be used
        Assert.Equal(detected + (TimeSpan.FromDays(365.25 / 12) * 0.001 * 0.5),
            ReminderPolicy.Plan(s.Delivery, detected)
                .Where(r => r.Key == "budget:2026-03:50:dm").Select(r => r.DueAt).Single());
        var sent = Alerts(SchedulerSimulation.Run(s, detected.AddHours(1), Minute));

        Assert.Equal(
            [
                ("budget:2026-03:50:dm", Dana, 22), ("budget:2026-03:50:cto", Clara, 22),
                ("budget:2026-03:burn:dm", Dana, 22), ("budget:2026-03:burn:cto", Clara, 22),
                ("budget:2026-03:100:dm", Dana, 44), ("budget:2026-03:100:cto", Clara, 44),
            ],
            sent.Select(x => (x.Reminder.Key, x.Reminder.Recipient, (int)(x.At - detected).TotalMinutes)));
        Assert.Equal("Error budget of D1 for March 2026: 50 % used (22.0 of 43.8 min), burn rate 1.0×.",
            sent[0].Reminder.Subject);
        Assert.Equal("Error budget of D1 for March 2026: 100 % used (44.0 of 43.8 min), burn rate 2.1×.",
            sent[4].Reminder.Subject);
    }

    [Fact]
    public void Each_alert_goes_once_a_month_and_again_the_next()
    {
        var s = LiveAtNight();
        s.Ok(Pablo, new DeclareIncident("Down", Severity.Sev1, "Invoice intake", s.Clock.GetUtcNow().AddMinutes(-30),
            IsOutage: true));
        s.Ok(Diego, new ResolveIncident("I1", "Restarted", "A stuck lease"));
        var first = Alerts(SchedulerSimulation.Run(s, s.Clock.GetUtcNow().AddMinutes(5), Minute));
        Assert.Equal(["budget:2026-03:50:dm", "budget:2026-03:50:cto", "budget:2026-03:burn:dm",
            "budget:2026-03:burn:cto"], first.Select(x => x.Reminder.Key));

        // the rest of March: nothing again, though the figures still hold
        Assert.Empty(Alerts(SchedulerSimulation.Run(s, s.Clock.GetUtcNow().AddDays(2), TimeSpan.FromHours(1))));
        Assert.DoesNotContain(ReminderPolicy.Plan(s.Delivery, s.Clock.GetUtcNow()),
            r => r.Kind == ReminderKind.ErrorBudgetAlert);

        // April: a fresh budget, and a fresh outage is told again
        s.Clock.Set(new DateTimeOffset(2026, 4, 10, 2, 0, 0, TimeSpan.Zero));
        s.Ok(Pablo, new DeclareIncident("Down again", Severity.Sev1, "Invoice intake",
            s.Clock.GetUtcNow().AddMinutes(-25), IsOutage: true));
        s.Ok(Diego, new ResolveIncident("I2", "Restarted", "The same lease"));
        var april = Alerts(SchedulerSimulation.Run(s, s.Clock.GetUtcNow().AddMinutes(5), Minute));
        Assert.Contains(april, x => x.Reminder.Key == "budget:2026-04:50:dm");
        Assert.Contains(april, x => x.Reminder.Key == "budget:2026-04:burn:cto");
    }

    [Fact]
    public void A_burn_rate_past_1_alone_is_told()
    {
        // 2 March 10:00: 1.4 days of 31 gone, so 3 minutes (7 %) burn the budget faster than the month
        var s = Scenario.Opened().ToHandover();
        s.Clock.Set(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero));
        s.Ok(Pablo, new DeclareIncident("Blip", Severity.Sev2, "Invoice intake", s.Clock.GetUtcNow().AddMinutes(-3),
            IsOutage: true));
        s.Ok(Diego, new ResolveIncident("I1", "Restarted", "A stuck lease"));

        var due = ReminderPolicy.Due(s.Delivery, s.Clock.GetUtcNow())
            .Where(r => r.Kind == ReminderKind.ErrorBudgetAlert).ToList();

        Assert.Equal(["budget:2026-03:burn:dm", "budget:2026-03:burn:cto"], due.Select(r => r.Key));
        Assert.Equal("Error budget of D1 for March 2026: burning faster than the month, 7 % used (3.0 of 43.8 min), "
            + "burn rate 1.5×.", due[0].Subject);
    }

    [Fact]
    public void A_closed_delivery_s_budget_still_alerts()
    {
        var s = Scenario.Opened().Reviewed();
        s.Ok(Dana, new CloseDelivery());
        s.Clock.Set(new DateTimeOffset(2026, 6, 16, 1, 0, 0, TimeSpan.Zero));
        s.Ok(Pablo, new DeclareIncident("Down", Severity.Sev1, "Invoice intake", s.Clock.GetUtcNow().AddMinutes(-25),
            IsOutage: true));

        var sent = Alerts(SchedulerSimulation.Run(s, s.Clock.GetUtcNow().AddMinutes(1), Minute));

        Assert.Contains(sent, x => x.Reminder.Key == "budget:2026-06:50:dm");
        Assert.Contains(sent, x => x.Reminder.Key == "budget:2026-06:50:cto");
    }

    [Fact]
    public void No_outage_no_alert()
    {
        var s = LiveAtNight();
        s.Ok(Pablo, new DeclareIncident("Cosmetic", Severity.Sev4, "Invoice intake", s.Clock.GetUtcNow()));

        Assert.DoesNotContain(ReminderPolicy.Plan(s.Delivery, s.Clock.GetUtcNow().AddHours(5)),
            r => r.Kind == ReminderKind.ErrorBudgetAlert);
    }

    [Fact]
    public void The_alerts_sent_are_what_the_weekly_digest_lists_once_each_however_many_were_told()
    {
        var s = LiveAtNight();
        var detected = s.Clock.GetUtcNow();
        s.Ok(Pablo, new DeclareIncident("Down", Severity.Sev1, "Invoice intake", detected, IsOutage: true));
        SchedulerSimulation.Run(s, detected.AddMinutes(30), Minute);
        var week = new Interval(new DateTimeOffset(2026, 3, 16, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 3, 23, 0, 0, 0, TimeSpan.Zero));

        var alerts = SlaBurnAlert.SentIn(s.Delivery, week);

        Assert.Equal(
            ["half the error budget of March 2026 used",
                "the error budget of March 2026 burning faster than the month"],
            alerts.Select(a => a.Subject));
        Assert.Empty(SlaBurnAlert.SentIn(s.Delivery, new(week.End, week.End.AddDays(7))));
        Assert.Null(ReminderPolicy.ErrorBudgetAlertOf("nudge:schedule-acknowledged-pla:1:1"));
    }
}
