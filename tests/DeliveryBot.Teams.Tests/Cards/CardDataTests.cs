using System.Text.Json.Nodes;
using DeliveryBot.Teams.Cards;
using DeliveryBot.Teams.Cards.Templating;
using DeliveryBot.Teams.Cards.Views;

namespace DeliveryBot.Teams.Tests.Cards;

/// <summary>
/// A card's data is held as its view's objects and read by the template as it goes (<see cref="DataObject"/>); the
/// card drawn from it must be, byte for byte, the card drawn from the same data as JSON.
/// </summary>
public sealed class CardDataTests
{
    public static TheoryData<string> CardNames() => [.. CardSamples.All.Keys.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(CardNames))]
    public void Every_card_is_drawn_from_its_view_as_from_the_views_json(string template)
    {
        var sample = CardSamples.All[template]();
        var data = CardSamples.Cards.Data(
            new CardRef(template, sample.Delivery.Id, sample.Focus), sample.Delivery, sample.Context);
        var templates = new CardTemplates();

        var fromView = templates.Render(template, data).ToString();
        var fromJson = templates.Render(template, JsonNode.Parse(data.ToJson().ToJsonString())!).ToString();

        Assert.Equal(fromJson, fromView);
        Assert.Contains(sample.Delivery.Id, fromView);
    }

    private sealed record Item(string Name, int Count);

    private sealed record View(string Title, int Count, string? Note, IReadOnlyList<Item> Items, bool Open);

    [Fact]
    public void What_a_card_adds_replaces_a_views_own_property_in_place_and_the_rest_come_after()
    {
        var data = ViewData.Of(new View("T", 2, "own", [new("a", 1)], true));

        data.Set("note", "added");
        data.Set("version", 7);
        data.Set("userIds", ["29:a", "29:b"]);
        data.Set("version", 8);

        Assert.Equal(
            """{"title":"T","count":2,"note":"added","items":[{"name":"a","count":1}],"open":true,"version":8,"""
            + "\"userIds\":[\"29:a\",\"29:b\"]}",
            data.ToJson().ToJsonString());
        Assert.True(data.TryGet("note", out var note));
        Assert.Equal("added", note);
        Assert.False(data.TryGet("missing", out _));
    }

    [Fact]
    public void The_template_reads_a_views_numbers_lists_and_objects_as_it_reads_json()
    {
        var template = CardTemplate.Parse("""
            {"type":"AdaptiveCard","body":[
              {"type":"TextBlock","text":"${title}: ${count + 1} of ${count(items)}, more: ${count > 1}"},
              {"type":"TextBlock","$data":"${items}","text":"${$index}. ${name} (${count}) of ${$root.title}"},
              {"type":"TextBlock","text":"${join(names, ', ')} ${items[1].name} ${empty(items)} ${empty(none)}"},
              {"type":"TextBlock","$when":"${items[0] == items[0]}","text":"${string(items[0])}"},
              {"type":"FactSet","facts":"${facts}"}
            ]}
            """);
        var view = new
        {
            Title = "[Plan](https://evil.example)",
            Count = 2,
            Items = new[] { new Item("a", 1), new Item("b", 3) },
            Names = new[] { "x", "y" },
            None = Array.Empty<string>(),
            Facts = new[] { new { Title = "[t](https://evil.example)", Value = "**v**" } },
        };
        var data = ViewData.Of(view);

        foreach (var breakLinks in new[] { false, true })
        {
            var fromJson = template.Expand(JsonNode.Parse(data.ToJson().ToJsonString()), breakLinks)!.ToJsonString();
            Assert.Equal(fromJson, template.Expand(data, breakLinks)!.ToJsonString());
        }
        var texts = template.Expand(data)!["body"]!.AsArray().Select(b => b!["text"]?.GetValue<string>()).ToList();
        Assert.Equal(
            ["[Plan](https://evil.example): 3 of 2, more: true", "0. a (1) of [Plan](https://evil.example)",
                "1. b (3) of [Plan](https://evil.example)", "x, y b false true", """{"name":"a","count":1}""", null],
            texts);
    }
}
