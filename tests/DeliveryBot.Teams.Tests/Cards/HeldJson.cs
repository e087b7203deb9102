using System.Text.Json;
using System.Text.Json.Nodes;
using DeliveryBot.Teams.Cards.Templating;

namespace DeliveryBot.Teams.Tests.Cards;

/// <summary>
/// JSON data held as objects (<see cref="DataObject"/>), its values in the forms a view's data takes: strings and
/// booleans as they are, whole numbers as doubles, other numbers as the JSON node, objects and lists read on demand.
/// Lets every templating case run through the path the cards take.
/// </summary>
internal sealed class HeldJson(JsonObject json) : DataObject
{
    protected override bool TryGetOwn(string name, out object? value)
    {
        var found = json.TryGetPropertyValue(name, out var node);
        value = found ? Held(node) : null;
        return found;
    }

    protected override IEnumerable<KeyValuePair<string, object?>> OwnProperties()
        => json.Select(p => new KeyValuePair<string, object?>(p.Key, Held(p.Value)));

    public static object? Held(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => new HeldJson(o),
        JsonArray a => new List(a),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when v.TryGetValue<long>(out var whole) => (double)whole,
            _ => v,
        },
        _ => node,
    };

    private sealed class List(JsonArray items) : DataList
    {
        public override int Count => items.Count;

        public override object? this[int index] => Held(items[index]);
    }
}
