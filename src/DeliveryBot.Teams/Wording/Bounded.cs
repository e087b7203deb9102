namespace DeliveryBot.Teams.Wording;

/// <summary>
/// Teams refuses a message over about 100 KB (counted in UTF-16), and a record can hold a thousand risks of 2,000
/// characters. A card therefore shows the first few of a list, each text cut to a readable length, and says how
/// many more there are and where to see them all; nothing is dropped from the record.
/// </summary>
internal static class Bounded
{
    /// <summary>Rows of one list shown on a card.</summary>
    public const int Rows = 8;

    /// <summary>Characters of one typed text shown in a list row.</summary>
    public const int Text = 280;

    public static string Cut(string text, int max = Text)
        => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1).TrimEnd(), "…");

    public static IEnumerable<T> First<T>(IReadOnlyCollection<T> items, int rows = Rows) => items.Take(rows);

    /// <summary>
    /// "3 more: `record D12` lists them all", or empty when every item is shown (templates test for '').
    /// </summary>
    public static string More(int total, string where, int rows = Rows)
        => total > rows ? $"{total - rows} more: {where}" : "";

    /// <summary>
    /// "3 more: `record D12` lists them all" (<paramref name="command"/> and <paramref name="id"/>), its text made only
    /// when there are more: the status card asks on every redraw, where all its rows usually fit.
    /// </summary>
    public static string More(int total, string command, string id, int rows = Rows)
        => total > rows ? $"{total - rows} more: `{command} {id}` lists them all" : "";
}
