using System.Text.Json;
using System.Text.Json.Nodes;
using DeliveryBot.Domain.People;

namespace DeliveryBot.Teams.Tests.Cards;

/// <summary>
/// The stage 1–3 card tests' reading of a card on top of the shared harness (<see cref="DeliveryCardClicks"/>):
/// inputs given as text, every text run and fact title and value read separately, inputs' drawn values.
/// </summary>
public abstract class CardClickTest : DeliveryCardClicks
{
    /// <summary>A click with the card's input values given as text.</summary>
    protected Task<JsonElement> ClickAsync(Person who, string card, string verb,
        IReadOnlyDictionary<string, string>? inputs, string focus = "", long? version = null)
        => ClickAsync(who, card, verb, inputs?.ToDictionary(i => i.Key, i => (JsonNode?)i.Value), focus, version);

    /// <summary>Every text on the card (text blocks, text runs, facts' titles and values, in order), joined.</summary>
    protected static new string Texts(JsonElement response)
        => string.Join(" | ", Elements(Drawn(response)).SelectMany(Shown));

    private static IEnumerable<string> Shown(JsonElement e)
    {
        if (e.TryGetProperty("text", out var text)
            && text.ValueKind == JsonValueKind.String) yield return text.GetString()!;
        else if (!e.TryGetProperty("type", out _) && e.TryGetProperty("title", out var title)
            && e.TryGetProperty("value", out var value))
        {
            yield return title.GetString()!;
            yield return value.GetString()!;
        }
    }

    /// <summary>The value an input of the card is drawn with, or null when it has none (or the card has no such
    /// input).</summary>
    protected static string? InputValue(JsonElement response, string id)
        => Elements(Drawn(response)).FirstOrDefault(
            e => e.TryGetProperty("id", out var i) && i.GetString() == id) is { ValueKind: JsonValueKind.Object } input
            && input.TryGetProperty("value", out var v)
                ? (v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()) : null;

    /// <summary>Whether the card has an input with this id.</summary>
    protected static bool HasInput(JsonElement response, string id)
        => Elements(Drawn(response)).Any(e => e.TryGetProperty("id", out var i) && i.GetString() == id);

    /// <summary>Every object in the card, depth first, in document order (action data left out: it is not
    /// shown).</summary>
    private static IEnumerable<JsonElement> Elements(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            yield return element;
            foreach (var p in element.EnumerateObject().Where(p => p.Name is not ("data" or "refresh")))
                foreach (var e in Elements(p.Value)) yield return e;
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
                foreach (var e in Elements(item)) yield return e;
        }
    }
}
