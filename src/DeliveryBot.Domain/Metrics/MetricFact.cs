using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Incidents;
using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Metrics;

/// <summary>
/// One thing a delivery's record adds to an organisation's metrics of a month, in the delivery's own calendar: a count
/// and a whole-number total (seconds, days, business days, nudges, passes), so a month's figures are sums of facts and
/// the store can keep the sums as records are saved. Whole numbers add and subtract without drift.
/// </summary>
/// <param name="Month">The first day of the month it falls in, in the delivery's zone (<see cref="MetricFacts.Open"/>
/// for a fact of no month: an outage still under way).</param>
/// <param name="Key">What it counts (<see cref="MetricKeys"/>).</param>
public readonly record struct MetricFact(DateOnly Month, string Key, long Count, long Total)
{
    /// <summary>
    /// The order a record's facts are listed in: by month, then key (ordinal). Two lists in it are compared by one
    /// walk of both (<see cref="MetricFacts.Changes"/>, the store's rows).
    /// </summary>
    public static readonly IComparer<MetricFact> Order = Comparer<MetricFact>.Create(
        static (a, b) => a.Month != b.Month ? a.Month.CompareTo(b.Month) : string.CompareOrdinal(a.Key, b.Key));
}

/// <summary>
/// How one fact of a record moved between two lists of its facts (<see cref="MetricFacts.Moves"/>): the difference it
/// makes to the organisation's sums, and the fact as it now stands (none when it is gone).
/// </summary>
public readonly record struct MetricFactMove(MetricFact Difference, MetricFact? Now);

/// <summary>The names of the facts, as the store keeps them: renaming one means recounting every record.</summary>
public static class MetricKeys
{
    /// <summary>A handover to the client; total: calendar days from intake.</summary>
    public const string HandedOver = "handed-over";

    /// <summary>A handover on or before the date agreed with the client.</summary>
    public const string OnTime = "on-time";

    /// <summary>A milestone reached; total: its slip in business days (negative when early).</summary>
    public const string Slip = "slip";

    /// <summary>A first QA verdict; total: 1 for a PASS.</summary>
    public const string QaFirstVerdict = "qa-first";

    /// <summary>An escalation raised.</summary>
    public const string EscalationRaised = "escalation-raised";

    /// <summary>An escalation resolved; total: seconds from raised.</summary>
    public const string EscalationResolved = "escalation-resolved";

    /// <summary>A go-live.</summary>
    public const string GoLive = "go-live";

    /// <summary>A go-live after production started; total: seconds from production start to go-live.</summary>
    public const string LeadTime = "lead-time";

    /// <summary>A deployment that failed before going live.</summary>
    public const string FailedDeployment = "failed-deployment";

    /// <summary>A go-live rolled back afterwards (counted in the go-live's month).</summary>
    public const string RolledBack = "rolled-back";

    /// <summary>An incident resolved; total: seconds from detection to restored (MTTR).</summary>
    public const string Recovered = "incident-recovered";

    /// <summary>An incident; total: seconds from the impact's start to detection (MTTD).</summary>
    public const string Detected = "incident-detected";

    /// <summary>An incident acknowledged; total: seconds from detection (MTTA).</summary>
    public const string Acknowledged = "incident-acknowledged";

    /// <summary>
    /// The outages of the service in the month; total: the seconds they used, maintenance left out. In
    /// <see cref="MetricFacts.Open"/>: an outage under way, the availability read from the record.
    /// </summary>
    public const string Outage = "outage";

    /// <summary>The month of an outage; total: its first moment on the delivery's calendar, in Unix seconds.</summary>
    public const string OutageMonthStart = "outage-month-start";

    /// <summary>The month of an outage; total: its length in seconds on the delivery's calendar.</summary>
    public const string OutageMonthSeconds = "outage-month-seconds";

    /// <summary>A gate check answered by <paramref name="role"/>; total: seconds from the ask.</summary>
    public static string Answer(Role role) => Answers.Of(role);

    /// <summary>A gate check answered by <paramref name="role"/>; total: the nudges it took.</summary>
    public static string Nudges(Role role) => NudgesOf.Of(role);

    /// <summary>An incident of <paramref name="severity"/> detected.</summary>
    public static string Incident(Severity severity) => Incidents.Of(severity);

    // made once: every save lists the facts of every gate answered, two keys each
    private static readonly EnumKeys<Role> Answers = new("answer:"), NudgesOf = new("nudges:");
    private static readonly EnumKeys<Severity> Incidents = new("incident:");
}
