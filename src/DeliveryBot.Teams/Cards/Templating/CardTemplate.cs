using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DeliveryBot.Teams.Cards.Templating;

/// <summary>
/// An Adaptive Card template in the Adaptive Card Templating language, parsed once and expanded with data:
/// ${...} in strings (a whole-string ${x} keeps its JSON type; an expression that cannot be resolved stays as
/// written), $data on objects (an array repeats the element, with $index), $when (false drops the element),
/// $root. Checked against Microsoft's reference engine (adaptivecards-templating) in the tests.
/// </summary>
internal sealed class CardTemplate
{
    /// <summary>
    /// How deep template and data JSON may nest, stated rather than left to System.Text.Json's default (the same 64):
    /// expanding recurses once per level, and a card nests a dozen levels at most. Deeper JSON is a JsonException.
    /// </summary>
    public static readonly JsonDocumentOptions JsonLimits = new() { MaxDepth = 64 };

    private const int MostExpressionsKept = 10_000;
    private static readonly ConcurrentDictionary<string, Expr?> ParsedExpressions = new(StringComparer.Ordinal);

    private readonly JsonNode _template;

    private CardTemplate(JsonNode template) => _template = template;

    public static CardTemplate Parse(string json)
        => new(JsonNode.Parse(json, documentOptions: JsonLimits)
            ?? throw new ArgumentException("A card template cannot be null.", nameof(json)));

    /// <summary>The expanded card (a new JSON tree; the template is untouched).</summary>
    public JsonNode? Expand(JsonNode? data)
    {
        var root = new Scope(data, data, null);
        return Expand(_template, root) is [var card] ? card : null;
    }

    private static List<JsonNode?> Expand(JsonNode? node, Scope scope) => node switch
    {
        JsonObject o when o.ContainsKey("$data") => Repeat(o, scope),
        JsonObject o => ExpandObject(o, scope) is { } e ? [e] : [],
        JsonArray a => [new JsonArray([.. a.SelectMany(item => Expand(item, scope))])],
        JsonValue v when Evaluator.From(v) is string s => [Interpolate(s, scope)],
        _ => [node?.DeepClone()],
    };

    private static List<JsonNode?> Repeat(JsonObject o, Scope scope)
    {
        var data = o["$data"] is JsonValue v && Evaluator.From(v) is string s
            ? Evaluator.ToNode(Whole(s, scope) is { } x and not Undefined ? x : null)
            : o["$data"]?.DeepClone();
        if (data is JsonArray items)
            return [.. items
                .Select((item, i) => ExpandObject(o, new Scope(item, scope.Root, i)))
                .Where(e => e is not null)];
        return ExpandObject(o, scope with { Data = data }) is { } e ? [e] : [];
    }

    private static JsonObject? ExpandObject(JsonObject o, Scope scope)
    {
        if (o["$when"] is { } when)
        {
            var condition = when is JsonValue v && Evaluator.From(v) is string s
                ? Whole(s, scope)
                : Evaluator.From(when);
            if (!Evaluator.IsTrue(condition)) return null;
        }
        var result = new JsonObject();
        foreach (var (name, value) in o)
        {
            if (name is "$data" or "$when") continue;
            var expanded = Expand(value, scope);
            if (expanded.Count > 0) result[name] = expanded[0];
        }
        return result;
    }

    /// <summary>The value of a string that is exactly one ${...}; otherwise the string interpolated.</summary>
    private static object? Whole(string text, Scope scope)
    {
        if (Single(text) is { } expression)
            return Parsed(expression) is { } expr
                ? Evaluator.Evaluate(expr, scope)
                : Undefined.Value;
        return Evaluator.From(Interpolate(text, scope));
    }

    private static JsonNode? Interpolate(string text, Scope scope)
    {
        if (Single(text) is { } whole)
        {
            var value = Parsed(whole) is { } expr
                ? Evaluator.Evaluate(expr, scope)
                : Undefined.Value;
            return value is Undefined ? JsonValue.Create(text) : Evaluator.ToNode(value); // null stays null
        }
        var output = new StringBuilder();
        var at = 0;
        while (Next(text, at) is var (start, end) && start >= 0)
        {
            output.Append(text, at, start - at);
            var expression = text[(start + 2)..end];
            var value = Parsed(expression) is { } expr
                ? Evaluator.Evaluate(expr, scope)
                : Undefined.Value;
            output.Append(value is Undefined or null ? text[start..(end + 1)] : Evaluator.Text(value));
            at = end + 1;
        }
        output.Append(text, at, text.Length - at);
        return JsonValue.Create(output.ToString());
    }

    /// <summary>
    /// Each expression as parsed the first time it was met: the templates hold a few hundred, and every card drawn
    /// evaluates dozens. Only the templates' own strings are parsed (the data is evaluated, never read as a template),
    /// and the count is capped all the same.
    /// </summary>
    private static Expr? Parsed(string expression)
    {
        if (ParsedExpressions.TryGetValue(expression, out var parsed)) return parsed;
        parsed = ExpressionParser.TryParse(expression);
        if (ParsedExpressions.Count < MostExpressionsKept) ParsedExpressions.TryAdd(expression, parsed);
        return parsed;
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
