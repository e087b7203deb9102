using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Lifecycle;

public sealed class EscalationTests
{
    [Fact]
    public void An_escalation_goes_open_acknowledged_resolved()
    {
        var s = Scenario.Opened().ToProduction();

        s.Ok(Dana, new Escalate("Production capacity is short"));
        var e = Assert.Single(s.Delivery.State.Escalations);
        Assert.Equal("D1-E1", e.Id);
        Assert.Equal(Clara, e.EscalatedTo);
        Assert.Equal(EscalationState.Open, e.State);

        Assert.Equal(OutcomeKind.Forbidden, s.Do(Dana, new AcknowledgeEscalation("D1-E1")).Kind);
        s.Ok(Clara, new AcknowledgeEscalation("d1-e1"));
        Assert.Equal(OutcomeKind.AlreadyDecided, s.Do(Clara, new AcknowledgeEscalation("D1-E1")).Kind);
        Assert.Equal(OutcomeKind.Forbidden, s.Do(Pablo, new ResolveEscalation("D1-E1", "done")).Kind);
        s.Ok(Clara, new ResolveEscalation("D1-E1", "Second line added"));

        Assert.Equal(EscalationState.Resolved, s.Delivery.State.Escalations[0].State);
        var again = s.Do(Dana, new ResolveEscalation("D1-E1", "other"));
        Assert.Equal(OutcomeKind.AlreadyDecided, again.Kind);
        Assert.Contains("Second line added", again.Message);
    }

    [Fact]
    public void Unknown_escalations_and_missing_ctos_are_clear_refusals()
    {
        var s = Scenario.Opened();
        Assert.Contains("no escalation D1-E9", s.Do(Clara, new AcknowledgeEscalation("D1-E9")).Message);

        var bare = new Scenario();
        var d = Delivery.Open("D5", Scenario.SampleIntake() with { OtherStakeholders = [] }, bare.Meta(Dana));
        Assert.Contains("No CTO is assigned", d.Execute(new Escalate("help"), bare.Meta(Dana)).Message);
    }

    [Fact]
    public void An_automatic_escalation_names_its_trigger_and_is_raised_once()
    {
        var s = Scenario.Opened().ToProduction();

        Assert.Equal(OutcomeKind.Refused, s.Do(Person.System, new Escalate("late")).Kind);
        s.Ok(Person.System, new Escalate("QA certified is late", "milestone:QaCertified"));
        var again = s.Do(Person.System, new Escalate("QA certified is late", "milestone:QaCertified"));

        Assert.Equal(OutcomeKind.AlreadyDecided, again.Kind);
        Assert.Single(s.Delivery.State.Escalations);
    }

    [Fact]
    public void Resolving_an_open_escalation_directly_counts_as_acknowledged()
    {
        var s = Scenario.Opened();
        s.Ok(Dana, new Escalate("x"));

        s.Ok(Clara, new ResolveEscalation("D1-E1", "Went away"));

        Assert.NotNull(s.Delivery.State.Escalations[0].AcknowledgedAt);
    }
}
