using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DeliveryBot.Teams.Cards.Templating;

/// <summary>
/// Card data held as objects rather than JSON: an object whose properties the template reads by name when it needs
/// them. A card is drawn behind every click, and building its data as a JSON tree first (a node per value, a
/// dictionary per object) was a fifth of what a click allocated, most of it never read by the template.
/// </summary>
/// <remarks>
/// A property's value is what a JSON tree of the same data would hold: null, a string, a bool, a number as a double,
/// a <see cref="JsonNode"/> for anything else written as the serializer writes it, or a nested
/// <see cref="DataObject"/> / <see cref="DataList"/>. The template treats it exactly as it treats the tree
/// (TemplatingOracleTests and the card samples hold the two to the same card).
/// </remarks>
internal abstract class DataObject
{
    /// <summary>Properties added, or given a new value, after the object was made (what every card carries).</summary>
    private List<KeyValuePair<string, object?>>? _set;

    /// <summary>The property's value; false when the object has no such property ("not there", not null).</summary>
    public bool TryGet(string name, out object? value) => IsSet(name, out value) || TryGetOwn(name, out value);

    /// <summary>The properties in the order they are written: its own, then those added.</summary>
    public IEnumerable<KeyValuePair<string, object?>> Properties()
    {
        foreach (var (name, own) in OwnProperties())
            yield return IsSet(name, out var set) ? new(name, set) : new(name, own);
        for (var i = 0; _set is not null && i < _set.Count; i++)
            if (!TryGetOwn(_set[i].Key, out _)) yield return _set[i];
    }

    /// <summary>Adds a property, or gives one a new value (written where the object's own is).</summary>
    public void Set(string name, string? value) => Put(name, value);

    /// <inheritdoc cref="Set(string, string?)"/>
    public void Set(string name, bool value) => Put(name, Boxed.Of(value));

    /// <inheritdoc cref="Set(string, string?)"/>
    public void Set(string name, long value) => Put(name, Boxed.Of((double)value)); // a version, a count: < 2^53

    /// <inheritdoc cref="Set(string, string?)"/>
    public void Set(string name, IReadOnlyList<string> values) => Put(name, new TextList(values));

    /// <summary>The data as the JSON it stands for (what the card samples show; the rare deep comparison).</summary>
    public JsonObject ToJson() => (JsonObject)DataJson.Of(this);

    /// <summary>A property of the object's own (see <see cref="TryGet"/>).</summary>
    protected abstract bool TryGetOwn(string name, out object? value);

    /// <summary>The object's own properties, in order.</summary>
    protected abstract IEnumerable<KeyValuePair<string, object?>> OwnProperties();

    private void Put(string name, object? value)
    {
        _set ??= new(8);
        if (SetAt(name) is var at and >= 0) _set[at] = new(name, value);
        else _set.Add(new(name, value));
    }

    private int SetAt(string name)
    {
        for (var i = 0; _set is not null && i < _set.Count; i++)
            if (_set[i].Key == name) return i;
        return -1;
    }

    private bool IsSet(string name, out object? value)
    {
        var at = SetAt(name);
        value = at >= 0 ? _set![at].Value : null;
        return at >= 0;
    }

    private sealed class TextList(IReadOnlyList<string> texts) : DataList
    {
        public override int Count => texts.Count;

        public override object? this[int index] => texts[index];
    }
}

/// <summary>A list of card data held as objects (see <see cref="DataObject"/>): its items read by position.</summary>
internal abstract class DataList
{
    public abstract int Count { get; }

    /// <summary>The item at <paramref name="index"/>: a value as a <see cref="DataObject"/>'s property holds.</summary>
    public abstract object? this[int index] { get; }

    public IEnumerable<object?> Items()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }
}

/// <summary>Data held as objects, written out as the JSON it stands for.</summary>
internal static class DataJson
{
    public static JsonNode Of(object data)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        // escaped as a tree built in code would be, so its text is the same
        using (var writer = new Utf8JsonWriter(buffer)) CardWriter.WriteData(writer, data);
        return JsonNode.Parse(buffer.WrittenSpan, documentOptions: CardTemplate.JsonLimits)
            ?? throw new InvalidOperationException("Card data was written as null.");
    }
}
