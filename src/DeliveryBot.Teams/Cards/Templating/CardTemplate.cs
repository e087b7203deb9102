using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DeliveryBot.Teams.Cards.Templating;

/// <summary>
/// An Adaptive Card template in the Adaptive Card Templating language, parsed once and expanded with data:
/// ${...} in strings (a whole-string ${x} keeps its JSON type; an expression that cannot be resolved stays as
/// written), $data on objects (an array repeats the element, with $index), $when (false drops the element),
/// $root. Checked against Microsoft's reference engine (adaptivecards-templating) in the tests.
/// </summary>
/// <remarks>
/// Parsing compiles the template into <see cref="TemplateNode"/>s: every string read once, every expression parsed
/// once, every fixed value kept as the JSON it is written out as. Expanding writes the card straight out as UTF-8
/// (<see cref="CardWriter"/>), with no tree of the card built on the way: a card is drawn on every click and every
/// status update, and building the tree, then serializing it, was most of what drawing cost.
/// </remarks>
internal sealed class CardTemplate
{
    /// <summary>
    /// How deep template and data JSON may nest, stated rather than left to System.Text.Json's default (the same 64):
    /// expanding recurses once per level, and a card nests a dozen levels at most. Deeper JSON is a JsonException.
    /// </summary>
    public static readonly JsonDocumentOptions JsonLimits = new() { MaxDepth = 64 };

    private readonly TemplateNode _root;

    private CardTemplate(TemplateNode root) => _root = root;

    /// <summary>
    /// The template, compiled. An expression nested deeper than the parser allows is refused here
    /// (<see cref="NestedTooDeeplyException"/>), before any card is drawn from it.
    /// </summary>
    public static CardTemplate Parse(string json)
        => new(TemplateNode.Compile(JsonNode.Parse(json, documentOptions: JsonLimits)
            ?? throw new ArgumentException("A card template cannot be null.", nameof(json))));

    /// <summary>
    /// The expanded card as UTF-8 JSON written to <paramref name="output"/>; false (and nothing written) when the
    /// template expands to nothing or to more than one card. With <paramref name="breakLinks"/>, link syntax is
    /// broken wherever Teams reads Markdown (<see cref="InertLinks"/>).
    /// </summary>
    /// <remarks>The data is JSON (a <see cref="JsonNode"/>) or held as objects (a <see cref="DataObject"/>).</remarks>
    public bool WriteTo(Utf8JsonWriter output, object? data, bool breakLinks)
    {
        if (data is JsonNode node) data = Evaluator.From(node);
        var root = new Scope(data, data, null);
        if (_root is TemplateNode.Object o && CardWriter.InstancesOf(o, root).Count(most: 2) != 1) return false;
        new CardWriter(output, breakLinks).Write(_root, root);
        return true;
    }

    /// <summary>
    /// The expanded card as a new JSON tree, as written (by default as Microsoft's engine expands it, link syntax
    /// left as it is); null when it expands to nothing.
    /// </summary>
    public JsonNode? Expand(object? data, bool breakLinks = false)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, CardOutput.Options))
            if (!WriteTo(writer, data, breakLinks)) return null;
        return JsonNode.Parse(buffer.WrittenSpan, documentOptions: JsonLimits);
    }
}
