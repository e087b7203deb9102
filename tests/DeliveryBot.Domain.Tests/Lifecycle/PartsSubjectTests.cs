using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Lifecycle;

/// <summary>
/// A subject made of parts of the record changes when a part changes by value, whichever part, and not when a list of
/// it is only copied (a command that rebuilds a list with the same items leaves every card drawn from it current).
/// </summary>
public sealed class PartsSubjectTests
{
    private static readonly DateTimeOffset At = Scenario.Start.AddDays(1);

    private static DeliveryState State()
    {
        var s = Scenario.Opened().Planned();
        s.Ok(Pablo, new Commands.DelegateRole(Role.ProductionLineArchitect, Sam, new DateOnly(2026, 3, 3), "Leave"));
        return s.Delivery.State with
        {
            CheckIns = [new CheckIn(At, CheckInStatus.OnTrack, "fine", Pablo)],
            DeploymentChecklistDone = ["backup"],
            DeploymentChecklistMarks = [new ChecklistMark("backup", true, Pablo, At)],
            ExitCriteriaMarks = [new ExitCriterionMark("tests", true, Dana, At)],
        };
    }

    /// <summary>Every subject of parts, and changes each of which only it must notice.</summary>
    public static TheoryData<string, string> Changes() => new()
    {
        { "intake", "scope" }, { "intake", "intake date" }, { "agreed-date", "agreed date" },
        { "agreed-date", "agreed date cleared" }, { "people", "a stakeholder gone" }, { "people", "a delegation gone" },
        { "production", "a check-in" }, { "production", "production started" }, { "deployment", "a checklist item" },
        { "deployment", "a checklist mark" }, { "deployment", "deployment started" }, { "release", "an exit mark" },
        { "settings", "reminders paused" }, { "closed", "closed" },
    };

    private static DeliveryState Changed(DeliveryState s, string change) => change switch
    {
        "scope" => s with { Scope = s.Scope + " and more" },
        "intake date" => s with { IntakeDate = s.IntakeDate.AddDays(1) },
        "agreed date" => s with { AgreedDeliveryDate = s.AgreedDeliveryDate!.Value.AddDays(1) },
        "agreed date cleared" => s with { AgreedDeliveryDate = null },
        "a stakeholder gone" => s with { Stakeholders = s.Stakeholders.RemoveAt(0) },
        "a delegation gone" => s with { Delegations = [] },
        "a check-in" => s with { CheckIns = s.CheckIns.Add(new CheckIn(At, CheckInStatus.AtRisk, null, Pablo)) },
        "production started" => s with
        {
            Milestones = s.Milestones.SetItem((int)Milestone.ProductionStart,
                s.Milestones[(int)Milestone.ProductionStart] with { Actual = new DateOnly(2026, 3, 4) }),
        },
        "a checklist item" => s with { DeploymentChecklistDone = ["backup", "dns"] },
        "a checklist mark" => s with
        {
            DeploymentChecklistMarks = [new ChecklistMark("backup", false, Pablo, At)],
        },
        "deployment started" => s with
        {
            Milestones = s.Milestones.SetItem((int)Milestone.DeploymentStart,
                s.Milestones[(int)Milestone.DeploymentStart] with { Actual = new DateOnly(2026, 3, 9) }),
        },
        "an exit mark" => s with { ExitCriteriaMarks = [new ExitCriterionMark("tests", false, Dana, At)] },
        "reminders paused" => s with { RemindersPaused = new ReminderPause(At, Dana) },
        "closed" => s with { ClosedAt = At },
        _ => throw new ArgumentOutOfRangeException(nameof(change)),
    };

    private static readonly Subject[] OfParts =
    [
        Subject.IntakeDetails, Subject.AgreedDate, Subject.People, Subject.Production, Subject.Deployment,
        Subject.Release, Subject.Handover, Subject.Review, Subject.Settings, Subject.Closed,
    ];

    [Theory]
    [MemberData(nameof(Changes))]
    public void A_change_of_a_part_changes_its_subject_and_no_other(string subject, string change)
    {
        var before = State();
        var after = Changed(before, change);

        foreach (var s in OfParts)
            Assert.True(s.Differs(before, after) == (s.Key == subject), $"{s.Key} after {change}");
    }

    [Fact]
    public void Lists_copied_item_for_item_and_values_made_again_change_no_subject()
    {
        var before = State();
        var after = before with
        {
            Client = new string(before.Client.ToCharArray()),
            Stakeholders = [.. before.Stakeholders],
            Delegations = [.. before.Delegations],
            CheckIns = [.. before.CheckIns.Select(c => c with { })],
            DeploymentChecklistDone = [.. before.DeploymentChecklistDone],
            DeploymentChecklistMarks = [.. before.DeploymentChecklistMarks],
            ExitCriteriaMarks = [.. before.ExitCriteriaMarks],
            GoNoGoDecisions = [.. before.GoNoGoDecisions],
            Settings = before.Settings with { },
        };

        Assert.All(OfParts, s => Assert.False(s.Differs(before, after), s.Key));
    }
}
