using System.Diagnostics;
using System.Diagnostics.Metrics;
using DeliveryBot.Domain.Deliveries;

namespace DeliveryBot.Application.Telemetry;

/// <summary>
/// The bot's one trace source and one meter, and the instruments every layer records into. Nothing listens unless the
/// host turns telemetry on, and then an unused instrument costs a flag check: recording is safe on the hot path.
/// </summary>
/// <remarks>
/// Names follow OpenTelemetry's conventions: dotted lower case under <c>deliverybot.</c>, durations in seconds
/// (<c>s</c>), counts in braces. Tags carry ids and kinds, never what a person typed.
/// </remarks>
public static class DeliveryTelemetry
{
    public const string Name = "DeliveryBot";

    public static readonly ActivitySource Source = new(Name);

    /// <summary>
    /// The source of a span per database read and write. Its own source, so the host listens to it only when asked
    /// (<c>Telemetry:DatabaseSpans</c>): on SQLite they were half of a click's spans, and the save's own span already
    /// times the write a click waits on.
    /// </summary>
    public const string DatabaseName = "DeliveryBot.Database";

    public static readonly ActivitySource Database = new(DatabaseName);

    public static readonly Meter Meter = new(Name);

    /// <summary>How long a card button took to answer, from the activity read to the invoke response.</summary>
    public static readonly Histogram<double> ClickDuration = Meter.CreateHistogram<double>(
        "deliverybot.click.duration", "s", "How long a card click (adaptiveCard/action invoke) took to answer");

    /// <summary>How long a chat command took to answer.</summary>
    public static readonly Histogram<double> CommandDuration = Meter.CreateHistogram<double>(
        "deliverybot.command.duration", "s", "How long a chat command took to answer");

    /// <summary>What the domain decided for each command on a stored delivery.</summary>
    public static readonly Counter<long> Decisions = Meter.CreateCounter<long>(
        "deliverybot.decisions", "{decision}",
        "Commands decided on a delivery, by outcome (applied, duplicate, already_decided, stale, forbidden, refused)");

    /// <summary>How late a reminder went out: sent at minus the time the policy said it was due.</summary>
    public static readonly Histogram<double> ReminderLag = Meter.CreateHistogram<double>(
        "deliverybot.reminder.lag", "s", "Time from a reminder falling due to Teams taking it");

    /// <summary>What became of each outbox row the dispatcher dealt with.</summary>
    public static readonly Counter<long> OutboxSends = Meter.CreateCounter<long>(
        "deliverybot.outbox.sends", "{message}",
        "Outbox messages dealt with, by kind and result (sent, skipped, retry, given_up)");

    /// <summary>A database that could not be used, by the reason the dialect recognised.</summary>
    public static readonly Counter<long> StorageFaults = Meter.CreateCounter<long>(
        "deliverybot.storage.faults", "{fault}", "Database faults (locked, disk full, corrupt, unreachable)");

    /// <summary>
    /// A delivery record read and parsed from the database because this process did not keep it at its stored version
    /// (Storage:RecordCacheMegabytes): against the decisions, how often a click or command paid for a whole load.
    /// </summary>
    public static readonly Counter<long> RecordsParsed = Meter.CreateCounter<long>(
        "deliverybot.records.parsed", "{record}",
        "Delivery records parsed from the database because this process did not keep them at their stored version");

    /// <summary>The span of one decision on a delivery; null when nobody listens.</summary>
    public static Activity? StartDecision(string deliveryKey, string source)
    {
        var span = Source.StartActivity("delivery.decide");
        // a span a sampler dropped still exists (it carries the trace on); its tags would be built for nobody
        if (span is not { IsAllDataRequested: true }) return span;
        span.SetTag("deliverybot.delivery.id", DeliveryKey.IdOf(deliveryKey));
        var slash = deliveryKey.LastIndexOf('/');
        if (slash > 0) span.SetTag("deliverybot.tenant", deliveryKey[..slash]);
        span.SetTag("deliverybot.source", source);
        return span;
    }

    /// <summary>Counts a decision and writes it on its span.</summary>
    public static void Decided(Activity? span, OutcomeKind outcome)
    {
        var name = OutcomeName(outcome);
        if (span is { IsAllDataRequested: true }) span.SetTag("deliverybot.outcome", name);
        if (Decisions.Enabled) Decisions.Add(1, new KeyValuePair<string, object?>("deliverybot.outcome", name));
    }

    /// <summary>The outcome as a tag value; constant strings, so tagging allocates nothing.</summary>
    public static string OutcomeName(OutcomeKind outcome) => outcome switch
    {
        OutcomeKind.Applied => "applied",
        OutcomeKind.Duplicate => "duplicate",
        OutcomeKind.AlreadyDecided => "already_decided",
        OutcomeKind.Stale => "stale",
        OutcomeKind.Forbidden => "forbidden",
        _ => "refused",
    };
}
