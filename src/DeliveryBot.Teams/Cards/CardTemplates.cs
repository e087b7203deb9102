using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using DeliveryBot.Teams.Cards.Templating;
using DeliveryBot.Teams.Protocol;

namespace DeliveryBot.Teams.Cards;

/// <summary>The card templates of cards/, embedded in the assembly, each parsed once.</summary>
internal sealed class CardTemplates
{
    private readonly ConcurrentDictionary<string, CardTemplate> _parsed = new();

    /// <summary>
    /// The card drawn from the template and the data, link syntax broken wherever Teams reads Markdown (nothing
    /// anyone typed becomes a link). Written into a buffer this thread keeps, then copied out as the JSON sent.
    /// </summary>
    public RawJson Render(string name, JsonNode data) => Render(name, (object)data);

    /// <summary>
    /// The same, from data held as objects (a view's, see <see cref="DataObject"/>); with <paramref name="rented"/>
    /// in a rented buffer (<see cref="RawJson.Rented"/>) for a card sent and dropped at once.
    /// </summary>
    public RawJson Render(string name, DataObject data, bool rented = false) => Render(name, (object)data, rented);

    private RawJson Render(string name, object data, bool rented = false)
    {
        var template = _parsed.GetOrAdd(name, Load);
        var buffer = ThreadBuffer.Take();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, CardOutput.Options);
        writer.Reset(buffer);
        if (!template.WriteTo(writer, data, breakLinks: true))
            throw new InvalidOperationException($"The card '{name}' expanded to nothing.");
        writer.Flush();
        var card = rented ? RawJson.Rented(buffer.WrittenSpan) : new RawJson(buffer.WrittenSpan);
        // a rare large card's buffer is not kept, nor held by the thread's writer
        if (!ThreadBuffer.Return(buffer)) t_writer = null;
        return card;
    }

    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    private static CardTemplate Load(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"cards.{name}.json")
            ?? throw new InvalidOperationException($"There is no card template '{name}' (cards/{name}.json).");
        using var reader = new StreamReader(stream);
        return CardTemplate.Parse(reader.ReadToEnd());
    }
}
