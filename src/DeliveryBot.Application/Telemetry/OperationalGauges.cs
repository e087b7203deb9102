using System.Diagnostics.Metrics;
using DeliveryBot.Application.Storage;

namespace DeliveryBot.Application.Telemetry;

/// <summary>
/// The gauges read from the store when the metrics are collected (once per export, not per click): the outbox's
/// depth and the age of its oldest due message, and the deliveries under way per stage. Each reading is one indexed
/// aggregate; the backlog is read once for both of its gauges.
/// </summary>
public sealed class OperationalGauges : IDisposable
{
    private static readonly TimeSpan Reuse = TimeSpan.FromSeconds(1);

    private readonly IOperationalReadings _readings;
    private readonly TimeProvider _clock;
    private readonly Meter _meter = new(DeliveryTelemetry.Name);
    private readonly Lock _gate = new();
    private (DateTimeOffset At, OutboxBacklog Backlog)? _last;

    public OperationalGauges(IOperationalReadings readings, TimeProvider clock)
    {
        _readings = readings;
        _clock = clock;
        _meter.CreateObservableGauge(
            "deliverybot.outbox.depth",
            () => Backlog()?.Due ?? 0L,
            "{message}",
            "Outbox messages due and not yet sent");
        _meter.CreateObservableGauge(
            "deliverybot.outbox.oldest_age",
            () => Backlog()?.OldestAge(_clock.GetUtcNow()).TotalSeconds ?? 0d,
            "s",
            "How long the oldest due, unsent outbox message has waited");
        _meter.CreateObservableGauge(
            "deliverybot.deliveries", Stages, "{delivery}", "Deliveries not closed, by the stage they are at");
    }

    private OutboxBacklog? Backlog()
    {
        var now = _clock.GetUtcNow();
        lock (_gate)
        {
            if (_last is { } last && now - last.At < Reuse) return last.Backlog;
        }
        try
        {
            // the exporter's own thread: blocking it on one small query holds up nothing else
            var backlog = _readings.OutboxBacklogAsync(now).GetAwaiter().GetResult();
            lock (_gate) _last = (now, backlog);
            return backlog;
        }
        catch (StorageUnavailableException)
        {
            return null; // the storage fault is counted where it happened; no reading this time
        }
    }

    private IEnumerable<Measurement<long>> Stages()
    {
        IReadOnlyDictionary<int, long> stages;
        try { stages = _readings.OpenDeliveriesByStageAsync().GetAwaiter().GetResult(); }
        catch (StorageUnavailableException) { return []; }
        return stages.Select(s => new Measurement<long>(
            s.Value, new KeyValuePair<string, object?>("deliverybot.stage", s.Key)));
    }

    public void Dispose() => _meter.Dispose();
}
