using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>
/// A view model as card data, built from its properties as System.Text.Json's contract for
/// <see cref="CardJson.Options"/> names them (camelCase, attributes honoured), without a round trip through JSON text:
/// a card is drawn behind every click, and serializing its view only to parse it back cost more than drawing the
/// card, while the parsed strings were decoded from UTF-8 again on every read by the template.
/// </summary>
/// <remarks>
/// Strings, booleans and whole numbers become values as they are, objects and lists nodes of their own. Whatever the
/// contract does not describe as a plain object or list (a date, a dictionary, a type or property with a converter
/// of its own) is left to the serializer, so the data is what <c>JsonSerializer.SerializeToNode</c> gives, which
/// ViewDataTests holds it to for every card.
/// </remarks>
internal static class ViewData
{
    public static JsonObject Of<T>(T view)
        => Node(view, typeof(T)) as JsonObject
            ?? throw new ArgumentException($"{typeof(T).Name} is not drawn as a JSON object.", nameof(view));

    private static JsonNode? Node(object? value, Type declared)
    {
        switch (value)
        {
            case null: return null;
            case string text: return JsonValue.Create(text);
            case bool flag: return JsonValue.Create(flag);
            case int number: return JsonValue.Create(number);
            case long number: return JsonValue.Create(number);
        }
        // as the serializer does: the declared type's contract, the value's own only where the declared is object
        var type = declared == typeof(object) ? value.GetType() : declared;
        var contract = CardJson.Options.GetTypeInfo(type);
        return contract.Kind switch
        {
            JsonTypeInfoKind.Object when Object(value, contract) is { } data => data,
            JsonTypeInfoKind.Enumerable when value is IEnumerable items && contract.ElementType is { } element
                => new JsonArray([.. items.Cast<object?>().Select(item => Node(item, element))]),
            _ => JsonSerializer.SerializeToNode(value, type, CardJson.Options),
        };
    }

    /// <summary>The properties as nodes; null if one has a converter of its own (left to the serializer).</summary>
    private static JsonObject? Object(object value, JsonTypeInfo contract)
    {
        var data = new JsonObject();
        foreach (var property in contract.Properties)
        {
            if (property.CustomConverter is not null) return null;
            if (property.Get is null) continue;
            var member = property.Get(value);
            if (property.ShouldSerialize?.Invoke(value, member) == false) continue;
            data[property.Name] = Node(member, property.PropertyType);
        }
        return data;
    }
}
