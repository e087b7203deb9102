using System.Text.Json;
using System.Text.Json.Nodes;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Teams.Tests.Support;
using DeliveryBot.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace DeliveryBot.Teams.Tests.Cards;

/// <summary>
/// Clicks on a delivery card through real invoke activities, on delivery D1 stored from a Scenario; the card the bot
/// answers with, read as a person would: its texts, its buttons, its inputs' values.
/// </summary>
public abstract class CardClickTest : IAsyncLifetime
{
    private int _clicks;

    /// <summary>The bot's clock: an hour after the scenarios start (Monday 2 March 2026, 11:00 in London).</summary>
    protected ManualClock Clock { get; } = new(Scenario.Start.AddHours(1));

    protected FakeConnector Connector { get; private set; } = null!;
    protected ChannelFactory Bot { get; private set; } = null!;
    private HttpClient _http = null!;

    protected IDeliveryStore Store => Bot.Services.GetRequiredService<IDeliveryStore>();

    public async Task InitializeAsync()
    {
        Connector = await FakeConnector.StartAsync();
        Bot = new ChannelFactory(new Dictionary<string, string?>()) { Clock = Clock };
        _http = Bot.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await Bot.DisposeAsync();
        await Connector.DisposeAsync();
    }

    protected async Task<HttpResponseMessage> PostAsync(string activityJson)
        => await _http.PostAsync(new Uri("/api/messages", UriKind.Relative), new StringContent(activityJson, System.Text.Encoding.UTF8, "application/json"));

    protected async Task<Delivery> StoreAsync(Scenario s)
    {
        await Store.SaveAsync(s.Delivery, 0, Scenario.Start);
        return s.Delivery;
    }

    protected async Task<Delivery> NowAsync() => (await Store.FindAsync("D1"))!;

    /// <summary>A click by <paramref name="who"/> on the card drawn from the stored record (or from <paramref name="version"/>), with the card's input values.</summary>
    protected async Task<JsonElement> ClickAsync(Person who, string card, string verb, IReadOnlyDictionary<string, string>? inputs = null, string focus = "", long? version = null)
    {
        var data = new JsonObject { ["card"] = card, ["deliveryId"] = "D1", ["focus"] = focus, ["version"] = version ?? (await NowAsync()).Version };
        foreach (var (input, value) in inputs ?? new Dictionary<string, string>()) data[input] = value;
        using var response = await PostAsync(Activities.Invoke(Connector.ServiceUrl, verb, data.ToJsonString(), who.ObjectId!, who.DisplayName, $"click-{++_clicks}"));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>The card an invoke answered with (fails when it answered with an error instead), or a card as posted.</summary>
    protected static JsonElement Drawn(JsonElement response)
    {
        if (response.GetProperty("type").GetString() == "AdaptiveCard") return response;
        Assert.Equal("application/vnd.microsoft.card.adaptive", response.GetProperty("type").GetString());
        return response.GetProperty("value");
    }

    /// <summary>Every text on the card (text blocks, text runs, facts' titles and values, in order), joined.</summary>
    protected static string Texts(JsonElement response) => string.Join(" | ", Elements(Drawn(response)).SelectMany(Shown));

    private static IEnumerable<string> Shown(JsonElement e)
    {
        if (e.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String) yield return text.GetString()!;
        else if (!e.TryGetProperty("type", out _) && e.TryGetProperty("title", out var title) && e.TryGetProperty("value", out var value))
        {
            yield return title.GetString()!;
            yield return value.GetString()!;
        }
    }

    /// <summary>The titles of the buttons the card shows, shown cards' buttons included.</summary>
    protected static IReadOnlyList<string> Buttons(JsonElement response)
        => [.. Elements(Drawn(response)).Where(e => e.TryGetProperty("type", out var t) && t.GetString() is "Action.Execute" or "Action.ShowCard")
            .Select(e => e.GetProperty("title").GetString()!)];

    /// <summary>The value an input of the card is drawn with, or null when it has none (or the card has no such input).</summary>
    protected static string? InputValue(JsonElement response, string id)
        => Elements(Drawn(response)).FirstOrDefault(e => e.TryGetProperty("id", out var i) && i.GetString() == id) is { ValueKind: JsonValueKind.Object } input
            && input.TryGetProperty("value", out var v) ? (v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()) : null;

    /// <summary>Whether the card has an input with this id.</summary>
    protected static bool HasInput(JsonElement response, string id)
        => Elements(Drawn(response)).Any(e => e.TryGetProperty("id", out var i) && i.GetString() == id);

    /// <summary>Every object in the card, depth first, in document order (action data left out: it is not shown).</summary>
    private static IEnumerable<JsonElement> Elements(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            yield return element;
            foreach (var p in element.EnumerateObject().Where(p => p.Name is not ("data" or "refresh")))
                foreach (var e in Elements(p.Value)) yield return e;
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
                foreach (var e in Elements(item)) yield return e;
        }
    }
}
