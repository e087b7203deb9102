using System.Globalization;
using System.Text;

namespace DeliveryBot.Teams.Cards.Templating;

/// <summary>
/// Parses an expression: literals, names and $-names, member access and indexers, calls, the operators
/// == != &lt; &lt;= &gt; &gt;= &amp;&amp; || ! and + (with the usual precedence). Anything else is a syntax error,
/// which leaves the expression unexpanded, as the reference engine does with what it cannot evaluate.
/// </summary>
internal sealed class ExpressionParser
{
    /// <summary>
    /// How deep an expression may nest; the card templates' own expressions nest a few levels at most.
    /// </summary>
    public const int MaxDepth = 64;

    private readonly List<string> _tokens;
    private int _at;
    private int _depth; // the sub-expressions (parentheses, arguments, indexers, !) open around the one being parsed

    private ExpressionParser(List<string> tokens) => _tokens = tokens;

    public static Expr? TryParse(string text)
    {
        try
        {
            var parser = new ExpressionParser(Tokenize(text));
            var expr = parser.Or();
            return parser._at == parser._tokens.Count ? expr : null;
        }
        catch (FormatException e) when (e is not NestedTooDeeplyException) { return null; }
    }

    private string? Peek => _at < _tokens.Count ? _tokens[_at] : null;
    private string Next() => _at < _tokens.Count ? _tokens[_at++] : throw new FormatException("Unexpected end.");
    private bool Take(string token) { if (Peek != token) return false; _at++; return true; }

    private Expr Or()
    {
        if (++_depth > MaxDepth) throw new NestedTooDeeplyException();
        var e = And();
        while (Take("||")) e = new Expr.Binary("||", e, And());
        _depth--;
        return e;
    }

    private Expr And() { var e = Equality(); while (Take("&&")) e = new Expr.Binary("&&", e, Equality()); return e; }

    private Expr Equality()
    {
        var e = Comparison();
        while (Peek is "==" or "!=") { var op = Next(); e = new Expr.Binary(op, e, Comparison()); }
        return e;
    }

    private Expr Comparison()
    {
        var e = Additive();
        while (Peek is "<" or "<=" or ">" or ">=") { var op = Next(); e = new Expr.Binary(op, e, Additive()); }
        return e;
    }

    private Expr Additive() { var e = Unary(); while (Take("+")) e = new Expr.Binary("+", e, Unary()); return e; }

    private Expr Unary()
    {
        if (!Take("!")) return Postfix();
        if (++_depth > MaxDepth) throw new NestedTooDeeplyException(); // !!!!x recurses without passing through Or
        var operand = Unary();
        _depth--;
        return new Expr.Unary("!", operand);
    }

    private Expr Postfix()
    {
        var e = Primary();
        while (true)
        {
            if (Take(".")) e = new Expr.Member(e, Identifier(Next()));
            else if (Take("[")) { var key = Or(); Expect("]"); e = new Expr.Index(e, key); }
            else return e;
        }
    }

    private Expr Primary()
    {
        var token = Next();
        if (token == "(") { var e = Or(); Expect(")"); return e; }
        if (token[0] is '\'' or '"') return new Expr.Literal(token[1..]);
        if (char.IsAsciiDigit(token[0]))
            return new Expr.Literal(double.Parse(token, NumberStyles.Float, CultureInfo.InvariantCulture));
        var name = Identifier(token);
        if (name is "true" or "false") return new Expr.Literal(name == "true");
        if (name == "null") return new Expr.Literal(null);
        if (!Take("(")) return new Expr.Name(name);
        var arguments = new List<Expr>();
        if (!Take(")"))
        {
            do arguments.Add(Or()); while (Take(","));
            Expect(")");
        }
        return new Expr.Call(name, arguments);
    }

    private static string Identifier(string token)
        => token.Length > 0 && (char.IsLetter(token[0]) || token[0] is '_' or '$')
            ? token
            : throw new FormatException($"Unexpected '{token}'.");

    private void Expect(string token)
    {
        if (!Take(token)) throw new FormatException($"Expected '{token}'.");
    }

    /// <summary>Tokens; a string literal token is its quote character followed by its unescaped content.</summary>
    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c is '\'' or '"')
            {
                var s = new StringBuilder().Append(c);
                for (i++; i < text.Length && text[i] != c; i++)
                    s.Append(text[i] == '\\' && i + 1 < text.Length ? text[++i] : text[i]);
                if (i++ >= text.Length) throw new FormatException("Unterminated string.");
                tokens.Add(s.ToString());
                continue;
            }
            if (char.IsAsciiDigit(c))
            {
                var start = i;
                while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.')) i++;
                tokens.Add(text[start..i]);
                continue;
            }
            if (char.IsLetter(c) || c is '_' or '$')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '$')) i++;
                tokens.Add(text[start..i]);
                continue;
            }
            var two = i + 1 < text.Length ? text.Substring(i, 2) : "";
            if (two is "==" or "!=" or "<=" or ">=" or "&&" or "||") { tokens.Add(two); i += 2; continue; }
            if ("()[].,!<>+".Contains(c)) { tokens.Add(c.ToString()); i++; continue; }
            throw new FormatException($"Unexpected character '{c}'.");
        }
        return tokens;
    }
}
