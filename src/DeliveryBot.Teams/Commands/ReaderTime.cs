using DeliveryBot.Domain.Calendar;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Teams.Protocol;

namespace DeliveryBot.Teams.Commands;

/// <summary>
/// The time zone an answer is written in: the reader's, as their Teams client reports it (localTimezone, or the
/// clientInfo entity) when it is one this machine knows; else the delivery's.
/// </summary>
internal static class ReaderTime
{
    public static string ZoneFor(Activity activity, Delivery delivery)
        => ZoneFor(activity, delivery.State.Settings.Calendar.TimeZoneId);

    /// <summary>The reader's time zone, else <paramref name="otherwise"/> (an answer about no one delivery).</summary>
    public static string ZoneFor(Activity activity, string otherwise)
    {
        var zone = activity.LocalTimezone ?? activity.Entities?.FirstOrDefault(e => e.Type == "clientInfo")?.Timezone;
        return zone is not null && BusinessCalendar.IsKnownZone(zone) ? zone : otherwise;
    }
}
