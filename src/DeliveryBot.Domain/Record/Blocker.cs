using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Record;

/// <summary>
/// Something stopping progress (a production blocker, a deployment issue). It must be resolved within the
/// delivery's acceptable delay or it escalates to the CTO. Its impact, as assessed when it was raised: in words, and
/// which milestone it delays by how many business days.
/// </summary>
public sealed record Blocker(
    string Id, Stage Stage, string Description, Person RaisedBy, DateTimeOffset RaisedAt,
    string? Impact = null, string? Resolution = null, DateTimeOffset? ResolvedAt = null,
    Milestone? Delays = null, int? DelayDays = null, Person? ResolvedBy = null)
{
    public bool IsOpen => ResolvedAt is null;

    /// <summary>
    /// Whether it holds <paramref name="stage"/>: open and raised in it (the stage's gates wait, and so does a go).
    /// </summary>
    public bool Holds(Stage stage) => IsOpen && Stage == stage;

    /// <summary>What it delays, in words ("QA submitted by 3 business days"), or null when not assessed.</summary>
    public string? DelayText => Delays is { } m
        ? $"{m.Title()} by {Counted.Of(DelayDays.GetValueOrDefault(), "business day")}"
        : null;
}
