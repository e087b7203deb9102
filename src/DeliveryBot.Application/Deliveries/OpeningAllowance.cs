using DeliveryBot.Application.Limits;

namespace DeliveryBot.Application.Deliveries;

/// <summary>
/// How many deliveries one person may open in a day. Opening one names a Client Intake Manager, who then gets its cards
/// and nudges: without a cap, anyone in a chat could bury a colleague in them by submitting the intake form again and
/// again. Counted per person per organisation, in this process (a second instance counts its own), over a sliding day.
/// </summary>
public sealed class OpeningAllowance(int perDay = OpeningAllowance.DefaultPerDay)
{
    public const int DefaultPerDay = 20;
    private readonly SlidingAllowance _opened = SlidingAllowance.Daily();

    public int PerDay => perDay;

    /// <summary>When the person may open the next one: null if now.</summary>
    public DateTimeOffset? NextAllowed(string tenantId, string personKey, DateTimeOffset now)
        => _opened.NextAllowed(Key(tenantId, personKey), perDay, now);

    /// <summary>Counts a delivery the person has just opened.</summary>
    public void Opened(string tenantId, string personKey, DateTimeOffset now)
        => _opened.Take(Key(tenantId, personKey), now);

    private static string Key(string tenantId, string personKey) => $"{tenantId}|{personKey}";
}
