using System.Globalization;
using System.Text.Json;
using DeliveryBot.Teams.Cards;
using DeliveryBot.Teams.Commands;

namespace DeliveryBot.Teams.Actions;

/// <summary>
/// What a click on a delivery card sends: the card it was drawn as (template, delivery, focus), the record version
/// it was drawn from, and the values of the card's inputs (Teams merges them into the action's data). Nothing in it is
/// trusted: the delivery, focus and version are checked against the record, the clicker comes from the activity.
/// </summary>
internal sealed class CardSubmission
{
    private readonly JsonElement _data;

    private CardSubmission(CardRef card, long version, JsonElement data, string tenantId)
    {
        Card = card;
        Version = version;
        _data = data;
        TenantId = tenantId;
    }

    public CardRef Card { get; }
    public long Version { get; }
    public string DeliveryId => Card.DeliveryId;
    public string Focus => Card.Focus;

    /// <summary>
    /// The organisation the click came from, whose delivery it names (from the activity, never the card).
    /// </summary>
    public string TenantId { get; }

    /// <summary>
    /// The submission, or null when the payload is malformed or names no known card (template and focus).
    /// </summary>
    public static CardSubmission? Parse(JsonElement data, Func<string, string, bool> knownCard, string tenantId = "")
    {
        if (data.ValueKind != JsonValueKind.Object) return null;
        var template = String(data, "card");
        var id = String(data, "deliveryId") is { } raw ? DeliveryIds.Parse(raw) : null;
        var focus = String(data, "focus") ?? "";
        var version = data.TryGetProperty("version", out var v)
            && v.ValueKind == JsonValueKind.Number
            && v.TryGetInt64(out var n)
            && n >= 0
                ? n
                : (long?)null;
        if (template is null || id is null || version is null || focus.Length > 64 || !knownCard(template, focus))
            return null;
        return new CardSubmission(new CardRef(template, id, focus), version.Value, data.Clone(), tenantId);
    }

    /// <summary>An input's text, trimmed; null when absent or blank.</summary>
    public string? Text(string input)
        => String(_data, input) is { } s && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;

    /// <summary>A date input (yyyy-MM-dd, as Input.Date sends it): the date, or a plain-words problem.</summary>
    public (DateOnly? Date, string? Problem) Date(string input, string label)
    {
        if (Text(input) is not { } text) return (null, null);
        return DateOnly.TryParseExact(
            text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? (date, null)
            : (null, $"{label}: '{text}' is not a date (use the date picker, or yyyy-MM-dd).");
    }

    /// <summary>
    /// A time input (HH:mm, as Input.Time sends it; HH:mm:ss too): the time, or a plain-words problem.
    /// </summary>
    public (TimeOnly? Time, string? Problem) Time(string input, string label)
    {
        if (Text(input) is not { } text) return (null, null);
        return TimeOnly.TryParseExact(
            text, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? (time, null)
            : (null, $"{label}: '{text}' is not a time (use the time picker, or HH:mm).");
    }

    /// <summary>
    /// A local date and time from a date input and a time input: none when both are empty, a problem when only one
    /// is given or either does not parse.
    /// </summary>
    public ((DateOnly Date, TimeOnly Time)? Moment, string? Problem) Moment(string date, string time, string label)
    {
        var (day, badDay) = Date(date, label);
        var (at, badTime) = Time(time, label);
        if ((badDay ?? badTime) is { } problem) return (null, problem);
        return (day, at) switch
        {
            (null, null) => (null, null),
            ({ } d, { } t) => ((d, t), null),
            _ => (null, $"{label}: pick both the date and the time, or neither."),
        };
    }

    /// <summary>A whole number input: the number, or a plain-words problem.</summary>
    public (int? Number, string? Problem) Number(string input, string label)
    {
        if (Text(input) is not { } text) return (null, null);
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? (n, null)
            : (null, $"{label}: '{text}' is not a whole number.");
    }

    /// <summary>A toggle (Input.Toggle sends "true"/"false").</summary>
    public bool Flag(string input) => string.Equals(Text(input), "true", StringComparison.OrdinalIgnoreCase);

    private static string? String(JsonElement data, string name)
        => data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var p) ? p.ValueKind switch
        {
            JsonValueKind.String => p.GetString(),
            JsonValueKind.Number => p.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        } : null;
}
