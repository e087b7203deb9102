using DeliveryBot.Application.Messages;
using DeliveryBot.Application.Storage;
using Hangfire;
using Microsoft.Extensions.Options;

namespace DeliveryBot.Scheduling.Jobs;

/// <summary>
/// Deletes the outbox's messages sent more than <c>Reminders:SentKeptDays</c> ago (<see cref="OutboxRetention"/>),
/// hourly. One run at a time across instances (<see cref="IJobLock"/>); one started while another runs steps aside.
/// </summary>
public sealed class OutboxRetentionJob(OutboxRetention retention, IJobLock locks, IOptions<SchedulingOptions> options)
{
    public const string Id = "outbox-retention";

    /// <summary>Hourly, at a minute away from the top of the hour, when other schedules bunch up.</summary>
    public const string Schedule = "41 * * * *";

    /// <summary>Not retried by Hangfire: the next hour is the retry.</summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var held = await locks.TryTakeAsync(Id, cancellationToken);
        if (held is null) return;
        await retention.RunAsync(TimeSpan.FromDays(options.Value.SentKeptDays), ct: cancellationToken);
    }
}
