using System.Globalization;

namespace DeliveryBot.Domain.Common;

/// <summary>
/// A number and what it counts, in the singular for one and the plural otherwise ("1 business day", "3 business
/// days", "0 holidays"): the one place the bot says how many of something, so no message says "day(s)".
/// </summary>
public static class Counted
{
    /// <param name="number">How many.</param>
    /// <param name="singular">What one is called.</param>
    /// <param name="plural">What more than one are called, when it is not the singular and an "s".</param>
    public static string Of(long number, string singular, string? plural = null)
        => string.Create(
            CultureInfo.InvariantCulture, $"{number} {(number == 1 ? singular : plural ?? singular + "s")}");
}
