using DeliveryBot.Domain.Calendar;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Policies;
using DeliveryBot.Domain.Record;
using DeliveryBot.Domain.Rendering;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Lifecycle;

/// <summary>
/// Change requests: the seed's four types, each with its approvers (mapped to the delivery's roles) and its lead time
/// on the business calendar; approvals and rejections by the right people only; an approved change re-plans through
/// the milestone moves; the seed's template as Markdown. The scenario's clock is Monday 2 March 2026, 10:00 London.
/// </summary>
public sealed class ChangeRequestTests
{
    private static RequestChange Change(
        ChangeType type, DateOnly date, TimeOnly? start = null, ChangePlan? plan = null, string title = "Schema")
        => Scenario.SampleChange(type, date, start, plan, title);

    private static readonly DateOnly Monday9 = new(2026, 3, 9);

    private static IEnumerable<string> Owing(Scenario s)
        => NextActions.ByPerson(s.Delivery, s.Clock.GetUtcNow())
            .Where(a => a.Action.Kind == ActionKind.ApproveChange)
            .Select(a => $"{a.Person.DisplayName}:{a.Action.What.Split(':')[0]}")
            .Order(StringComparer.Ordinal);

    [Fact]
    public void Each_type_needs_the_approvers_the_seed_gives_it_held_by_the_delivery_roles()
    {
        Assert.Empty(Delivery.ApproversFor(ChangeType.Standard));
        Assert.Equal(
            [ChangeApprover.TechnicalLead, ChangeApprover.ProductOwner, ChangeApprover.Cab],
            Delivery.ApproversFor(ChangeType.Normal));
        Assert.Equal([ChangeApprover.Manager], Delivery.ApproversFor(ChangeType.Expedited));
        Assert.Equal([ChangeApprover.OnCall], Delivery.ApproversFor(ChangeType.Emergency));

        var s = Scenario.Opened().ToProduction();
        s.Ok(Pablo, Change(ChangeType.Normal, new(2026, 3, 9)));
        s.Ok(Pablo, Change(ChangeType.Expedited, new(2026, 3, 4)));
        s.Ok(Diego, Change(ChangeType.Emergency, new(2026, 3, 2), new TimeOnly(11, 0)));

        Assert.Equal(
            [
                "Clara:Approve change CHG-D1-1 as CAB", "Cora:Approve change CHG-D1-1 as Product Owner",
                "Dana:Approve change CHG-D1-1 as CAB", "Dana:Approve change CHG-D1-2 as Manager",
                "Diego:Approve change CHG-D1-3 as On-call", "Pablo:Approve change CHG-D1-1 as Technical Lead",
            ],
            Owing(s));
    }

    [Fact]
    public void A_standard_change_is_pre_approved_with_no_lead_time()
    {
        var s = Scenario.Opened().ToProduction();

        var outcome = s.Ok(Quinn, Change(ChangeType.Standard, new(2026, 3, 2), new TimeOnly(15, 0)));

        Assert.EndsWith("A Standard change is pre-approved: it may run as scheduled.", outcome.Message);
        Assert.Equal(ChangeState.Approved, Assert.Single(s.Delivery.State.ChangeRequests).State);
        Assert.Empty(Owing(s));
    }

    [Fact]
    public void A_normal_change_inside_its_five_business_days_is_refused_with_what_would_be_allowed()
    {
        var s = Scenario.Opened().ToProduction(); // Monday 2 March, 10:00: the earliest is Friday 6 March

        var outcome = s.Do(Pablo, Change(ChangeType.Normal, new(2026, 3, 5), new TimeOnly(9, 0)));

        Assert.Equal(OutcomeKind.Refused, outcome.Kind);
        Assert.Equal(
            "A Normal change needs 5 business days: the earliest is Fri 6 Mar; an Expedited change could run then "
            + "(Thu 5 Mar 09:00) with the DM's approval.",
            outcome.Message);
        Assert.Empty(s.Delivery.State.ChangeRequests);
        s.Ok(Pablo, Change(ChangeType.Normal, new(2026, 3, 6)));
    }

    [Fact]
    public void The_lead_time_skips_the_weekend_and_the_delivery_holidays()
    {
        var settings = DeliverySettings.For("Europe/London") with
        {
            Calendar = new WorkingPattern
            {
                TimeZoneId = "Europe/London", Holidays = [new Holiday(new(2026, 3, 4), "Company day")],
            },
        };
        var s = Scenario.Opened(settings).ToProduction();
        s.Later(TimeSpan.FromDays(3)); // Thursday 5 March, 10:00: Thu, Fri, Mon, Tue, (Wed 4th was the holiday)

        Assert.Equal(new DateOnly(2026, 3, 11), s.Delivery.EarliestNormalDate(s.Clock.GetUtcNow()));
        var refused = s.Do(Pablo, Change(ChangeType.Normal, new(2026, 3, 10)));
        Assert.StartsWith("A Normal change needs 5 business days: the earliest is Wed 11 Mar;", refused.Message);

        // proposed on Saturday, the count starts on Monday
        s.Later(TimeSpan.FromDays(2));
        Assert.Equal(new DateOnly(2026, 3, 13), s.Delivery.EarliestNormalDate(s.Clock.GetUtcNow()));
        // and after Friday's working hours, too
        var fridayEvening = new DateTimeOffset(2026, 3, 6, 18, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateOnly(2026, 3, 13), s.Delivery.EarliestNormalDate(fridayEvening));
        // a holiday in the count pushes it a day: from Tuesday 3rd, the 4th does not count
        Assert.Equal(
            new DateOnly(2026, 3, 10), s.Delivery.EarliestNormalDate(new(2026, 3, 3, 10, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void An_expedited_change_needs_24_hours_on_the_clock_and_an_emergency_none()
    {
        var s = Scenario.Opened().ToProduction();

        var refused = s.Do(Pablo, Change(ChangeType.Expedited, new(2026, 3, 3), new TimeOnly(9, 0)));

        Assert.Equal(
            "An Expedited change needs 24 hours: the earliest is Tue 3 Mar 10:00; an Emergency change could run now "
            + "with the on-call Deployment Specialist's approval.",
            refused.Message);
        s.Ok(Pablo, Change(ChangeType.Expedited, new(2026, 3, 3), new TimeOnly(10, 0)));
        s.Ok(Diego, Change(ChangeType.Emergency, new(2026, 3, 2), new TimeOnly(10, 0)));
        var tooSoon = s.Do(Pablo, Change(ChangeType.Normal, new(2026, 3, 2), new TimeOnly(12, 0)));
        Assert.EndsWith(
            "an Expedited change could run from Tue 3 Mar 10:00 with the DM's approval; an Emergency change could run "
            + "now with the on-call Deployment Specialist's approval.",
            tooSoon.Message);
    }

    [Fact]
    public void A_normal_change_is_approved_once_the_technical_lead_the_product_owner_and_the_cab_approve()
    {
        var s = Scenario.Opened().ToProduction();
        s.Ok(Pablo, Change(ChangeType.Normal, Monday9));

        var pablo = s.Ok(Pablo, new ApproveChange("C1"));
        Assert.Equal("CHG-D1-1 approved by Pablo (Technical Lead). It awaits Product Owner, CAB.", pablo.Message);
        Assert.Contains(pablo.Events, e => e is ChangeApproved { InFull: false });
        s.Ok(Clara, new ApproveChange("C1"));
        Assert.Equal(["Cora:Approve change CHG-D1-1 as Product Owner"], Owing(s));

        var cora = s.Ok(Cora, new ApproveChange("c1"));

        Assert.StartsWith("CHG-D1-1 approved by Cora (Product Owner): approved in full", cora.Message);
        var change = Assert.Single(s.Delivery.State.ChangeRequests);
        Assert.Equal(ChangeState.Approved, change.State);
        Assert.Equal(["Pablo", "Clara", "Cora"], change.Approvals.Select(a => a.By.DisplayName));
        Assert.Empty(Owing(s));
        Assert.Contains(s.Delivery.State.Audit, a => a.Action == "approve-change" && a.Actor == Cora);
    }

    [Fact]
    public void The_dm_records_the_clients_approval_only_with_evidence()
    {
        var s = Scenario.Opened().ToProduction();
        s.Ok(Pablo, Change(ChangeType.Normal, Monday9));
        s.Ok(Dana, new ApproveChange("C1")); // as CAB

        var without = s.Do(Dana, new ApproveChange("C1"));
        Assert.StartsWith("You already approved CHG-D1-1 (CAB)", without.Message);
        var with = s.Ok(Dana, new ApproveChange("C1", "Cora approved by email on 2 March: 'go ahead'"));

        Assert.Equal("CHG-D1-1 approved by Dana (Product Owner). It awaits Technical Lead.", with.Message);
        var recorded = s.Delivery.State.ChangeRequests[0].Approvals
            .Single(a => a.Approver == ChangeApprover.ProductOwner);
        Assert.Equal((Dana, "Cora approved by email on 2 March: 'go ahead'"), (recorded.By, recorded.Evidence));
    }

    [Fact]
    public void Approval_by_the_wrong_person_is_refused_and_changes_nothing()
    {
        var s = Scenario.Opened().ToProduction();
        s.Ok(Pablo, Change(ChangeType.Expedited, new(2026, 3, 4)));
        var state = s.Delivery.State;

        var quinn = s.Do(Quinn, new ApproveChange("C1"));
        var mallory = s.Do(Mallory, new RejectChange("C1", "no"));

        Assert.Equal(OutcomeKind.Forbidden, quinn.Kind);
        Assert.Equal(
            "Only the approvers CHG-D1-1 awaits can approve it — Manager: the Delivery Manager (Dana).", quinn.Message);
        Assert.Equal(OutcomeKind.Forbidden, mallory.Kind);
        Assert.Same(state, s.Delivery.State);
        Assert.Equal(OutcomeKind.Refused, s.Do(Dana, new ApproveChange("C9")).Kind);
    }

    [Fact]
    public void A_duplicate_approval_is_answered_as_the_first_and_changes_nothing()
    {
        var s = Scenario.Opened().ToProduction();
        s.Ok(Pablo, Change(ChangeType.Expedited, new(2026, 3, 4)));
        var first = s.Do(Dana, new ApproveChange("C1"), id: "click-1");
        var version = s.Delivery.Version;

        var retry = s.Do(Dana, new ApproveChange("C1"), id: "click-1");
        var again = s.Do(Dana, new ApproveChange("C1"), id: "click-2");

        Assert.Equal((OutcomeKind.Duplicate, first.Message), (retry.Kind, retry.Message));
        Assert.Equal(OutcomeKind.AlreadyDecided, again.Kind);
        Assert.StartsWith("CHG-D1-1 was already approved at 2026-03-02 10:00.", again.Message);
        Assert.Equal(version, s.Delivery.Version);
    }

    [Fact]
    public void A_rejection_closes_the_request_with_its_reason()
    {
        var s = Scenario.Opened().ToProduction();
        s.Ok(Pablo, Change(ChangeType.Normal, Monday9));
        s.Ok(Pablo, new ApproveChange("C1"));

        Assert.Equal(OutcomeKind.Refused, s.Do(Clara, new RejectChange("C1", " ")).Kind);
        var rejected = s.Ok(Clara, new RejectChange("C1", "Not during month end"));

        Assert.Equal("CHG-D1-1 rejected by Clara: Not during month end. The request is closed.", rejected.Message);
        Assert.Contains(rejected.Events, e => e is ChangeRejected { Reason: "Not during month end" });
        Assert.Equal(ChangeState.Rejected, s.Delivery.State.ChangeRequests[0].State);
        Assert.Empty(Owing(s));
        var late = s.Do(Cora, new ApproveChange("C1"));
        Assert.Equal(OutcomeKind.AlreadyDecided, late.Kind);
        Assert.Equal("CHG-D1-1 was rejected by Clara at 2026-03-02 10:00: Not during month end", late.Message);
    }

    [Fact]
    public void An_approved_change_moves_its_milestone_asks_for_acknowledgement_and_offers_the_delay_notice()
    {
        var s = Scenario.Opened().ToProduction();
        var plan = new ChangePlan("Invoices and credit notes", Milestone.ClientHandover, new(2026, 4, 10));
        s.Ok(Pablo, Change(ChangeType.Expedited, new(2026, 3, 4), plan: plan));
        Assert.Equal(new DateOnly(2026, 4, 3), s.Delivery.State.Milestones[(int)Milestone.ClientHandover].Target);

        var approved = s.Ok(Dana, new ApproveChange("C1"));

        Assert.Equal(new DateOnly(2026, 4, 10), s.Delivery.State.Milestones[(int)Milestone.ClientHandover].Target);
        var move = Assert.Single(s.Delivery.State.MilestoneMoves);
        Assert.Equal(("change CHG-D1-1: Schema", true), (move.Reason, move.NeedsAcknowledgement));
        Assert.Equal("Invoices and credit notes", s.Delivery.State.Scope);
        Assert.Contains(approved.Events, e => e is DelayNoticeDue { To.DisplayName: "Dana" });
        Assert.Contains(approved.Events,
            e => e is TurnOpened { Action.Kind: ActionKind.AcknowledgeRevisedSchedule, Person.DisplayName: "Pablo" });
        Assert.Contains(s.Delivery.State.Audit, a => a.Action == "reschedule-milestone");
    }

    [Theory]
    [InlineData(ChangeType.Standard, "A Standard change cannot change the scope or move a milestone")]
    [InlineData(ChangeType.Emergency, "A Emergency change cannot change the scope")]
    public void Only_a_change_the_cab_or_the_dm_approves_may_move_the_plan(ChangeType type, string told)
    {
        var s = Scenario.Opened().ToProduction();

        var outcome = s.Do(Diego, Change(type, new(2026, 3, 2), new TimeOnly(15, 0),
            new ChangePlan(Milestone: Milestone.ClientHandover, To: new(2026, 4, 10))));

        Assert.StartsWith(told, outcome.Message, StringComparison.Ordinal);
        Assert.Empty(s.Delivery.State.ChangeRequests);
    }

    [Fact]
    public void The_cab_is_the_cto_and_the_dm_until_the_dm_changes_it()
    {
        var s = Scenario.Opened().ToProduction();
        Assert.Equal([Role.Cto, Role.DeliveryManager], s.Delivery.State.ChangeBoard);

        Assert.Equal(OutcomeKind.Forbidden, s.Do(Pablo, new SetChangeBoard([Role.Cto])).Kind);
        Assert.Equal(OutcomeKind.Refused, s.Do(Dana, new SetChangeBoard([Role.ClientContact])).Kind);
        var set = s.Ok(Dana, new SetChangeBoard([Role.Cto, Role.QaEngineer]));
        s.Ok(Pablo, Change(ChangeType.Normal, Monday9));

        Assert.Equal("The CAB of D1 is now the CTO (Clara), the QA Engineer (Quinn).", set.Message);
        Assert.Contains("Quinn:Approve change CHG-D1-1 as CAB", Owing(s));
        Assert.DoesNotContain("Dana:Approve change CHG-D1-1 as CAB", Owing(s));
    }

    [Fact]
    public void The_change_renders_in_the_seeds_template_and_the_record_lists_it()
    {
        var s = Scenario.Opened().ToProduction();
        s.Ok(Pablo, Change(ChangeType.Normal, Monday9, title: "Schema | migration"));
        s.Ok(Pablo, new ApproveChange("C1"));

        var md = ChangeMarkdown.Render(s.Delivery, s.Delivery.State.ChangeRequests[0]);

        Assert.StartsWith("# Change Request: CHG-D1-1\n\n## Change Details\n- Title: Schema \\| migration\n"
            + "- Type: Normal\n- Risk: Medium\n- Environment: Production\n", md);
        foreach (var heading in new[] { "## Requestor\n- Name: Pablo\n- Team: Platform\n- Date: 2026-03-02",
            "## Impact Analysis\n- Systems affected: Invoice DB", "## Implementation Plan", "## Rollback Plan",
            "## Testing Plan", "## Schedule\n- Proposed date: 2026-03-09\n- Start time: 02:00 Europe/London\n"
            + "- Duration: 2 hours\n- Change freeze exception: No",
            "| Role | Name | Status | Date |", "| Technical Lead | Pablo | Approved | 2026-03-02 |",
            "| Product Owner | Cora | Pending |", "| CAB | Clara, Dana | Pending |" })
            Assert.Contains(heading, md, StringComparison.Ordinal);
        var record = RecordMarkdown.Render(s.Delivery, s.Clock.GetUtcNow());
        Assert.Contains("## Changes\n| Change | Title | Type | Risk | Scheduled | Status |\n", record);
        Assert.Contains(
            "| CHG-D1-1 | Schema \\| migration | Normal | Medium | 2026-03-09 02:00 | Pending: Product Owner, CAB |",
            record);
        Assert.Contains("| CHG-D1-1 |", ChangeMarkdown.List(s.Delivery));
    }

    [Fact]
    public void A_card_drawn_before_the_cab_changed_is_stale_but_one_drawn_before_another_approval_is_not()
    {
        var s = Scenario.Opened().ToProduction();
        s.Ok(Pablo, Change(ChangeType.Normal, Monday9));
        var drawn = s.Delivery.Version;
        s.Ok(Pablo, new ApproveChange("C1"));

        s.Ok(Clara, new ApproveChange("C1"));
        Assert.Equal(OutcomeKind.Applied, s.Do(Cora, new ApproveChange("C1"), version: drawn).Kind);

        s.Ok(Pablo, Change(ChangeType.Normal, Monday9));
        drawn = s.Delivery.Version;
        s.Ok(Dana, new SetChangeBoard([Role.Cto]));
        Assert.Equal(OutcomeKind.Stale, s.Do(Clara, new ApproveChange("C2"), version: drawn).Kind);
    }
}
