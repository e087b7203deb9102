using DeliveryBot.Domain.Calendar;
using DeliveryBot.Domain.Common;

namespace DeliveryBot.Domain.Record;

/// <summary>
/// How a delivery is paced: its business calendar, the client status-update cadence, the production
/// check-in interval and the gate-nudge policy. Defaults are what a DM would pick without thinking.
/// </summary>
public sealed record DeliverySettings
{
    public required WorkingPattern Calendar { get; init; }
    public StatusUpdateCadence? Cadence { get; init; }
    public int CheckInEveryBusinessDays { get; init; } = 2;
    public int NudgeAfterBusinessHours { get; init; } = 8;
    public int NudgesBeforeTellingDm { get; init; } = 2;
    public int BlockerAcceptableDelayDays { get; init; } = 2;

    /// <summary>
    /// One clock for every incident severity's targets, when the DM chose one; null runs the seed's (SEV-1 and SEV-2
    /// on the wall clock, SEV-3 and SEV-4 on business hours).
    /// </summary>
    public Incidents.IncidentClock? IncidentClock { get; init; }

    public static DeliverySettings For(string timeZoneId)
        => new() { Calendar = new WorkingPattern { TimeZoneId = timeZoneId } };

    public void Validate()
    {
        new BusinessCalendar(Calendar).RequireWorkingDays();
        Cadence?.Validate();
        if (CheckInEveryBusinessDays is < 1 or > 20)
            throw new RuleViolation("Check-ins must be every 1 to 20 business days.");
        if (NudgeAfterBusinessHours is < 1 or > 80)
            throw new RuleViolation("Nudges must come after 1 to 80 business hours.");
        if (NudgesBeforeTellingDm is < 1 or > 10)
            throw new RuleViolation("The DM must be told after 1 to 10 nudges.");
        if (BlockerAcceptableDelayDays is < 0 or > 30)
            throw new RuleViolation("A blocker's acceptable delay must be 0 to 30 business days.");
    }
}
