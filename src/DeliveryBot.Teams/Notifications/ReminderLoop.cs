using DeliveryBot.Application.Reminders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DeliveryBot.Teams.Notifications;

/// <summary>
/// Runs the scheduler in the bot: every <c>Reminders:IntervalSeconds</c> (default 15) it takes what is due
/// (<see cref="ReminderSweep"/>) and sends what waits in the outbox (<see cref="ReminderDispatcher"/>). The first pass
/// runs at start, so a reminder left unsent by a crash goes out within one interval of the restart.
/// <c>Reminders:Enabled=false</c> turns it off (tests that drive time themselves).
/// </summary>
public sealed partial class ReminderLoop(ReminderSweep sweep, ReminderDispatcher dispatcher, IConfiguration configuration, TimeProvider clock,
    ILogger<ReminderLoop> logger) : BackgroundService
{
    private const int Batch = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Reminders:Enabled", true)) return;
        var interval = TimeSpan.FromSeconds(Math.Clamp(configuration.GetValue("Reminders:IntervalSeconds", 15), 1, 3600));
        using var timer = new PeriodicTimer(interval, clock);
        do
        {
            try
            {
                await sweep.RunAsync(Batch, stoppingToken);
                while (await dispatcher.DispatchAsync(Batch, stoppingToken) == Batch) { } // drain a backlog before waiting
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                PassFailed(e); // the next pass starts over from the store: nothing is lost
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 3300, Level = LogLevel.Error, Message = "A reminder pass failed; the next one retries")]
    private partial void PassFailed(Exception e);
}
