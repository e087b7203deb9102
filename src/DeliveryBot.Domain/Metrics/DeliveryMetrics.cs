using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Domain.Metrics;

/// <summary>
/// What one delivery's record says about how it went, as of <c>now</c>: on time or not, the slip of each milestone,
/// QA first pass, time in each stage, how long each gate check took to answer and how many nudges it took, the
/// escalations and the lead time from intake to handover. A figure the record cannot give yet is null, not zero.
/// </summary>
public sealed record DeliveryMetrics(
    string DeliveryId,
    bool? OnTime,
    IReadOnlyList<MilestoneSlip> Slips,
    bool? QaFirstPass,
    IReadOnlyList<StageTime> Stages,
    IReadOnlyList<GateAnswer> Answers,
    int Escalations,
    IReadOnlyList<TimeSpan> EscalationResolveTimes,
    LeadTime? IntakeToHandover)
{
    /// <summary>The mean time to resolve the resolved escalations; null when none is resolved.</summary>
    public TimeSpan? MeanTimeToResolve => Spans.Mean(EscalationResolveTimes);

    public static DeliveryMetrics Of(Delivery delivery, DateTimeOffset now)
    {
        var s = delivery.State;
        var calendar = delivery.Calendar;
        var today = calendar.LocalDate(now);
        var handedOver = delivery.ActualDeliveryDate;
        return new DeliveryMetrics(
            s.Id,
            // On time against the date agreed with the client, not the plan's target (which may have moved).
            OnTime: handedOver is { } d && s.AgreedDeliveryDate is { } agreed ? d <= agreed : null,
            Slips: [.. s.Milestones.Select(m => MilestoneSlip.Of(delivery, m, today)).OfType<MilestoneSlip>()],
            QaFirstPass: s.QaAttempts.FirstOrDefault()?.Verdict is { } verdict ? verdict == QaVerdict.Pass : null,
            Stages: [.. s.Stages.Where(p => p.StartedAt is not null && p.State != StageState.Skipped)
                .Select(p => StageTime.Of(p, now))],
            Answers: [.. StageCatalog.AllChecks.Select(c => GateAnswer.Of(delivery, c)).OfType<GateAnswer>()],
            Escalations: s.Escalations.Count,
            EscalationResolveTimes: [.. s.Escalations.Where(e => e.ResolvedAt is not null)
                .Select(e => Spans.AtLeastZero(e.ResolvedAt!.Value - e.RaisedAt))],
            IntakeToHandover: handedOver is { } h ? LeadTime.Of(delivery, s.IntakeDate, h) : null);
    }
}

/// <summary>How long a stage ran: start to end, or to now while it is under way (<see cref="StillRunning"/>).</summary>
public sealed record StageTime(Stage Stage, TimeSpan Duration, bool StillRunning)
{
    internal static StageTime Of(StageProgress progress, DateTimeOffset now)
        => new(progress.Stage, Spans.AtLeastZero((progress.EndedAt ?? now) - progress.StartedAt!.Value),
            StillRunning: progress.EndedAt is null);
}

/// <summary>
/// A lead time between two dates of the record, in calendar days and in business days on the delivery's calendar.
/// </summary>
public sealed record LeadTime(int Days, int BusinessDays)
{
    internal static LeadTime Of(Delivery delivery, DateOnly from, DateOnly to)
        => new(Math.Max(0, to.DayNumber - from.DayNumber), delivery.Calendar.BusinessDaysBetween(from, to));
}
