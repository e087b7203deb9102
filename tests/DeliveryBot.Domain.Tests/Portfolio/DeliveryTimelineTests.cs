using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Portfolio;
using DeliveryBot.Domain.Record;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Portfolio;

/// <summary>
/// A delivery's timeline and its line in the portfolio (the tab): each milestone's span, target against actual, the
/// last day its acceptable delay allows on the delivery's business calendar, its moves with their reasons, what is
/// late as of today; what is owed next and by whom; and whose deliveries a person sees.
/// </summary>
public sealed class DeliveryTimelineTests
{
    [Fact]
    public void Before_planning_only_the_intake_is_on_the_timeline_and_nothing_is_late()
    {
        var s = Scenario.Opened();

        var timeline = DeliveryTimeline.Of(s.Delivery, s.Clock.GetUtcNow());

        Assert.Equal(9, timeline.Milestones.Count);
        var intake = timeline.Milestones[0];
        Assert.Equal((Milestone.IntakeHandoff, new DateOnly(2026, 3, 2)), (intake.Milestone, intake.Target!.Value));
        Assert.All(timeline.Milestones.Skip(1), m => Assert.Equal(
            (MilestoneStatus.NotScheduled, (DateOnly?)null, (DateOnly?)null), (m.Status, m.Start, m.LatestAcceptable)));
        Assert.DoesNotContain(timeline.Milestones, m => m.IsLate);
        Assert.Equal(new DateOnly(2026, 3, 2), timeline.Today);
    }

    [Fact]
    public void Each_span_runs_from_the_milestone_before_to_its_own_date_and_the_acceptable_delay_counts_business_days()
    {
        // planned Monday 2 March; today Friday 13 March in London
        var s = Scenario.Opened().ToProduction();
        s.Later(TimeSpan.FromDays(11));
        s.Ok(Pablo, new RecordCheckIn(CheckInStatus.OnTrack, null)); // production starts 13 March

        var timeline = DeliveryTimeline.Of(s.Delivery, s.Clock.GetUtcNow());
        var byMilestone = timeline.Milestones.ToDictionary(m => m.Milestone);

        var start = byMilestone[Milestone.ProductionStart];
        // target Monday 9 March, done Friday 13 March: four business days late, from the intake's day
        Assert.Equal((new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 9), new DateOnly(2026, 3, 13)),
            (start.Start!.Value, start.Target!.Value, start.Actual!.Value));
        Assert.Equal((MilestoneStatus.DoneLate, 4, false), (start.Status, start.BusinessDaysLate, start.IsLate));
        // the next span starts where this one ended (its actual date), not at its target
        var complete = byMilestone[Milestone.ProductionComplete];
        Assert.Equal(new DateOnly(2026, 3, 13), complete.Start);
        // Friday 20 March + 2 business days: Tuesday 24 March, over the weekend
        Assert.Equal(new DateOnly(2026, 3, 24), complete.LatestAcceptable);
        Assert.Equal(MilestoneStatus.Upcoming, complete.Status);
    }

    [Fact]
    public void A_moved_milestone_keeps_every_move_with_its_reason_and_is_judged_against_its_new_target()
    {
        var s = Scenario.Opened().ToProduction();
        s.Ok(Dana, new RescheduleMilestone(Milestone.ProductionComplete, new DateOnly(2026, 3, 25), "Late samples"));
        s.Ok(Dana, new RescheduleMilestone(Milestone.ProductionComplete, new DateOnly(2026, 3, 27), "Sick leave"));
        s.Clock.Set(new DateTimeOffset(2026, 3, 26, 10, 0, 0, TimeSpan.Zero));

        var complete = DeliveryTimeline.Of(s.Delivery, s.Clock.GetUtcNow())
            .Milestones[(int)Milestone.ProductionComplete];

        Assert.Equal(
            [(new DateOnly(2026, 3, 20), new DateOnly(2026, 3, 25), "Late samples", "Dana"),
                (new DateOnly(2026, 3, 25), new DateOnly(2026, 3, 27), "Sick leave", "Dana")],
            complete.Moves.Select(m => (m.From!.Value, m.To, m.Reason, m.By)));
        Assert.Equal((new DateOnly(2026, 3, 27), MilestoneStatus.Upcoming), (complete.Target!.Value, complete.Status));
    }

    [Fact]
    public void Past_the_acceptable_delay_a_milestone_is_beyond_it_and_so_is_its_delivery_in_the_portfolio()
    {
        var s = Scenario.Opened().ToProduction();
        s.Clock.Set(new DateTimeOffset(2026, 3, 11, 10, 0, 0, TimeSpan.Zero)); // production start due 9 March
        var late = PortfolioEntry.Of(s.Delivery, Pablo, s.Clock.GetUtcNow());
        Assert.Equal((MilestoneStatus.Late, false), (Assert.Single(late.Late).Status, late.BeyondAcceptableDelay));

        s.Clock.Set(new DateTimeOffset(2026, 3, 12, 10, 0, 0, TimeSpan.Zero)); // 3 business days: past the 2 allowed
        var beyond = PortfolioEntry.Of(s.Delivery, Pablo, s.Clock.GetUtcNow());

        Assert.Equal(MilestoneStatus.BeyondAcceptableDelay, Assert.Single(beyond.Late).Status);
        Assert.True(beyond.BeyondAcceptableDelay);
    }

    [Fact]
    public void A_portfolio_line_says_the_stage_what_is_owed_by_whom_the_next_milestone_and_the_readers_roles()
    {
        var s = Scenario.Opened().Planned();

        var line = PortfolioEntry.Of(s.Delivery, Pablo, s.Clock.GetUtcNow());

        Assert.Equal(("D1", 2, "Delivery planning"), (line.DeliveryId, line.StageNumber, line.Stage));
        Assert.Contains(line.NextActions, a => a.Role == Role.ProductionLineArchitect
            && a.Who == "Pablo (Production Line Architect)");
        Assert.Equal(Milestone.ProductionStart, line.NextMilestone!.Milestone);
        Assert.Equal([Role.ProductionLineArchitect], line.YourRoles);
        Assert.Empty(PortfolioEntry.Of(s.Delivery, new Person("oid-x", null, "Xavier"), s.Clock.GetUtcNow()).YourRoles);
    }

    [Fact]
    public void An_unassigned_role_is_said_to_be_unassigned()
        => Assert.Equal("QA Engineer (unassigned)", new OwedAction("Certify", Role.QaEngineer, []).Who);

    [Theory]
    [InlineData(new[] { Role.Cto }, true, true)]
    [InlineData(new[] { Role.DeliveryManager, Role.Cto }, true, true)]
    [InlineData(new[] { Role.DeliveryManager }, false, true)]
    [InlineData(new Role[0], false, false)]
    public void The_cto_oversees_every_delivery_and_anyone_with_a_role_sees_the_organisations_metrics(
        Role[] held, bool everything, bool metrics)
        => Assert.Equal((everything, metrics),
            (PortfolioScope.SeesEveryDelivery(held), PortfolioScope.SeesOrganisationMetrics(held)));
}
