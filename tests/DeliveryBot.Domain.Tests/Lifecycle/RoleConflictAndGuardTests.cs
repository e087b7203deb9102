using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.TestKit;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Lifecycle;

/// <summary>
/// Rules that close gaps a review found: conflicts of role, late ambiguities, dates, half-applied commands.
/// </summary>
public sealed class RoleConflictAndGuardTests
{
    [Theory]
    [InlineData(Role.QaEngineer)]
    [InlineData(Role.ClientContact)]
    public void The_dm_can_neither_be_assigned_nor_delegated_the_qa_or_client_role(Role role)
    {
        var s = Scenario.Opened();

        var assigned = s.Do(Dana, new AssignRole(role, Dana));
        var delegated = s.Do(
            role == Role.QaEngineer ? Quinn : Dana, new DelegateRole(role, Dana, new DateOnly(2026, 3, 20)));

        Assert.Equal(OutcomeKind.Refused, assigned.Kind);
        Assert.Contains("cannot be the", assigned.Message);
        Assert.Equal(OutcomeKind.Refused, delegated.Kind);
        Assert.DoesNotContain(s.Delivery.HoldersOf(role), p => p.IsSameAs(Dana));
    }

    [Theory]
    [InlineData("system")]
    [InlineData("SYSTEM")]
    [InlineData(" system ")]
    public void The_bot_s_own_id_holds_no_role_whether_assigned_delegated_or_named_at_intake(string claimed)
    {
        var s = Scenario.Opened();
        var impostor = new Person(claimed, Email: null, "DeliveryBot");

        var assigned = s.Do(Dana, new AssignRole(Role.QaEngineer, impostor));
        var delegated = s.Do(Dana, new DelegateRole(Role.DeliveryManager, impostor, new DateOnly(2026, 3, 20)));

        Assert.Equal((OutcomeKind.Refused, OutcomeKind.Refused), (assigned.Kind, delegated.Kind));
        Assert.Contains("A role is held by a person", assigned.Message);
        var intake = Scenario.SampleIntake() with { ClientIntakeManager = impostor };
        Assert.Equal(
            "A role is held by a person.",
            Assert.Throws<RuleViolation>(() => Delivery.Open("D9", intake, new Scenario().Meta(Dana))).Message);
    }

    [Fact]
    public void The_qa_engineer_cannot_be_made_delivery_manager_nor_opened_with_both_roles()
    {
        var s = Scenario.Opened();
        Assert.Contains(
            "cannot be the Delivery Manager while also the QA Engineer",
            s.Do(Dana, new AssignRole(Role.DeliveryManager, Quinn)).Message);

        var intake = Scenario.SampleIntake() with { OtherStakeholders = [new(Role.QaEngineer, Dana)] };
        Assert.Throws<RuleViolation>(() => Delivery.Open("D9", intake, new Scenario().Meta(Dana)));
    }

    [Fact]
    public void An_ambiguity_raised_after_the_requirements_were_confirmed_withdraws_the_confirmation()
    {
        var s = Scenario.Opened();
        s.Ok(Dana, new AcknowledgeGate(Checks.RequirementsUnambiguous.Key));
        s.Ok(Ivy, new RaiseAmbiguity("Which invoice formats?"));
        s.Ok(Ivy, new AcknowledgeGate(Checks.ClientTimelineAcknowledged.Key));

        Assert.Equal(StageState.Active, s.Delivery.Progress(Stage.IntakeHandoff).State);
        Assert.Null(s.Delivery.DecisionFor(Checks.RequirementsUnambiguous));

        s.Ok(Ivy, new ResolveAmbiguity("A1", "PDF only"));
        s.Ok(Dana, new AcknowledgeGate(Checks.RequirementsUnambiguous.Key));
        Assert.Equal(Stage.DeliveryPlanning, s.Delivery.CurrentStage);
    }

    [Fact]
    public void A_delivery_without_an_agreed_date_gets_one_and_moving_it_later_needs_a_reason()
    {
        var s = new Scenario();
        var d = Delivery.Open("D2", Scenario.SampleIntake() with { AgreedDeliveryDate = null }, s.Meta(Dana));

        Assert.True(d.Execute(new AgreeDeliveryDate(new DateOnly(2026, 4, 10)), s.Meta(Dana)).Changed);
        Assert.True(d.Execute(new AcknowledgeGate(Checks.ClientTimelineAcknowledged.Key), s.Meta(Ivy)).Changed);
        Assert.Contains("reason", d.Execute(new AgreeDeliveryDate(new DateOnly(2026, 4, 17)), s.Meta(Dana)).Message);

        var moved = d.Execute(
            new AgreeDeliveryDate(new DateOnly(2026, 4, 17), "Client asked for a week more"), s.Meta(Dana));

        Assert.Contains("(was 2026-04-10)", moved.Message);
        Assert.Null(d.DecisionFor(Checks.ClientTimelineAcknowledged)); // the client acknowledged the old date
    }

    [Theory]
    [InlineData(Milestone.QaCertified, "9999-12-31")]
    [InlineData(Milestone.QaCertified, "2040-01-01")]
    [InlineData(Milestone.QaCertified, "2025-01-01")]
    [InlineData((Milestone)42, "2026-03-20")]
    public void Implausible_dates_and_unknown_values_are_refused_and_change_nothing(Milestone milestone, string date)
    {
        var s = Scenario.Opened().ToProduction();
        var state = s.Delivery.State;

        var outcome = s.Do(Dana, new RescheduleMilestone(
            milestone, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), "typo"));

        Assert.Equal(OutcomeKind.Refused, outcome.Kind);
        Assert.Same(state, s.Delivery.State);
    }

    [Fact]
    public void An_intake_far_from_today_is_refused()
    {
        var intake = Scenario.SampleIntake() with { IntakeDate = new DateOnly(2031, 1, 1), AgreedDeliveryDate = null };

        Assert.Contains(
            "within a year of today",
            Assert.Throws<RuleViolation>(() => Delivery.Open("D9", intake, new Scenario().Meta(Dana))).Message);
    }

    [Fact]
    public void A_command_that_fails_unexpectedly_leaves_nothing_behind_for_the_next_one()
    {
        var s = Scenario.Opened();
        var state = s.Delivery.State;

        Assert.Throws<InvalidOperationException>(() => s.Do(Dana, new Exploding()));
        Assert.Same(state, s.Delivery.State);

        s.Ok(Dana, new AddRisk("next", Level.Low, Level.Low, "m"));
        Assert.DoesNotContain(s.Delivery.State.Risks, r => r.Description == "half-applied");
        Assert.DoesNotContain(s.Delivery.State.Audit, e => e.Summary == "half-applied note");
    }

    /// <summary>Changes the record and notes an audit line, then fails the way a bug would.</summary>
    private sealed record Exploding : DeliveryCommand
    {
        public override string Action => "explode";

        internal override string Apply(Delivery delivery, CommandMeta meta)
        {
            delivery.Change(s => s with
            {
                Risks = s.Risks.Add(new Risk(
                    Id: "R9",
                    Description: "half-applied",
                    Likelihood: Level.Low,
                    Impact: Level.Low,
                    Mitigation: "m",
                    ConcernsClient: false,
                    RaisedAt: meta.At,
                    RaisedBy: meta.Actor)),
            });
            delivery.Note("note", new StageStarted(Stage.QaGate, "half-applied note"));
            throw new InvalidOperationException("boom");
        }
    }
}
