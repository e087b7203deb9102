using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using DeliveryBot.Teams.Cards.Templating;

namespace DeliveryBot.Teams.Cards;

/// <summary>The card templates of cards/, embedded in the assembly, each parsed once.</summary>
internal sealed class CardTemplates
{
    private readonly ConcurrentDictionary<string, CardTemplate> _parsed = new();

    public JsonElement Render(string name, JsonNode data)
    {
        var template = _parsed.GetOrAdd(name, Load);
        var card = template.Expand(data)
            ?? throw new InvalidOperationException($"The card '{name}' expanded to nothing.");
        InertLinks.Apply(card); // nothing anyone typed becomes a link
        return JsonSerializer.SerializeToElement(card);
    }

    private static CardTemplate Load(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"cards.{name}.json")
            ?? throw new InvalidOperationException($"There is no card template '{name}' (cards/{name}.json).");
        using var reader = new StreamReader(stream);
        return CardTemplate.Parse(reader.ReadToEnd());
    }
}
