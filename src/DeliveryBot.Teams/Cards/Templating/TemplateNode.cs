using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DeliveryBot.Teams.Cards.Templating;

/// <summary>A card template compiled: what each part of it is, decided once when the template is parsed.</summary>
internal abstract class TemplateNode
{
    /// <summary>
    /// A value with nothing to expand (a number, true, false, null, or a string without ${): its JSON as written,
    /// and its text when it is a string (link syntax in it is broken where Teams reads Markdown).
    /// </summary>
    internal sealed class Fixed(byte[] json, string? text) : TemplateNode
    {
        public byte[] Json { get; } = json;

        public string? Text { get; } = text;

        /// <summary>The value as an expression sees it ($when on a fixed value).</summary>
        public object? Value { get; init; }
    }

    /// <summary>
    /// A string with ${...} in it. <see cref="IsWhole"/>: the string is exactly one ${...}, whose value keeps its JSON
    /// type (<see cref="Whole"/> null when it does not parse: the string stays as written). Otherwise the pieces,
    /// text between expressions, each expression with what it was written as.
    /// </summary>
    internal sealed class Interpolated(string written) : TemplateNode
    {
        public string Written { get; } = written;

        public bool IsWhole { get; init; }

        public Expr? Whole { get; init; }

        public Piece[] Pieces { get; init; } = [];
    }

    /// <summary>
    /// Text as written, or an expression as written with what it parsed to (<see cref="Expr"/> null for text, and for
    /// an expression that does not parse: both are written as they are).
    /// </summary>
    internal readonly record struct Piece(string Written, Expr? Expr);

    // Arrays, not lists behind an interface: a card is written by walking them on every draw, and a foreach over an
    // IReadOnlyList boxes its enumerator (8 KB a click of them).
    internal sealed class Array(TemplateNode[] items) : TemplateNode
    {
        public TemplateNode[] Items { get; } = items;
    }

    /// <summary>
    /// An object: its properties (with their names encoded once), its $data (an <see cref="Interpolated"/>, or a fixed
    /// JSON value to repeat over), its $when, and its type's node (where link syntax is broken depends on it).
    /// </summary>
    internal sealed class Object(Property[] properties) : TemplateNode
    {
        public Property[] Properties { get; } = properties;

        public Interpolated? DataText { get; init; }

        public JsonNode? DataValue { get; init; }

        public bool HasData { get; init; }

        public TemplateNode? When { get; init; }

        public TemplateNode? Type { get; init; }
    }

    internal sealed record Property(string Name, JsonEncodedText EncodedName, TemplateNode Value);

    public static TemplateNode Compile(JsonNode? node) => node switch
    {
        JsonObject o => CompileObject(o),
        JsonArray a => new Array([.. a.Select(Compile)]),
        JsonValue v when v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is var text
            => text.Contains("${", StringComparison.Ordinal)
                ? CompileText(text)
                : new Fixed(JsonOf(v), text) { Value = text },
        _ => new Fixed(JsonOf(node), null) { Value = Evaluator.From(node) },
    };

    private static byte[] JsonOf(JsonNode? node)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, CardOutput.Options))
            if (node is null) writer.WriteNullValue();
            else node.WriteTo(writer);
        return buffer.WrittenSpan.ToArray();
    }

    private static Object CompileObject(JsonObject o)
    {
        var properties = o
            .Where(p => p.Key is not ("$data" or "$when"))
            .Select(p => new Property(p.Key, JsonEncodedText.Encode(p.Key, CardOutput.Encoder), Compile(p.Value)))
            .ToArray();
        var data = o["$data"];
        var dataText = data is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? CompileText(v.GetValue<string>())
            : null;
        return new Object(properties)
        {
            HasData = o.ContainsKey("$data"),
            DataText = dataText,
            DataValue = dataText is null ? data?.DeepClone() : null,
            When = o.ContainsKey("$when") ? Compile(o["$when"]) : null,
            Type = properties.FirstOrDefault(p => p.Name == "type")?.Value,
        };
    }

    /// <summary>A string as <see cref="Interpolated"/>, even without ${ (a $data string is evaluated all the same).
    /// </summary>
    private static Interpolated CompileText(string text)
    {
        if (Single(text) is { } whole)
            return new Interpolated(text) { IsWhole = true, Whole = ExpressionParser.TryParse(whole) };
        var pieces = new List<Piece>();
        var at = 0;
        while (Next(text, at) is var (start, end) && start >= 0)
        {
            if (start > at) pieces.Add(new Piece(text[at..start], null));
            pieces.Add(new Piece(text[start..(end + 1)], ExpressionParser.TryParse(text[(start + 2)..end])));
            at = end + 1;
        }
        if (at < text.Length) pieces.Add(new Piece(text[at..], null));
        return new Interpolated(text) { Pieces = [.. pieces] };
    }

    /// <summary>The expression when the whole string is one ${...}.</summary>
    private static string? Single(string text)
        => text.StartsWith("${", StringComparison.Ordinal)
            && Next(text, 0) is var (start, end)
            && start == 0
            && end == text.Length - 1
                ? text[2..end]
                : null;

    /// <summary>
    /// The next ${ ... } from <paramref name="from"/>: the closing brace outside quotes. (-1, -1) if none.
    /// </summary>
    private static (int Start, int End) Next(string text, int from)
    {
        var start = text.IndexOf("${", from, StringComparison.Ordinal);
        if (start < 0) return (-1, -1);
        char? quote = null;
        for (var i = start + 2; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is not null) { if (c == quote) quote = null; }
            else if (c is '\'' or '"') quote = c;
            else if (c == '}') return (start, i);
        }
        return (-1, -1);
    }
}
