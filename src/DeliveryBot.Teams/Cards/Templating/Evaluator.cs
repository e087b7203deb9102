using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DeliveryBot.Teams.Cards.Templating;

/// <summary>"Not there": a missing property or a failed function, which leaves the expression unexpanded.</summary>
internal sealed class Undefined
{
    public static readonly Undefined Value = new();
    private Undefined() { }
}

/// <summary>
/// Evaluates expressions as Adaptive Expressions do, over values that are null, bool, double, string or an object or
/// array (of JSON, or of data held as objects: <see cref="DataObject"/>, <see cref="DataList"/>). Functions: if,
/// exists, empty, count, concat, string, toUpper, toLower, formatDateTime, join.
/// </summary>
internal static class Evaluator
{
    public static object? Evaluate(Expr expr, Scope scope) => Evaluate(expr, scope, 1);

    /// <summary>
    /// <paramref name="depth"/> counts the levels of the tree down to <paramref name="expr"/>. The parser bounds its
    /// own recursion, but a chain such as a.b.b.b... or 1+1+1... parses in a loop into a tree as deep as it is long.
    /// </summary>
    private static object? Evaluate(Expr expr, Scope scope, int depth) => depth > ExpressionParser.MaxDepth
        ? throw new NestedTooDeeplyException()
        : expr switch
        {
            Expr.Literal l => l.Value,
            Expr.Name n => Name(n.Identifier, scope),
            Expr.Member m => Property(Evaluate(m.Target, scope, depth + 1), m.Property),
            Expr.Index i => Indexer(Evaluate(i.Target, scope, depth + 1), Evaluate(i.Key, scope, depth + 1)),
            Expr.Unary { Operator: "!" } u => Boxed.Of(!IsTrue(Evaluate(u.Operand, scope, depth + 1))),
            Expr.Binary b => Binary(b, scope, depth + 1),
            Expr.Call c => Call(c, scope, depth + 1),
            _ => Undefined.Value,
        };

    private static object? Name(string name, Scope scope) => name switch
    {
        "$root" => scope.Root,
        "$data" => scope.Data,
        "$index" => scope.Index is { } i ? Boxed.Of(i) : Undefined.Value,
        _ => Property(scope.Data, name),
    };

    private static object? Property(object? target, string name) => target switch
    {
        JsonObject o when o.TryGetPropertyValue(name, out var value) => From(value),
        DataObject o when o.TryGet(name, out var value) => Value(value),
        _ => Undefined.Value,
    };

    private static object? Indexer(object? target, object? key) => (target, key) switch
    {
        (JsonArray a, double d) when d >= 0 && d < a.Count && d == Math.Floor(d) => From(a[(int)d]),
        (DataList l, double d) when d >= 0 && d < l.Count && d == Math.Floor(d) => Item(l, (int)d),
        (JsonObject or DataObject, string s) => Property(target, s),
        _ => Undefined.Value,
    };

    private static object? Binary(Expr.Binary b, Scope scope, int depth)
    {
        if (b.Operator == "&&")
            return Boxed.Of(IsTrue(Evaluate(b.Left, scope, depth)) && IsTrue(Evaluate(b.Right, scope, depth)));
        if (b.Operator == "||")
            return Boxed.Of(IsTrue(Evaluate(b.Left, scope, depth)) || IsTrue(Evaluate(b.Right, scope, depth)));
        var left = Evaluate(b.Left, scope, depth);
        var right = Evaluate(b.Right, scope, depth);
        if (left is Undefined || right is Undefined) return Undefined.Value;
        return b.Operator switch
        {
            "==" => Boxed.Of(Same(left, right)),
            "!=" => Boxed.Of(!Same(left, right)),
            "+" => (left, right) switch
            {
                (double x, double y) => Boxed.Of(x + y),
                (string or double, string or double) => Text(left) + Text(right),
                _ => Undefined.Value,
            },
            _ => Compare(b.Operator, left, right),
        };
    }

    private static object? Compare(string op, object? left, object? right)
    {
        int? order = (left, right) switch
        {
            (double x, double y) => x.CompareTo(y),
            (string x, string y) => string.CompareOrdinal(x, y),
            _ => null,
        };
        if (order is not { } o) return Undefined.Value;
        return op switch
        {
            "<" => Boxed.Of(o < 0), "<=" => Boxed.Of(o <= 0), ">" => Boxed.Of(o > 0), ">=" => Boxed.Of(o >= 0),
            _ => Undefined.Value,
        };
    }

    private static bool Same(object? left, object? right) => (left, right) switch
    {
        (null, null) => true,
        (double x, double y) => x == y,
        (string x, string y) => x == y,
        (bool x, bool y) => x == y,
        (JsonNode or DataObject or DataList, JsonNode or DataObject or DataList)
            => JsonNode.DeepEquals(AsJson(left), AsJson(right)),
        _ => false,
    };

    private static object? Call(Expr.Call call, Scope scope, int depth)
    {
        if (call.Function == "if")
            return call.Arguments.Count == 3
                ? Evaluate(call.Arguments[IsTrue(Evaluate(call.Arguments[0], scope, depth)) ? 1 : 2], scope, depth)
                : Undefined.Value;
        var args = new object?[call.Arguments.Count];
        for (var i = 0; i < args.Length; i++) args[i] = Evaluate(call.Arguments[i], scope, depth);
        return (call.Function, args) switch
        {
            ("exists", [var x]) => Boxed.Of(x is not (null or Undefined)),
            ("empty", [var x]) => Boxed.Of(x switch
            {
                null or Undefined => true,
                string s => s.Length == 0,
                JsonArray a => a.Count == 0,
                JsonObject o => o.Count == 0,
                DataList l => l.Count == 0,
                DataObject o => !o.Properties().Any(),
                _ => false,
            }),
            ("count", [string s]) => Boxed.Of(s.Length),
            ("count", [JsonArray a]) => Boxed.Of(a.Count),
            ("count", [DataList l]) => Boxed.Of(l.Count),
            ("concat", _) when args.All(a => a is string or double or bool) => string.Concat(args.Select(Text)),
            ("string", [var x]) when x is not Undefined => Text(x),
            ("toUpper", [string s]) => s.ToUpperInvariant(),
            ("toLower", [string s]) => s.ToLowerInvariant(),
            ("join", [JsonArray a, string separator]) => string.Join(separator, a.Select(e => Text(From(e)))),
            ("join", [DataList l, string separator]) => string.Join(separator, l.Items().Select(e => Text(Value(e)))),
            ("formatDateTime", [string t]) => FormatDateTime(t, "yyyy-MM-ddTHH:mm:ss.fffZ"),
            ("formatDateTime", [string t, string f]) => FormatDateTime(t, f),
            _ => Undefined.Value,
        };
    }

    private static object FormatDateTime(string timestamp, string format)
        => DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t.UtcDateTime.ToString(format, CultureInfo.InvariantCulture)
            : Undefined.Value;

    /// <summary>Adaptive Expressions' truth: false, null and "not there" are false; everything else is true.</summary>
    public static bool IsTrue(object? value) => value switch
    {
        bool b => b,
        null or Undefined => false,
        _ => true,
    };

    /// <summary>A value as text, the way JavaScript prints it.</summary>
    public static string Text(object? value) => value switch
    {
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        null => "",
        JsonNode n => n.ToJsonString(),
        DataObject or DataList => AsJson(value)!.ToJsonString(),
        _ => "",
    };

    /// <summary>An item of data held as objects as an expression value.</summary>
    public static object? Item(DataList list, int index) => Value(list[index]);

    /// <summary>A value data held as objects holds (see <see cref="DataObject"/>) as an expression value.</summary>
    private static object? Value(object? held) => held is JsonNode node ? From(node) : held;

    /// <summary>An object or array as JSON, for a deep comparison or its text.</summary>
    private static JsonNode? AsJson(object? value) => value switch
    {
        DataObject or DataList => DataJson.Of(value),
        _ => value as JsonNode,
    };

    /// <summary>A JSON node as an expression value.</summary>
    public static object? From(JsonNode? node) => node switch
    {
        null => null,
        // Typed as object on purpose: as JsonNode, the strings and numbers below would turn back into nodes.
        JsonObject or JsonArray => (object)node,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            // A value built in code (a view's data) holds an int or a long, not a double; any other number is read
            // through its JSON text.
            JsonValueKind.Number => v.TryGetValue<double>(out var d) ? Boxed.Of(d)
                : v.TryGetValue<int>(out var i) ? Boxed.Of(i)
                : v.TryGetValue<long>(out var l) ? Boxed.Of(l)
                : double.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture),
            JsonValueKind.True => Boxed.Of(true),
            JsonValueKind.False => Boxed.Of(false),
            _ => null,
        },
        _ => null,
    };

    /// <summary>A number written without a fraction, as JavaScript prints it (within a long's exact range).</summary>
    public static bool IsWhole(double d) => d == Math.Floor(d) && Math.Abs(d) < 1e15;
}
