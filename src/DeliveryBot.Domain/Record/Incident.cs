using System.Collections.Immutable;
using DeliveryBot.Domain.Incidents;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Service;

namespace DeliveryBot.Domain.Record;

/// <summary>
/// An incident in the service a delivery put live (the seed's detect → triage → respond → resolve → review): what
/// happened, how severe, who commands it, and its own timeline, from which the incident report is written. Targets
/// run from <see cref="DetectedAt"/> at the current severity; the commander's acknowledgement is the response.
/// </summary>
public sealed record Incident
{
    /// <summary>Its id within the delivery (I1); shown as D1-I1.</summary>
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required Severity Severity { get; init; }
    public required string AffectedServices { get; init; }

    /// <summary>A complete outage: its minutes, from detection to restored, count against the error budget.</summary>
    public bool IsOutage { get; init; }
    public required DateTimeOffset DetectedAt { get; init; }

    /// <summary>
    /// When the impact began, when known to be before detection: the time to detect (MTTD) runs from it.
    /// </summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the impact began: the start given, else the detection.</summary>
    public DateTimeOffset ImpactStart => StartedAt ?? DetectedAt;
    public required Person DeclaredBy { get; init; }
    public required DateTimeOffset DeclaredAt { get; init; }
    public required Person Commander { get; init; }
    public Person? AcknowledgedBy { get; init; }
    public DateTimeOffset? AcknowledgedAt { get; init; }
    public IncidentResolution? Resolution { get; init; }

    /// <summary>The post-incident review, once run (after the resolution).</summary>
    public IncidentReview? Review { get; init; }

    /// <summary>Everything that happened to it, in order: the report's timeline.</summary>
    public ImmutableList<IncidentEvent> Timeline { get; init; } = [];

    public bool IsOpen => Resolution is null;

    /// <summary>
    /// The outage it counts against the error budget, from the impact's start to restored (to <paramref name="now"/>
    /// while open); null when it is not an outage.
    /// </summary>
    public Interval? Outage(DateTimeOffset now)
        => IsOutage ? new Interval(ImpactStart, Resolution?.RestoredAt ?? now) : null;
}

/// <summary>How an incident was resolved: the fix, the root cause, when the service was restored, by whom.</summary>
public sealed record IncidentResolution(
    string Fix, string RootCause, string? CustomerImpact, DateTimeOffset RestoredAt, Person By, DateTimeOffset At);

/// <summary>One line of an incident's timeline: when, who, what (declared, acknowledged, a status update...).</summary>
public sealed record IncidentEvent(DateTimeOffset At, Person By, IncidentEventKind Kind, string What);

public enum IncidentEventKind
{
    Declared, Acknowledged, SeverityChanged, StatusUpdate, Resolved,

    /// <summary>The post-incident review was run or amended.</summary>
    Reviewed,
    ActionItemDone,
}
