using System.Text.Json.Nodes;
using DeliveryBot.Teams.Cards;
using DeliveryBot.Teams.Cards.Templating;

namespace DeliveryBot.Teams.Tests.Cards;

/// <summary>
/// Hostile nesting in a template: the parser and the evaluator recurse once per level, so an expression or JSON nested
/// far enough used to overflow the stack, which kills the process (the bot, or render-card) with nothing to catch.
/// Past the limit it is now a plain template error; everything a card would write still expands.
/// </summary>
public sealed class TemplatingDepthTests : IDisposable
{
    private const int Hostile = 100_000;
    private readonly string _directory = Directory.CreateTempSubdirectory("deliverybot-templating-").FullName;

    /// <summary>Expressions nested <paramref name="n"/> deep, each a different way the parser or evaluator
    /// recurses.</summary>
    private static string Nested(string shape, int n) => shape switch
    {
        "parentheses" => new string('(', n) + "1" + new string(')', n),
        "if" => string.Concat(Enumerable.Repeat("if(true, ", n)) + "1" + string.Concat(Enumerable.Repeat(", 2)", n)),
        "not" => new string('!', n) + "true",
        "indexers" => string.Concat(Enumerable.Repeat("a[", n)) + "0" + new string(']', n),
        // parsed in a loop, but a tree as deep as long
        "member chain" => "m" + string.Concat(Enumerable.Repeat(".b", n)),
        "plus chain" => "1" + string.Concat(Enumerable.Repeat(" + 1", n)),
        _ => throw new ArgumentOutOfRangeException(nameof(shape)),
    };

    public static TheoryData<string> Shapes() => ["parentheses", "if", "not", "indexers", "member chain", "plus chain"];

    private static JsonNode? Expand(string text, JsonNode? data = null)
        => CardTemplate.Parse(new JsonObject { ["text"] = text }.ToJsonString()).Expand(data ?? new JsonObject());

    /// <summary>Data the within-limit shapes resolve against: a = [0] for the indexers, m.b.b... for the member
    /// chain.</summary>
    private static JsonObject Data(int n)
    {
        JsonNode chain = "end";
        for (var i = 0; i < n; i++) chain = new JsonObject { ["b"] = chain };
        return new JsonObject { ["a"] = new JsonArray(0), ["m"] = chain };
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void An_expression_nested_past_the_limit_is_refused_as_nested_too_deeply(string shape)
    {
        var whole = Assert.Throws<NestedTooDeeplyException>(() => Expand("${" + Nested(shape, Hostile) + "}"));
        var inText = Assert.Throws<NestedTooDeeplyException>(
            () => Expand("Total: ${" + Nested(shape, Hostile) + "} items"));

        Assert.Contains("nested too deeply (more than 64 levels)", whole.Message, StringComparison.Ordinal);
        Assert.Equal(whole.Message, inText.Message);
        Assert.IsAssignableFrom<FormatException>(whole); // the parser's error type, which callers already know
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void An_expression_nested_within_the_limit_still_expands_even_on_a_small_stack(string shape)
    {
        // 60 levels, just under the limit, on a thread with a quarter of the usual stack: the limit leaves room to
        // spare.
        JsonNode? card = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { card = Expand("${" + Nested(shape, 60) + "}", Data(60)); }
            catch (InvalidOperationException e) { failure = e; }
            catch (FormatException e) { failure = e; }
        }, maxStackSize: 256 * 1024);
        thread.Start();
        thread.Join();

        Assert.Null(failure);
        var text = card!["text"]!.ToJsonString();
        Assert.DoesNotContain("${", text, StringComparison.Ordinal); // evaluated, not left as written
    }

    [Theory]
    [InlineData("expression", "nested too deeply")]
    [InlineData("template json", "maximum configured depth of 64")]
    [InlineData("data json", "maximum configured depth of 64")]
    public void Render_card_reports_hostile_nesting_as_an_error_instead_of_dying(string where, string message)
    {
        var deepJson = new string('[', Hostile) + new string(']', Hostile);
        var template = Path.Combine(_directory, "card.json");
        var data = Path.Combine(_directory, "card.data.json");
        File.WriteAllText(template, where switch
        {
            "expression" => new JsonObject { ["text"] = "${" + Nested("parentheses", Hostile) + "}" }.ToJsonString(),
            "template json" => deepJson,
            _ => """{"text": "${name}"}""",
        });
        File.WriteAllText(data, where == "data json" ? deepJson : """{"name": "Contoso"}""");
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.Equal(1, RenderCard.Run([template, data], output, error));
        Assert.StartsWith("render-card: ", error.ToString(), StringComparison.Ordinal);
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal); // no stack trace
        Assert.Empty(output.ToString());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
