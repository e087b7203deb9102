using DeliveryBot.Domain.Calendar;

namespace DeliveryBot.Domain.Incidents;

/// <summary>
/// What each severity promises, from the seed's incident levels: the response target (an incident commander
/// acknowledges), the resolution target, the cadence of status updates to the stakeholders while it is open, and the
/// clock they run on. SEV-1 and SEV-2 run on the wall clock (an outage at 3 a.m. on a Sunday is answered then);
/// SEV-3 and SEV-4 on the business calendar. The status cadences past SEV-2 are ours: the seed gives SEV-1 every
/// 30 minutes and SEV-2 hourly only.
/// </summary>
public sealed record SeverityTargets(
    Severity Severity,
    string Definition,
    TargetSpan Response,
    TargetSpan Resolution,
    TargetSpan StatusEvery,
    IncidentClock Clock)
{
    public static readonly IReadOnlyList<SeverityTargets> Seed =
    [
        new(Severity.Sev1, "Complete service outage, data loss or security breach",
            Response: TargetSpan.Minutes(15), Resolution: TargetSpan.Hours(4),
            StatusEvery: TargetSpan.Minutes(30), IncidentClock.Wall),
        new(Severity.Sev2, "Major feature unavailable, or significant performance degradation",
            Response: TargetSpan.Minutes(30), Resolution: TargetSpan.Hours(8),
            StatusEvery: TargetSpan.Hours(1), IncidentClock.Wall),
        new(Severity.Sev3, "Minor feature impact, a workaround available",
            Response: TargetSpan.Hours(2), Resolution: TargetSpan.Hours(24),
            StatusEvery: TargetSpan.Hours(4), IncidentClock.Business),
        new(Severity.Sev4, "Cosmetic issues, no customer impact",
            Response: TargetSpan.Hours(8), Resolution: TargetSpan.Days(5),
            StatusEvery: TargetSpan.Days(1), IncidentClock.Business),
    ];

    public static SeverityTargets Of(Severity severity) => Seed.Single(t => t.Severity == severity);

    /// <summary>"SEV-2".</summary>
    public static string Title(Severity severity) => $"SEV-{(int)severity}";

    /// <summary>The same targets on another clock (a delivery may run every severity on one clock).</summary>
    public SeverityTargets On(IncidentClock clock) => this with { Clock = clock };

    /// <summary>When the response is due for an incident detected at <paramref name="detected"/>.</summary>
    public DateTimeOffset ResponseDue(DateTimeOffset detected, BusinessCalendar calendar)
        => Response.After(detected, Clock, calendar);

    /// <summary>When the resolution is due for an incident detected at <paramref name="detected"/>.</summary>
    public DateTimeOffset ResolutionDue(DateTimeOffset detected, BusinessCalendar calendar)
        => Resolution.After(detected, Clock, calendar);

    /// <summary>When the next status update is due after the last one (or the declaration).</summary>
    public DateTimeOffset StatusDue(DateTimeOffset last, BusinessCalendar calendar)
        => StatusEvery.After(last, Clock, calendar);
}
