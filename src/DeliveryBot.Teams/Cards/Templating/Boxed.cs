namespace DeliveryBot.Teams.Cards.Templating;

/// <summary>
/// Expression values that are booleans and small whole numbers, boxed once: a card's data and its expressions hold
/// every value as an object, and a status card's redraw asked for a few dozen new boxes of true, false, 0, 1 and 2
/// (indices, counts, days) on every click.
/// </summary>
internal static class Boxed
{
    private const int Numbers = 256;

    private static readonly object True = true, False = false;
    private static readonly object[] Whole = [.. Enumerable.Range(0, Numbers).Select(n => (object)(double)n)];

    public static object Of(bool value) => value ? True : False;

    /// <summary>The number as an expression holds it (a double), boxed once when it is a small whole one.</summary>
    public static object Of(double value)
        => value >= 0 && value < Numbers && value == Math.Floor(value) && !double.IsNegative(value)
            ? Whole[(int)value]
            : value;
}
