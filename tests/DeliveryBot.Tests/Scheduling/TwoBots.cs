using DeliveryBot.Storage;

namespace DeliveryBot.Tests.Scheduling;

/// <summary>Two bot processes on one PostgreSQL database sharing Hangfire's tables, as several instances run.</summary>
internal static class TwoBots
{
    /// <summary>Runs both on <paramref name="database"/> until <paramref name="arrived"/>, then stops them.</summary>
    public static async Task RunAsync(string database, Func<Task> arrived)
    {
        var bots = await Task.WhenAll(
            ReminderBot.StartAsync(StorageProvider.Postgres, database, "bot-a"),
            ReminderBot.StartAsync(StorageProvider.Postgres, database, "bot-b"));
        try
        {
            await arrived();
        }
        finally
        {
            foreach (var bot in bots) await bot.DisposeAsync();
        }
    }
}
