using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.Record;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Teams.Tests.Cards;

/// <summary>
/// Re-planning on cards, through real invokes: the DM moves a milestone from the planning card ("Move a milestone"),
/// the PLA and the Deployment Specialist acknowledge the revised schedule on their schedule card, the DM marks the
/// delay notice sent on the update card; every other stakeholder's copy of the schedule is read-only. A date that does
/// not parse, a missing reason or the wrong person change nothing, and the card says why.
/// </summary>
public sealed class ReplanCardTests : CardClickTest
{
    private static Dictionary<string, string> Move(
        string milestone = "ClientHandover", string date = "2026-04-08", string reason = "QA capacity is short")
        => new() { ["milestone"] = milestone, ["newTarget"] = date, ["reason"] = reason };

    [Fact]
    public async Task The_dm_moves_a_milestone_on_the_planning_card_and_the_pla_acknowledges_the_revised_schedule()
    {
        await StoreAsync(Scenario.Opened().ToProduction());

        var planning = await SeenByAsync(Dana, "planning");
        Assert.Contains("Move a milestone", Buttons(planning));
        Assert.Contains("ClientHandover", Choices(planning, "milestone"));
        Assert.DoesNotContain("IntakeHandoff", Choices(planning, "milestone")); // reached: it cannot move
        Assert.DoesNotContain("Move a milestone", Buttons(await SeenByAsync(Pablo, "planning")));

        var moved = await ClickAsync(Dana, "planning", "plan.move", Move());
        Assert.DoesNotContain("⛔", Texts(moved));
        var d = await NowAsync();
        Assert.Equal(new DateOnly(2026, 4, 8), d.State.Milestones[(int)Milestone.ClientHandover].Target);
        var move = Assert.Single(d.State.MilestoneMoves);
        Assert.Equal(("QA capacity is short", "Dana"), (move.Reason, move.By.DisplayName));

        var pablo = await SeenByAsync(Pablo, "schedule", focus: "revised");
        Assert.Contains("Acknowledge the revised schedule", Buttons(pablo));
        Assert.Contains("Client handover | 2026-04-08 (2 business days' grace)", Texts(pablo));
        Assert.Contains("Client handover moved from 2026-04-03 to 2026-04-08 by Dana: QA capacity is short",
            Texts(pablo));
        Assert.Empty(Buttons(await SeenByAsync(Quinn, "schedule", focus: "revised")));

        var refused = await ClickAsync(Quinn, "schedule", "schedule.acknowledge-revised", focus: "revised");
        Assert.Contains("Only the Production Line Architect (Pablo) or the Deployment Specialist (Diego)",
            Texts(refused));
        var done = await ClickAsync(Pablo, "schedule", "schedule.acknowledge-revised", focus: "revised");
        Assert.Contains("Waiting for Diego (Deployment Specialist). Acknowledged: Production Line Architect: Pablo",
            Texts(done));
        Assert.Empty(Buttons(done)); // his part is done; Diego's view still has the button
        Assert.Contains("Acknowledge the revised schedule", Buttons(await SeenByAsync(Diego, "schedule", "revised")));
        Assert.Single((await NowAsync()).State.RevisedScheduleAcknowledgements);
    }

    [Theory]
    [InlineData("Moon", "2026-04-08", "QA", "⛔ Pick the milestone to move. Nothing changed.")]
    [InlineData("ClientHandover", "2026-02-30", "QA",
        "⛔ The new target date: '2026-02-30' is not a date (use the date picker, or yyyy-MM-dd). Nothing changed.")]
    [InlineData("ClientHandover", "", "QA", "⛔ Pick the new target date. Nothing changed.")]
    [InlineData("ClientHandover", "2026-04-08", " ", "⛔ Say why it moves. Nothing changed.")]
    [InlineData("IntakeHandoff", "2026-04-08", "QA", "Intake handoff was already reached on 2026-03-02.")]
    [InlineData("QaCertified", "2026-03-01", "QA", "cannot be before 2026-03-02")]
    public async Task A_move_that_does_not_hold_changes_nothing_and_the_card_says_why(
        string milestone, string date, string reason, string told)
    {
        var stored = await StoreAsync(Scenario.Opened().ToProduction());

        var response = await ClickAsync(Dana, "planning", "plan.move", Move(milestone, date, reason));

        Assert.Contains(told, Texts(response));
        var now = await NowAsync();
        Assert.Equal((stored.Version, 0), (now.Version, now.State.MilestoneMoves.Count));
    }

    [Fact]
    public async Task Only_the_dm_moves_a_milestone()
    {
        var stored = await StoreAsync(Scenario.Opened().ToProduction());

        var response = await ClickAsync(Pablo, "planning", "plan.move", Move());

        Assert.Contains("Only the Delivery Manager (Dana) can do this.", Texts(response));
        Assert.Equal(stored.Version, (await NowAsync()).Version);
    }

    [Fact]
    public async Task The_shared_schedule_is_read_only_and_shows_no_acceptable_delays_or_reasons()
    {
        var s = Scenario.Opened().ToProduction();
        s.Ok(Dana, new RescheduleMilestone(Milestone.ClientHandover, new(2026, 4, 8), "internal: QA capacity"));
        await StoreAsync(s);

        var shown = await SeenByAsync(Quinn, "schedule", focus: "shared");

        Assert.Empty(Buttons(shown));
        Assert.Contains("Client handover | 2026-04-08", Texts(shown));
        Assert.Contains("Client handover moved from 2026-04-03 to 2026-04-08 by Dana.", Texts(shown));
        Assert.DoesNotContain("grace", Texts(shown));
        Assert.DoesNotContain("internal", Texts(shown));
        Assert.Empty(Buttons(await ClickAsync(Dana, "schedule", "card.refresh", focus: "shared")));
    }

    [Fact]
    public async Task The_dm_marks_the_delay_notice_sent_and_the_record_logs_it()
    {
        var s = Scenario.Opened().ToQa();
        s.Ok(Quinn, new RecordQaVerdict(1, QaVerdict.Fail, "Credit notes misrouted"));
        await StoreAsync(s);

        var card = await SeenByAsync(Dana, "update", nameof(CommunicationType.DelayNotice));
        Assert.Contains("Quality check 1 did not pass", Texts(card));

        var sent = await ClickAsync(Dana, "update", "update.sent",
            new Dictionary<string, string> { ["summary"] = "QA found an issue; handover moves 3 days" },
            focus: nameof(CommunicationType.DelayNotice));

        Assert.Contains("Delay notice (Teams): QA found an issue; handover moves 3 days", Texts(sent));
        Assert.Single((await NowAsync()).State.StatusUpdates, u => u.Type == CommunicationType.DelayNotice);
    }
}
