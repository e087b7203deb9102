using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DeliveryBot.Teams.Cards.Templating;

namespace DeliveryBot.Teams.Tests.Cards;

/// <summary>
/// Link syntax is broken as the card is written, wherever Teams reads Markdown (a TextBlock's text, a fact's title and
/// value), whether the template or the data put the text there; everywhere else what people typed is written as is.
/// </summary>
public sealed class InertLinksTests
{
    private const string Lure = "[Renew your password](https://evil.example/x)";
    private const string Broken = "[Renew your password]\u2060(https://evil.example/x)";

    private static readonly JsonObject Data = new()
    {
        ["name"] = Lure,
        ["kind"] = "TextBlock",
        ["people"] = new JsonArray(new JsonObject { ["name"] = Lure, ["role"] = Lure }),
        ["blocks"] = new JsonArray(new JsonObject { ["type"] = "TextBlock", ["text"] = Lure }),
        ["facts"] = new JsonArray(new JsonObject { ["title"] = Lure, ["value"] = Lure }),
        ["run"] = new JsonObject { ["type"] = "TextRun", ["text"] = Lure },
    };

    private static JsonNode Written(string template, bool breakLinks = true)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
            Assert.True(CardTemplate.Parse(template).WriteTo(writer, Data.DeepClone(), breakLinks));
        return JsonNode.Parse(buffer.WrittenSpan)!;
    }

    public static TheoryData<string, string> Markdown() => new()
    {
        { """{"type":"TextBlock","text":"${name}"}""", "$.text" },
        { """{"type":"TextBlock","text":"By ${name}"}""", "$.text" },
        { """{"type":"${kind}","text":"${name}"}""", "$.text" },
        { """{"text":"${name}","type":"TextBlock"}""", "$.text" },
        { """{"type":"FactSet","facts":[{"$data":"${people}","title":"${name}","value":"${role}"}]}""",
            "$.facts[0].title" },
        { """{"type":"FactSet","facts":[{"$data":"${people}","title":"${name}","value":"${role}"}]}""",
            "$.facts[0].value" },
        { """{"type":"FactSet","facts":[{"title":"Who","value":"${name}"}]}""", "$.facts[0].value" },
        { """{"type":"FactSet","facts":"${facts}"}""", "$.facts[0].title" },
        { """{"type":"FactSet","facts":["${facts[0]}"]}""", "$.facts[0].value" },
        { """{"type":"Container","items":"${blocks}"}""", "$.items[0].text" },
        { """{"type":"Container","items":[{"type":"TextBlock","text":"[a](b)"}]}""", "$.items[0].text" },
    };

    [Theory]
    [MemberData(nameof(Markdown))]
    public void Where_Teams_reads_Markdown_a_link_is_broken(string template, string path)
    {
        var text = At(Written(template), path);

        Assert.DoesNotContain("](", text, StringComparison.Ordinal);
        Assert.Contains("]\u2060(", text, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> Plain() => new()
    {
        { """{"type":"TextRun","text":"${name}"}""", "$.text" },
        { """{"type":"Input.Text","value":"${name}"}""", "$.value" },
        { """{"type":"Container","items":["${run}"]}""", "$.items[0].text" },
        { """{"type":"Container","title":"${name}"}""", "$.title" },
        { """{"type":"FactSet","facts":{"title":"${name}"}}""", "$.facts.title" },
    };

    [Theory]
    [MemberData(nameof(Plain))]
    public void Elsewhere_the_text_is_written_as_typed(string template, string path)
        => Assert.Equal(Lure, At(Written(template), path));

    [Fact]
    public void Without_link_breaking_the_card_is_expanded_as_Microsofts_engine_does()
        => Assert.Equal(Lure, At(Written("""{"type":"TextBlock","text":"${name}"}""", breakLinks: false), "$.text"));

    [Fact]
    public void The_broken_link_shows_every_character_typed()
        => Assert.Equal(Broken, At(Written("""{"type":"TextBlock","text":"${name}"}"""), "$.text"));

    private static string At(JsonNode card, string path)
    {
        JsonNode? node = card;
        foreach (var step in path[2..].Split('.'))
        {
            var parts = step.TrimEnd(']').Split('[');
            node = node![parts[0]];
            if (parts.Length == 2) node = node![int.Parse(parts[1], CultureInfo.InvariantCulture)];
        }
        return node!.GetValue<string>();
    }
}
