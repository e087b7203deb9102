using System.Globalization;

namespace DeliveryBot.Scheduling;

/// <summary>
/// "Every n seconds" as the cron expression Hangfire takes (six fields, seconds first). Cron counts within the minute
/// and the hour, so only intervals that divide them repeat evenly; anything else has no expression.
/// </summary>
internal static class CronSchedule
{
    public static string? EverySeconds(int seconds) => seconds switch
    {
        <= 0 => null,
        < 60 when 60 % seconds == 0 => $"*/{seconds.ToString(CultureInfo.InvariantCulture)} * * * * *",
        3600 => "0 0 * * * *",
        < 3600 when seconds % 60 == 0 && 3600 % seconds == 0
            => $"0 */{(seconds / 60).ToString(CultureInfo.InvariantCulture)} * * * *",
        _ => null,
    };
}
