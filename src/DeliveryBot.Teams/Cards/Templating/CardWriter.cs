using System.Text.Json;
using System.Text.Json.Nodes;

namespace DeliveryBot.Teams.Cards.Templating;

/// <summary>
/// Expands a compiled template with data, writing the card as it goes. An array item expands to as many elements as
/// its $data repeats it (none when $when is false); a property takes the first, and is left out when there is none.
/// </summary>
/// <remarks>
/// With <c>breakLinks</c>, link syntax is broken (<see cref="InertLinks.Break"/>) in the strings Teams reads as
/// Markdown, in the card as written: a TextBlock's <c>text</c>, and the <c>title</c> and <c>value</c> of each fact in
/// a <c>facts</c> array, whether the template or the data supplied them.
/// </remarks>
internal sealed class CardWriter(Utf8JsonWriter output, bool breakLinks)
{
    /// <summary>How a value's strings are written: as they are, with links broken, or as the items of facts.</summary>
    private enum Place { Plain, Markdown, Facts }

    public void Write(TemplateNode node, Scope scope) => Write(node, scope, Place.Plain);

    /// <summary>The scopes an object is written in: one per item of an array $data, less those $when drops.</summary>
    public static Instances InstancesOf(TemplateNode.Object o, Scope scope) => new(o, scope);

    /// <summary>
    /// The scopes of <see cref="InstancesOf"/>, walked without an object of their own: every repeat of every card
    /// drawn walks them (an iterator was made for each).
    /// </summary>
    public struct Instances(TemplateNode.Object o, Scope scope)
    {
        private bool _started;
        private JsonArray? _array;
        private DataList? _list;
        private Scope _single;
        private int _count;
        private int _next;

        public Scope Current { get; private set; }

        public readonly Instances GetEnumerator() => this;

        public bool MoveNext()
        {
            if (!_started) Start();
            while (_next < _count)
            {
                var i = _next++;
                var each = _array is not null ? new Scope(Evaluator.From(_array[i]), scope.Root, i)
                    : _list is not null ? new Scope(Evaluator.Item(_list, i), scope.Root, i)
                    : _single;
                if (!IsWanted(o, each)) continue;
                Current = each;
                return true;
            }
            return false;
        }

        /// <summary>How many there are, counting no further than <paramref name="most"/>.</summary>
        public int Count(int most)
        {
            var n = 0;
            while (n < most && MoveNext()) n++;
            return n;
        }

        private void Start()
        {
            _started = true;
            if (!o.HasData)
            {
                (_single, _count) = (scope, 1);
                return;
            }
            var data = o.DataText is { } text ? Value(text, scope, whole: true) : Evaluator.From(o.DataValue);
            switch (data)
            {
                case JsonArray items:
                    (_array, _count) = (items, items.Count);
                    break;
                case DataList list:
                    (_list, _count) = (list, list.Count);
                    break;
                default:
                    (_single, _count) = (scope with { Data = data is Undefined ? null : data }, 1);
                    break;
            }
        }
    }

    private static Scope? First(TemplateNode.Object o, Scope scope)
    {
        if (!o.HasData) return IsWanted(o, scope) ? scope : null; // most objects: no repeat
        var instances = InstancesOf(o, scope);
        return instances.MoveNext() ? instances.Current : null;
    }

    private static bool IsWanted(TemplateNode.Object o, Scope scope) => o.When switch
    {
        null => true,
        TemplateNode.Interpolated t => Evaluator.IsTrue(Value(t, scope, whole: true)),
        TemplateNode.Fixed f => Evaluator.IsTrue(f.Value),
        _ => true, // an object or array is true
    };

    private void Write(TemplateNode node, Scope scope, Place place)
    {
        switch (node)
        {
            case TemplateNode.Object o:
                // the root, which the caller has checked expands to exactly one object
                WriteObject(o, First(o, scope) ?? throw new InvalidOperationException("The card expands to nothing."),
                    isFact: false);
                break;
            case TemplateNode.Array a:
                output.WriteStartArray();
                foreach (var item in a.Items)
                    switch (item)
                    {
                        case TemplateNode.Object { HasData: false } o: // most: once (or not, by its $when)
                            if (IsWanted(o, scope)) WriteObject(o, scope, place == Place.Facts);
                            break;
                        case TemplateNode.Object o:
                            foreach (var instance in InstancesOf(o, scope))
                                WriteObject(o, instance, place == Place.Facts);
                            break;
                        case TemplateNode.Interpolated when place == Place.Facts:
                            Write(item, scope, place); // a fact may also come whole from the data
                            break;
                        default:
                            Write(item, scope, Place.Plain);
                            break;
                    }
                output.WriteEndArray();
                break;
            case TemplateNode.Interpolated { IsWhole: false } t:
                WriteJoined(t, scope, place);
                break;
            case TemplateNode.Interpolated t:
                WriteValue(Value(t, scope, whole: false), place);
                break;
            case TemplateNode.Fixed f:
                if (place == Place.Markdown && f.Text is { } text && InertLinks.Break(text) is var broken
                    && !ReferenceEquals(broken, text))
                    output.WriteStringValue(broken);
                else output.WriteRawValue(f.Json, skipInputValidation: true);
                break;
        }
    }

    private void WriteObject(TemplateNode.Object o, Scope scope, bool isFact)
    {
        var isTextBlock = breakLinks && o.Type switch
        {
            TemplateNode.Fixed f => f.Text == "TextBlock",
            TemplateNode.Interpolated t => Value(t, scope, whole: false) as string == "TextBlock",
            _ => false,
        };
        output.WriteStartObject();
        foreach (var property in o.Properties)
        {
            if (property.Value is TemplateNode.Object inner)
            {
                // an object's first instance; none, and the property is left out
                if (First(inner, scope) is not { } instance) continue;
                output.WritePropertyName(property.EncodedName);
                WriteObject(inner, instance, isFact: false);
                continue;
            }
            output.WritePropertyName(property.EncodedName);
            Write(property.Value, scope, PlaceOf(property.Name, isTextBlock, isFact));
        }
        output.WriteEndObject();
    }

    private Place PlaceOf(string property, bool isTextBlock, bool isFact)
    {
        if (!breakLinks) return Place.Plain;
        if (property == "facts") return Place.Facts;
        if (property == "text" && isTextBlock) return Place.Markdown;
        return property is "title" or "value" && isFact ? Place.Markdown : Place.Plain;
    }

    /// <summary>An expression's value as it is written into the card; a node from the data, as it is.</summary>
    private void WriteValue(object? value, Place place)
    {
        switch (value)
        {
            case string s:
                output.WriteStringValue(place == Place.Markdown ? InertLinks.Break(s) : s);
                break;
            case double d when Evaluator.IsWhole(d):
                output.WriteNumberValue((long)d);
                break;
            case double d:
                output.WriteNumberValue(d);
                break;
            case bool b:
                output.WriteBooleanValue(b);
                break;
            case JsonNode or DataObject or DataList:
                WriteData(value, place);
                break;
            default:
                output.WriteNullValue();
                break;
        }
    }

    /// <summary>Data as the JSON it stands for, link syntax left as it is.</summary>
    public static void WriteData(Utf8JsonWriter output, object? data)
        => new CardWriter(output, breakLinks: false).WriteData(data, Place.Plain);

    /// <summary>
    /// A value of the data (a node, or data held as objects, or a value one holds), with link syntax broken in it by
    /// the same rules as the template's.
    /// </summary>
    private void WriteData(object? value, Place place)
    {
        switch (value)
        {
            case JsonObject o when breakLinks:
                WriteProperties(o, o.TryGetPropertyValue("type", out var type) && IsTextBlock(type), place);
                break;
            case JsonArray a when breakLinks:
                WriteItems(a, place);
                break;
            case JsonValue v when place == Place.Markdown && v.GetValueKind() == JsonValueKind.String:
                output.WriteStringValue(InertLinks.Break(v.GetValue<string>()));
                break;
            case JsonNode node:
                node.WriteTo(output);
                break;
            case DataObject d:
                var isTextBlockData = breakLinks && d.TryGet("type", out var kind) && IsTextBlock(kind);
                WriteProperties(d.Properties(), isTextBlockData, place);
                break;
            case DataList l:
                WriteItems(l.Items(), place);
                break;
            case string or double or bool:
                WriteValue(value, place);
                break;
            default:
                output.WriteNullValue();
                break;
        }
    }

    /// <summary>An object of the data, JSON or held as objects: each property in the place its name gives it.</summary>
    private void WriteProperties<T>(IEnumerable<KeyValuePair<string, T>> properties, bool isTextBlock, Place place)
    {
        output.WriteStartObject();
        foreach (var (name, child) in properties)
        {
            output.WritePropertyName(name);
            WriteData(child, PlaceOf(name, isTextBlock, place == Place.Facts));
        }
        output.WriteEndObject();
    }

    /// <summary>A list of the data: an object in a list of facts is a fact; anything else is plain.</summary>
    private void WriteItems<T>(IEnumerable<T> items, Place place)
    {
        output.WriteStartArray();
        foreach (var item in items)
            WriteData(item, place == Place.Facts && item is JsonObject or DataObject ? place : Place.Plain);
        output.WriteEndArray();
    }

    private static bool IsTextBlock(object? type) => type switch
    {
        string s => s == "TextBlock",
        JsonValue v => v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == "TextBlock",
        _ => false,
    };

    /// <summary>
    /// What a string of the template stands for. A whole-string ${x} is x's value; with <paramref name="whole"/>
    /// false, one that cannot be resolved is the string as written (as in a card), with it true, "not there" (as in
    /// $data and $when). Any other string is its text with each expression's value in place; one that cannot be
    /// resolved, or is null, stays as written.
    /// </summary>
    private static object? Value(TemplateNode.Interpolated text, Scope scope, bool whole)
    {
        if (text.IsWhole)
        {
            var value = text.Whole is { } expr ? Evaluator.Evaluate(expr, scope) : Undefined.Value;
            return value is Undefined && !whole ? text.Written : value;
        }
        var joined = Join(text, scope);
        return joined.ToStringAndClear();
    }

    /// <summary>
    /// A string with expressions in it, written from the buffer it was joined in: most are written once and never
    /// read, so no string is made of them (only where link syntax must be broken in one).
    /// </summary>
    private void WriteJoined(TemplateNode.Interpolated text, Scope scope, Place place)
    {
        var joined = Join(text, scope);
        var written = joined.Text;
        if (place == Place.Markdown && written.Contains("](", StringComparison.Ordinal))
            output.WriteStringValue(InertLinks.Break(written.ToString()));
        else output.WriteStringValue(written);
        joined.Clear();
    }

    /// <summary>Each piece's text, or the piece as written where it cannot be resolved, in a pooled buffer.</summary>
    private static System.Runtime.CompilerServices.DefaultInterpolatedStringHandler Join(
        TemplateNode.Interpolated text, Scope scope)
    {
        var joined = new System.Runtime.CompilerServices.DefaultInterpolatedStringHandler(0, 0);
        foreach (var piece in text.Pieces)
            joined.AppendLiteral(piece.Expr is { } expr
                && Evaluator.Evaluate(expr, scope) is var value and not (Undefined or null)
                    ? Evaluator.Text(value)
                    : piece.Written);
        return joined;
    }
}
