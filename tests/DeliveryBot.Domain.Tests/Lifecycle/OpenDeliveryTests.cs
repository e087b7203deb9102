using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Lifecycle;

public sealed class OpenDeliveryTests
{
    [Fact]
    public void Opening_creates_the_record_at_stage_1_with_the_sender_as_delivery_manager()
    {
        var d = Scenario.Opened().Delivery;

        Assert.Equal(1, d.Version);
        Assert.Equal(Stage.IntakeHandoff, d.CurrentStage);
        Assert.Equal(DeliveryStatus.Planning, d.Status);
        Assert.Equal(StageState.Active, d.Progress(Stage.IntakeHandoff).State);
        Assert.All(d.State.Stages.Skip(1), s => Assert.Equal(StageState.NotStarted, s.State));
        Assert.Equal(Dana, d.HolderOf(Role.DeliveryManager));
        Assert.Equal(Ivy, d.HolderOf(Role.ClientIntakeManager));
        Assert.Equal(Pablo, d.HolderOf(Role.ProductionLineArchitect));
        Assert.Equal(9, d.State.Milestones.Count);
        Assert.Equal(new DateOnly(2026, 3, 2), d.State.Milestones[(int)Milestone.IntakeHandoff].Target);
        Assert.Contains(d.State.Audit, e => e.Action == "open-delivery" && e.Actor == Dana);
    }

    [Theory]
    [InlineData("", "Invoice agent", "Scope", "Client is required.")]
    [InlineData("Contoso", " ", "Scope", "Digital talent is required.")]
    [InlineData("Contoso", "Invoice agent", "", "Scope is required.")]
    public void Opening_without_a_required_field_is_refused(string client, string talent, string scope, string message)
    {
        var intake = Scenario.SampleIntake() with { Client = client, DigitalTalent = talent, Scope = scope };

        var e = Assert.Throws<RuleViolation>(() => Delivery.Open("D9", intake, new Scenario().Meta(Dana)));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Overlong_text_is_refused_with_its_length()
    {
        var intake = Scenario.SampleIntake() with { Client = new string('x', 201) };

        var e = Assert.Throws<RuleViolation>(() => Delivery.Open("D9", intake, new Scenario().Meta(Dana)));
        Assert.Contains("too long (201 characters; at most 200)", e.Message);
    }

    [Fact]
    public void An_agreed_date_before_intake_or_an_unknown_time_zone_is_refused()
    {
        var meta = new Scenario().Meta(Dana);
        Assert.Throws<RuleViolation>(
            () => Delivery.Open("D9", Scenario.SampleIntake() with { AgreedDeliveryDate = new(2026, 1, 1) }, meta));
        var e = Assert.Throws<RuleViolation>(
            () => Delivery.Open("D9", Scenario.SampleIntake(DeliverySettings.For("Mars/Olympus")), meta));
        Assert.Contains("not a known time zone", e.Message);
    }

    [Fact]
    public void The_scheduler_cannot_open_a_delivery()
        => Assert.Throws<RuleViolation>(
            () => Delivery.Open("D9", Scenario.SampleIntake(), new Scenario().Meta(Person.System)));

    [Fact]
    public void Control_characters_are_stripped_from_user_text()
    {
        var intake = Scenario.SampleIntake() with { Client = "Con\u0007toso\u0000" };

        Assert.Equal("Contoso", Delivery.Open("D9", intake, new Scenario().Meta(Dana)).State.Client);
    }
}
