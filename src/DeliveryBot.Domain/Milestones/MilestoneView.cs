using DeliveryBot.Domain.Common;

namespace DeliveryBot.Domain.Milestones;

/// <summary>What a milestone row says as of a day.</summary>
public enum MilestoneStatus { NotScheduled, Upcoming, DueToday, Late, BeyondAcceptableDelay, Done, DoneLate, Skipped }

/// <summary>A milestone's status with how many business days it is (or was) late.</summary>
public sealed record MilestoneView(MilestoneEntry Entry, MilestoneStatus Status, int BusinessDaysLate)
{
    public string Label => Status switch
    {
        MilestoneStatus.NotScheduled => "Not scheduled",
        MilestoneStatus.Upcoming => "Upcoming",
        MilestoneStatus.DueToday => "Due today",
        MilestoneStatus.Late when BusinessDaysLate == 0 => "Late",
        MilestoneStatus.Late => LateTexts[BusinessDaysLate],
        MilestoneStatus.BeyondAcceptableDelay => Beyond(BusinessDaysLate, Entry.AcceptableDelayDays),
        MilestoneStatus.Done => "Done",
        MilestoneStatus.DoneLate => DoneLateTexts[BusinessDaysLate],
        MilestoneStatus.Skipped => "Skipped",
        _ => Status.ToString(),
    };

    // Every status card shows every milestone's label on every redraw, and a late one's text only says its numbers:
    // each is made once (NumberTexts).
    private static readonly NumberTexts LateTexts = new(n => $"Late ({Counted.Of(n, "business day")})");
    private static readonly NumberTexts DoneLateTexts = new(n => $"Done ({Counted.Of(n, "business day")} late)");
    private static readonly NumberTexts?[] BeyondTexts = new NumberTexts?[NumberTexts.Kept];

    private static string Beyond(int days, int acceptable)
    {
        if ((uint)acceptable >= (uint)BeyondTexts.Length) return BeyondText(days, acceptable);
        var texts = BeyondTexts[acceptable] ??= new(n => BeyondText(n, acceptable));
        return texts[days];
    }

    private static string BeyondText(int days, int acceptable)
        => $"Late ({days} business days, beyond the acceptable {acceptable})";

    public bool IsLate => Status is MilestoneStatus.Late or MilestoneStatus.BeyondAcceptableDelay;
}
