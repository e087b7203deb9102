using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Incidents;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Policies;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Incidents;

/// <summary>
/// An incident's timers through the scheduler's eyes: a missed response or resolution target escalates to the CTO
/// once, the DM told with it, at the moment it is missed (any hour on the wall clock, working hours on the business
/// calendar), also for a closed delivery; the commander is reminded of status updates at the severity's cadence.
/// </summary>
public sealed class IncidentTimerTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <summary>Live, at Saturday 7 March 2026 02:00 London (GMT): the weekend, at night.</summary>
    private static Scenario LiveAtNight()
    {
        var s = Scenario.Opened().ToHandover();
        s.Clock.Set(new DateTimeOffset(2026, 3, 7, 2, 0, 0, TimeSpan.Zero));
        return s;
    }

    private static List<SchedulerSimulation.Sent> Escalations(List<SchedulerSimulation.Sent> sent)
        => [.. sent.Where(x => x.Reminder.Kind == ReminderKind.EscalationDue)];

    [Fact]
    public void A_sev_1_at_night_escalates_at_once_when_its_targets_pass_and_tells_the_dm()
    {
        var s = LiveAtNight();
        var detected = s.Clock.GetUtcNow();
        s.Ok(Diego, new DeclareIncident("Nothing is triaged", Severity.Sev1, "Invoice intake", detected, true));

        var sent = SchedulerSimulation.Run(s, detected.AddHours(5), Minute);

        Assert.Equal(
            [("incident:I1:response", detected.AddMinutes(15)), ("incident:I1:resolution", detected.AddHours(4))],
            Escalations(sent).Select(x => (x.Reminder.Key, x.At)));
        var escalation = s.Delivery.State.Escalations[0];
        Assert.Equal(Clara, escalation.EscalatedTo);
        Assert.StartsWith("Incident D1-I1 (SEV-1, Nothing is triaged) was not acknowledged within its 15 min",
            escalation.Issue);
        // the CTO's notice goes at once too, not on Monday morning
        Assert.Contains(sent, x => x.Reminder.Kind == ReminderKind.EscalationNotice
            && x.At == detected.AddMinutes(15));
        // raised once: a second attempt is answered as the first, and nobody is told again
        var again = s.Do(Person.System, new Escalate("again", "incident:I1:response"));
        Assert.Equal(OutcomeKind.AlreadyDecided, again.Kind);
        Assert.Empty(again.Events);
    }

    [Fact]
    public void Escalating_a_missed_incident_target_tells_the_dm()
    {
        var s = LiveAtNight();
        s.Ok(Diego, new DeclareIncident("Nothing is triaged", Severity.Sev1, "Invoice intake", s.Clock.GetUtcNow()));

        var raised = s.Ok(Person.System, new Escalate("missed", "incident:I1:response"));

        var told = Assert.Single(raised.Events.OfType<TeamTold>());
        Assert.Equal([Dana], told.To);
    }

    [Fact]
    public void An_acknowledged_and_resolved_incident_escalates_nothing_and_its_reminders_stop()
    {
        var s = LiveAtNight();
        var detected = s.Clock.GetUtcNow();
        s.Ok(Diego, new DeclareIncident("Slow triage", Severity.Sev2, "Invoice intake", detected));
        s.Later(TimeSpan.FromMinutes(10));
        s.Ok(Diego, new AcknowledgeIncident("I1"));
        s.Later(TimeSpan.FromMinutes(50));
        s.Ok(Diego, new ResolveIncident("I1", "Scaled the consumer", "A burst of invoices"));

        var sent = SchedulerSimulation.Run(s, detected.AddHours(10), Minute);

        Assert.Empty(Escalations(sent));
        Assert.DoesNotContain(sent, x => x.Reminder.Kind == ReminderKind.IncidentStatusDue);
    }

    [Fact]
    public void The_commander_is_reminded_of_status_updates_at_the_cadence_counted_from_the_last_one()
    {
        var s = LiveAtNight();
        var declared = s.Clock.GetUtcNow();
        s.Ok(Diego, new DeclareIncident("Slow triage", Severity.Sev2, "Invoice intake", declared));
        s.Ok(Diego, new AcknowledgeIncident("I1"));

        var first = SchedulerSimulation.Run(s, declared.AddMinutes(90), Minute)
            .Where(x => x.Reminder.Kind == ReminderKind.IncidentStatusDue).ToList();
        s.Ok(Diego, new PostIncidentUpdate("I1", "Consumer restarted; watching the queue"));
        var posted = s.Clock.GetUtcNow();
        var after = SchedulerSimulation.Run(s, posted.AddMinutes(61), Minute)
            .Where(x => x.Reminder.Kind == ReminderKind.IncidentStatusDue).ToList();

        // hourly for SEV-2, at night on the wall clock, to the commander
        Assert.Equal([declared.AddHours(1)], first.Select(x => x.At));
        Assert.Equal(Diego, first[0].Reminder.Recipient);
        Assert.Contains("status update is due (every 1 h)", first[0].Reminder.Subject);
        Assert.Equal([posted.AddHours(1)], after.Select(x => x.At));
    }

    [Fact]
    public void A_sev_3_escalates_on_the_business_calendar_after_the_weekend()
    {
        var s = LiveAtNight(); // Saturday
        var detected = s.Clock.GetUtcNow();
        s.Ok(Diego, new DeclareIncident("A label is misspelt", Severity.Sev3, "Triage UI", detected));

        var sent = SchedulerSimulation.Run(s, detected.AddDays(3), TimeSpan.FromMinutes(15));

        // 2 working hours from Monday 09:00
        var response = Assert.Single(Escalations(sent), x => x.Reminder.Key == "incident:I1:response");
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 11, 0, 0, TimeSpan.Zero), response.At);
    }

    [Fact]
    public void With_every_severity_on_the_wall_clock_a_sev_3_escalates_in_the_weekend_and_only_the_dm_sets_it()
    {
        var s = LiveAtNight(); // Saturday
        Assert.Equal(OutcomeKind.Forbidden, s.Do(Diego, new SetIncidentClock(IncidentClock.Wall)).Kind);
        s.Ok(Dana, new SetIncidentClock(IncidentClock.Wall));
        Assert.Contains("already run on the wall clock", s.Do(Dana, new SetIncidentClock(IncidentClock.Wall)).Message);
        var detected = s.Clock.GetUtcNow();
        s.Ok(Diego, new DeclareIncident("A label is misspelt", Severity.Sev3, "Triage UI", detected));

        var sent = SchedulerSimulation.Run(s, detected.AddDays(3), TimeSpan.FromMinutes(15));

        var response = Assert.Single(Escalations(sent), x => x.Reminder.Key == "incident:I1:response");
        Assert.Equal(detected.AddHours(2), response.At);
        // and back on the seed's clocks: business hours for SEV-3 again
        s.Ok(Dana, new SetIncidentClock(null));
        Assert.Equal(IncidentClock.Business, s.Delivery.TargetsFor(Severity.Sev3).Clock);
    }

    [Fact]
    public void A_closed_delivery_s_incident_still_escalates_and_the_cto_acknowledges_it()
    {
        var s = Scenario.Opened().Reviewed();
        s.Ok(Dana, new CloseDelivery());
        var detected = s.Clock.GetUtcNow();
        s.Ok(Dana, new DeclareIncident("Nothing is triaged", Severity.Sev1, "Invoice intake", detected));

        var sent = SchedulerSimulation.Run(s, detected.AddMinutes(20), Minute);

        Assert.Equal(["incident:I1:response"], Escalations(sent).Select(x => x.Reminder.Key));
        var id = s.Delivery.State.Escalations[0].Id;
        s.Ok(Clara, new AcknowledgeEscalation(id));
        s.Ok(Clara, new ResolveEscalation(id, "Diego paged"));
        Assert.True(s.Delivery.IsClosed);
    }
}
