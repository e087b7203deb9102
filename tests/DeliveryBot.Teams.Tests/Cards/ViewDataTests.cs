using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using DeliveryBot.Teams.Cards.Views;

namespace DeliveryBot.Teams.Tests.Cards;

/// <summary>
/// A view's data is built from its properties, not serialized and parsed (<see cref="ViewData"/>), and must be what
/// the serializer gives, whatever the view holds. Every card's own view is held to its sample data by
/// <see cref="CardSampleDataTests"/>; these are the shapes no card has yet.
/// </summary>
public sealed class ViewDataTests
{
    private enum Tone { Calm, Loud }

    private sealed record Inner(string Text, int? Count);

    private sealed class WithAttributes
    {
        [JsonPropertyName("renamed")] public string Original { get; init; } = "a";

        [JsonIgnore] public string Hidden { get; init; } = "secret";

        [JsonConverter(typeof(JsonStringEnumConverter))] public Tone Tone { get; init; } = Tone.Loud;
    }

    private sealed record Everything(
        string Name,
        string? Missing,
        bool Flag,
        int Small,
        long Large,
        double Ratio,
        decimal Money,
        Tone Tone,
        DateOnly Day,
        DateTimeOffset At,
        IReadOnlyList<string> Words,
        IReadOnlyList<Inner> Inners,
        Inner? NoInner,
        Dictionary<string, int> Counts,
        object Boxed,
        WithAttributes Attributed,
        string Unicode);

    [Fact]
    public void Every_shape_comes_out_as_the_serializer_writes_it()
    {
        var view = new Everything(
            "D1 · Contoso", null, true, 7, 5_000_000_000, 0.25, 12.50m, Tone.Loud, new DateOnly(2026, 4, 2),
            new DateTimeOffset(2026, 4, 2, 14, 2, 0, TimeSpan.FromHours(1)), ["a", "b"],
            [new("x", 1), new("y", null)], null, new() { ["k"] = 3 }, new Inner("boxed", 2), new(),
            "naïve \"quoted\" <b> 😀");

        var built = ViewData.Of(view).ToJson();

        var serialized = JsonSerializer.SerializeToNode(view, CardJson.Options);
        Assert.True(JsonNode.DeepEquals(serialized, built),
            $"built {built.ToJsonString()}\nserialized {serialized!.ToJsonString()}");
        Assert.Equal(serialized!.ToJsonString(), built.ToJsonString());
        Assert.Equal("Loud", built["attributed"]!["tone"]!.GetValue<string>());
        Assert.Null(built["attributed"]!["hidden"]);
    }

    [Fact]
    public void The_contracts_are_built_once_not_on_every_draw()
    {
        Assert.True(CardJson.Options.IsReadOnly, "open options build a type's contract afresh on every read");
        Assert.Same(CardJson.Options.GetTypeInfo(typeof(Inner)), CardJson.Options.GetTypeInfo(typeof(Inner)));
    }

    [Fact]
    public void A_view_that_is_not_an_object_is_refused()
        => Assert.Throws<ArgumentException>(() => ViewData.Of<IReadOnlyList<string>>(["a"]));
}
