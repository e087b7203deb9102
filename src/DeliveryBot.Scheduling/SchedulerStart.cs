namespace DeliveryBot.Scheduling;

/// <summary>When this instance's scheduler started, for /healthz (null: not started, or turned off).</summary>
internal sealed class SchedulerStart
{
    public DateTimeOffset? At { get; set; }
}
