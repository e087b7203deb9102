using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Incidents;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Policies;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Incidents;

/// <summary>
/// Who hears of an incident (the commander and the team, never the client), who owes it (the commander: the
/// acknowledgement, then the resolution, also on a closed delivery) and who may act on it (a stand-in too).
/// </summary>
public sealed class IncidentPeopleTests
{
    [Fact]
    public void The_commander_and_the_team_hear_of_an_incident_once_each_and_the_client_does_not()
    {
        var s = Scenario.Opened().ToHandover();
        s.Ok(Pablo, new DeclareIncident("Queue stuck", Severity.Sev2, "Intake"));

        var audience = s.Delivery.IncidentAudience(Assert.Single(s.Delivery.State.Incidents), s.Clock.GetUtcNow());

        Assert.Equal(Diego, audience[0]);
        Assert.Equal(audience.Count, audience.DistinctBy(p => p.Key).Count());
        Assert.DoesNotContain(Cora, audience);
        Assert.Contains(Dana, audience);
    }

    [Fact]
    public void The_commander_owes_the_acknowledgement_then_the_resolution_also_on_a_closed_delivery()
    {
        var s = Scenario.Opened().Reviewed();
        s.Ok(Dana, new CloseDelivery());
        Assert.Empty(NextActions.For(s.Delivery));
        s.Ok(Pablo, new DeclareIncident("Queue stuck", Severity.Sev2, "Intake"));

        var owed = Assert.Single(NextActions.For(s.Delivery));
        s.Ok(Diego, new AcknowledgeIncident("I1"));
        var then = Assert.Single(NextActions.For(s.Delivery));
        s.Ok(Diego, new ResolveIncident("I1", "Restarted", "Leak"));

        Assert.Equal((ActionKind.AcknowledgeIncident, Role.DeploymentSpecialist, "I1"),
            (owed.Kind, owed.Role, owed.Subject));
        Assert.Equal("Acknowledge incident D1-I1 (SEV-2): Queue stuck", owed.What);
        Assert.Equal(ActionKind.ResolveIncident, then.Kind);
        Assert.Empty(NextActions.For(s.Delivery));
    }

    [Fact]
    public void Whoever_stands_in_for_the_commanding_specialist_may_act_on_the_incident()
    {
        var s = Scenario.Opened().ToHandover();
        s.Ok(Pablo, new DeclareIncident("Queue stuck", Severity.Sev2, "Intake"));
        s.Ok(Diego, new DelegateRole(Role.DeploymentSpecialist, Sam, new DateOnly(2026, 3, 20)));

        Assert.Contains(Sam, s.Delivery.IncidentActors(s.Delivery.State.Incidents[0], s.Clock.GetUtcNow()));
        s.Ok(Sam, new AcknowledgeIncident("I1"));
        Assert.Equal(OutcomeKind.Forbidden, s.Do(Quinn, new PostIncidentUpdate("I1", "Not mine to say")).Kind);
    }
}
