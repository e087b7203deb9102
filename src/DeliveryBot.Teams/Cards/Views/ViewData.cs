using System.Collections;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using DeliveryBot.Teams.Cards.Templating;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>
/// A view model as card data: its properties as System.Text.Json's contract for <see cref="CardJson.Options"/> names
/// them (camelCase, attributes honoured), read from the view when the template asks for them
/// (<see cref="DataObject"/>),
/// with neither a round trip through JSON text nor a JSON tree built first. A card is drawn behind every click:
/// serializing its view only to parse it back cost more than drawing the card, and the tree that replaced that was
/// still a fifth of what a click allocated.
/// </summary>
/// <remarks>
/// Strings, booleans and whole numbers are read as they are, objects and lists as data of their own. Whatever the
/// contract does not describe as a plain object or list (a date, a dictionary, a type or property with a converter
/// of its own) is left to the serializer, so the data is what <c>JsonSerializer.SerializeToNode</c> gives, which
/// ViewDataTests holds it to for every shape and CardSampleDataTests for every card.
/// </remarks>
internal static class ViewData
{
    public static ViewObject Of<T>(T view)
        => Value(view, typeof(T)) as ViewObject
            ?? throw new ArgumentException($"{typeof(T).Name} is not drawn as a JSON object.", nameof(view));

    /// <summary>A member's value as card data holds it (see <see cref="DataObject"/>).</summary>
    internal static object? Value(object? value, Type declared)
    {
        switch (value)
        {
            case null: return null;
            case string text: return text;
            case bool flag: return Boxed.Of(flag);
            case int number: return Boxed.Of(number);
            case long number when Math.Abs(number) < 1e15: return Boxed.Of(number); // written back as the same digits
        }
        // as the serializer does: the declared type's contract, the value's own only where the declared is object
        var type = declared == typeof(object) ? value.GetType() : declared;
        var contract = CardJson.Options.GetTypeInfo(type);
        return contract.Kind switch
        {
            JsonTypeInfoKind.Object when Members.Of(contract) is { HasConverter: false } members
                => new ViewObject(value, members),
            JsonTypeInfoKind.Enumerable when value is IEnumerable items && contract.ElementType is { } element
                => new ViewList(items as IList ?? items.Cast<object?>().ToList(), element),
            _ => JsonSerializer.SerializeToNode(value, type, CardJson.Options),
        };
    }

    /// <summary>A type's properties as its contract writes them, looked up by name; read once per type.</summary>
    internal sealed class Members
    {
        private static readonly ConcurrentDictionary<JsonTypeInfo, Members> Known = new();

        public JsonPropertyInfo[] Properties { get; }
        public Dictionary<string, int> Positions { get; }

        /// <summary>A property has a converter of its own: the object is left to the serializer as a whole.</summary>
        public bool HasConverter { get; }

        private Members(JsonTypeInfo contract)
        {
            HasConverter = contract.Properties.Any(p => p.CustomConverter is not null);
            Properties = [.. contract.Properties.Where(p => p.Get is not null)];
            Positions = new(StringComparer.Ordinal);
            for (var i = 0; i < Properties.Length; i++) Positions.TryAdd(Properties[i].Name, i);
        }

        public static Members Of(JsonTypeInfo contract) => Known.GetOrAdd(contract, c => new Members(c));
    }
}

/// <summary>A view (or an object in it) as card data: each property read from it when asked for.</summary>
internal sealed class ViewObject : DataObject
{
    private readonly object _view;
    private readonly ViewData.Members _members;

    internal ViewObject(object view, ViewData.Members members) => (_view, _members) = (view, members);

    protected override bool TryGetOwn(string name, out object? value)
    {
        if (_members.Positions.TryGetValue(name, out var at)) return Read(_members.Properties[at], out value);
        value = null;
        return false;
    }

    protected override IEnumerable<KeyValuePair<string, object?>> OwnProperties()
    {
        foreach (var property in _members.Properties)
            if (Read(property, out var value)) yield return new(property.Name, value);
    }

    /// <summary>The property's value; false when its contract leaves it out.</summary>
    private bool Read(JsonPropertyInfo property, out object? value)
    {
        var member = property.Get!(_view);
        if (property.ShouldSerialize?.Invoke(_view, member) == false)
        {
            value = null;
            return false;
        }
        value = ViewData.Value(member, property.PropertyType);
        return true;
    }
}

/// <summary>A list in a view as card data: each item read when asked for.</summary>
internal sealed class ViewList(IList items, Type element) : DataList
{
    public override int Count => items.Count;

    public override object? this[int index] => ViewData.Value(items[index], element);
}
