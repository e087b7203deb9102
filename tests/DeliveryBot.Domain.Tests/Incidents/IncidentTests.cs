using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Incidents;
using DeliveryBot.Domain.Record;
using DeliveryBot.Domain.Rendering;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Incidents;

/// <summary>
/// Incidents in the service a delivery put live: declared once it is live (and after closing), commanded by the
/// Deployment Specialist, acknowledged (the response), re-graded with a reason (the targets follow), updated and
/// resolved with the fix and root cause; the report in the seed's layout. Wrong people and bad input change nothing.
/// </summary>
public sealed class IncidentTests
{
    private static Scenario Live() => Scenario.Opened().ToHandover();

    private static Incident Only(Scenario s) => Assert.Single(s.Delivery.State.Incidents);

    private static DeclareIncident Sev2(Scenario s, int minutesAgo = 5)
        => new("Invoices stuck in the triage queue", Severity.Sev2, "Invoice intake",
            s.Clock.GetUtcNow().AddMinutes(-minutesAgo), IsOutage: true);

    [Fact]
    public void Before_go_live_a_problem_is_a_blocker_not_an_incident()
    {
        var s = Scenario.Opened().ToDeployment();

        var outcome = s.Do(Diego, Sev2(s));

        Assert.Equal(OutcomeKind.Refused, outcome.Kind);
        Assert.Contains("a problem is a blocker: `blocker D1 <what>`", outcome.Message);
        Assert.Empty(s.Delivery.State.Incidents);
    }

    [Fact]
    public void Once_live_the_team_declares_it_and_the_deployment_specialist_commands_it_with_its_targets()
    {
        var s = Live();

        var declared = s.Ok(Pablo, Sev2(s));

        var incident = Only(s);
        Assert.Equal(("I1", Diego, Pablo, true), (incident.Id, incident.Commander, incident.DeclaredBy,
            incident.IsOutage));
        Assert.StartsWith("Incident D1-I1 (SEV-2) declared by Pablo: Invoices stuck in the triage queue. Diego "
            + "commands it; the response is due by", declared.Message);
        Assert.Equal(incident.DetectedAt.AddMinutes(30), s.Delivery.ResponseDue(incident));
        Assert.Equal(incident.DetectedAt.AddHours(8), s.Delivery.ResolutionDue(incident));
        Assert.Contains(declared.Events, e => e is IncidentDeclared { IncidentId: "I1" } d && d.Commander == Diego);
    }

    [Fact]
    public void A_closed_delivery_still_takes_incidents()
    {
        var s = Scenario.Opened().Reviewed();
        s.Ok(Dana, new CloseDelivery());

        s.Ok(Dana, Sev2(s));

        Assert.True(s.Delivery.IsClosed);
        Assert.Single(s.Delivery.State.Incidents);
    }

    [Fact]
    public void The_client_a_future_or_an_old_detection_and_an_unknown_severity_are_refused()
    {
        var s = Live();
        var before = s.Delivery.State;

        Assert.Equal(OutcomeKind.Forbidden, s.Do(Cora, Sev2(s)).Kind);
        Assert.Contains("in the future", s.Do(Diego, Sev2(s, minutesAgo: -10)).Message);
        Assert.Contains("more than 30 days ago", s.Do(Diego, Sev2(s, minutesAgo: 60 * 24 * 31)).Message);
        Assert.Contains("SEV-1, SEV-2, SEV-3 or SEV-4", s.Do(Diego, Sev2(s) with { Severity = (Severity)7 }).Message);
        Assert.Contains("title is required", s.Do(Diego, Sev2(s) with { Title = " " }).Message);
        Assert.Same(before, s.Delivery.State);
    }

    [Fact]
    public void The_commander_acknowledges_once_and_whether_it_was_within_the_target_is_kept()
    {
        var s = Live();
        s.Ok(Diego, Sev2(s, minutesAgo: 10));

        Assert.Equal(OutcomeKind.Forbidden, s.Do(Quinn, new AcknowledgeIncident("I1")).Kind);
        var ack = s.Ok(Diego, new AcknowledgeIncident("d1-i1"));
        var again = s.Do(Diego, new AcknowledgeIncident("I1"));

        Assert.Equal("Incident D1-I1: Acknowledged by Diego (within the 30 min response target, 10 min after "
            + "detection).", ack.Message);
        Assert.Equal(OutcomeKind.AlreadyDecided, again.Kind);
        Assert.Equal((Diego, s.Clock.GetUtcNow()), (Only(s).AcknowledgedBy, Only(s).AcknowledgedAt));
        Assert.Contains("There is no incident I9 on D1: it has I1 to I1.", s.Do(Diego, new AcknowledgeIncident("I9"))
            .Message);
    }

    [Fact]
    public void A_new_severity_needs_its_reason_and_moves_the_targets()
    {
        var s = Live();
        s.Ok(Diego, Sev2(s));
        var sev2Due = s.Delivery.ResolutionDue(Only(s));

        Assert.Contains("is already SEV-2", s.Do(Diego, new ChangeIncidentSeverity("I1", Severity.Sev2, "x")).Message);
        Assert.Contains("reason for the new severity is required",
            s.Do(Diego, new ChangeIncidentSeverity("I1", Severity.Sev1, "")).Message);
        var changed = s.Ok(Dana, new ChangeIncidentSeverity("I1", Severity.Sev1, "Every client is down"));

        Assert.StartsWith("Incident D1-I1: SEV-2 → SEV-1 by Dana: Every client is down", changed.Message);
        Assert.Equal(sev2Due.AddHours(-4), s.Delivery.ResolutionDue(Only(s)));
        Assert.Contains(changed.Events, e => e is IncidentChanged { Kind: IncidentEventKind.SeverityChanged });
    }

    [Fact]
    public void Resolved_with_the_fix_and_root_cause_once_and_then_closed_to_updates()
    {
        var s = Live();
        s.Ok(Diego, Sev2(s, minutesAgo: 65));
        s.Ok(Diego, new PostIncidentUpdate("I1", "Queue drained by hand; looking for the cause"));

        Assert.Contains("restored before the incident was detected", s.Do(Diego, new ResolveIncident(
            "I1", "fix", "cause", RestoredAt: s.Clock.GetUtcNow().AddHours(-2))).Message);
        var resolved = s.Ok(Diego, new ResolveIncident("I1", "Restarted the consumer with a bigger buffer",
            "A supplier sent a 40 MB invoice", "Invoices were triaged an hour late"));

        Assert.Contains("(within the 8 h resolution target)", resolved.Message);
        Assert.Equal(OutcomeKind.AlreadyDecided, s.Do(Diego, new ResolveIncident("I1", "again", "again")).Kind);
        Assert.Contains("is resolved", s.Do(Diego, new PostIncidentUpdate("I1", "late")).Message);
        Assert.Equal(
            [IncidentEventKind.Declared, IncidentEventKind.StatusUpdate, IncidentEventKind.Resolved],
            Only(s).Timeline.Select(e => e.Kind));
    }

    [Fact]
    public void The_report_follows_the_seed_s_layout()
    {
        var s = Live();
        s.Ok(Diego, Sev2(s, minutesAgo: 65));
        s.Ok(Diego, new AcknowledgeIncident("I1"));
        s.Ok(Diego, new ResolveIncident("I1", "Restarted the consumer | bigger buffer", "A 40 MB invoice",
            "Invoices an hour late"));

        var md = IncidentMarkdown.Render(s.Delivery, Only(s));

        Assert.StartsWith("# Incident Report: INC-D1-1\n\n## Summary\nInvoices stuck in the triage queue (SEV-2, "
            + "resolved).\n\n## Timeline\n| Time (Europe/London) | Event |\n", md);
        Assert.Contains("- Duration: 1 h 5 min\n- Affected services: Invoice intake\n- Customer impact: Invoices an "
            + "hour late\n- SLA impact: Yes: an outage of 1 h 5 min, against the error budget\n", md);
        Assert.Contains("## Root Cause\nA 40 MB invoice\n", md);
        Assert.Contains("## Resolution\nRestarted the consumer \\| bigger buffer\n", md);
        Assert.Contains("## Action Items\n| Action | Owner | Due Date | Status |", md);
        Assert.Contains("## Lessons Learned\n", md);
        Assert.Equal(["Declared", "Acknowledged", "Resolved"], Only(s).Timeline.Select(e => e.Kind.ToString()));
    }

    [Fact]
    public void The_report_says_the_customer_impact_is_not_stated_yet_while_open_and_not_stated_once_resolved()
    {
        var s = Live();
        s.Ok(Diego, Sev2(s));
        Assert.Contains("- Customer impact: not stated yet\n", IncidentMarkdown.Render(s.Delivery, Only(s)));

        s.Ok(Diego, new ResolveIncident("I1", "Restarted", "A stuck lease"));

        Assert.Contains("- Customer impact: not stated\n", IncidentMarkdown.Render(s.Delivery, Only(s)));
    }
}
