using System.Globalization;
using DeliveryBot.Storage;
using DeliveryBot.Tests.Support;

namespace DeliveryBot.Tests.Scheduling;

/// <summary>The bot as a process, the way the scheduler tests run it: quiet, sending 50 messages a second.</summary>
internal static class ReminderBot
{
    /// <summary>
    /// The settings for a bot on <paramref name="database"/> looking for due reminders every
    /// <paramref name="intervalSeconds"/> and draining the outbox every second; more settings added or overriding.
    /// </summary>
    public static Dictionary<string, string> Settings(
        StorageProvider provider,
        string database,
        string node,
        int intervalSeconds = 1,
        IReadOnlyDictionary<string, string>? more = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__DeliveryBot"] = database,
            ["Reminders__IntervalSeconds"] = intervalSeconds.ToString(CultureInfo.InvariantCulture),
            ["Reminders__OutboxSeconds"] = "1",
            ["Reminders__Node"] = node,
            // the most the bot allows: 1,000 messages in about 20 s
            ["Bot__TenantSendsPerSecond"] = "50",
            ["Logging__LogLevel__Default"] = "Warning",
            // "Now listening on", which start-up waits for
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        };
        if (provider == StorageProvider.Postgres) settings["Storage__Provider"] = "Postgres";
        foreach (var (key, value) in more ?? new Dictionary<string, string>()) settings[key] = value;
        return settings;
    }

    public static Task<BotProcess> StartAsync(
        StorageProvider provider, string database, string node, int intervalSeconds = 1)
        => BotProcess.StartAsync(Settings(provider, database, node, intervalSeconds));
}
