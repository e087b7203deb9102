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
/// The bot in-process with delivery D1 stored from a Scenario, clicked through real invoke activities (and spoken to
/// through real message activities); the card it answers with, read as a person reads it: texts, buttons, inputs.
/// </summary>
public abstract class DeliveryCardClicks : IAsyncLifetime
{
    private HttpClient _http = null!;
    private int _activities;

    /// <summary>The bot's clock: an hour after the scenarios start (Monday 2 March 2026, 11:00 in London).</summary>
    protected ManualClock Clock { get; } = new(Scenario.Start.AddHours(1));

    protected FakeConnector Connector { get; private set; } = null!;
    protected ChannelFactory Bot { get; private set; } = null!;
    protected IDeliveryStore Store => Bot.Services.GetRequiredService<IDeliveryStore>();

    public async Task InitializeAsync()
    {
        Connector = await FakeConnector.StartAsync();
        // these type a delivery's commands as fast as a machine can: the allowance a person has (CommandAllowanceTests)
        // would refuse them
        Bot = new ChannelFactory(new Dictionary<string, string?> { ["Bot:CommandsPerPerson"] = "10000" })
        {
            Clock = Clock,
        };
        _http = Bot.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await Bot.DisposeAsync();
        await Connector.DisposeAsync();
    }

    protected async Task<Delivery> StoreAsync(Scenario s)
    {
        await Store.SaveAsync(Contoso.Own(s.Delivery), 0, Scenario.Start);
        return s.Delivery;
    }

    protected async Task<Delivery> NowAsync() => (await Store.FindAsync(Contoso.Key("D1")))!;

    /// <summary>
    /// A click by <paramref name="who"/> on <paramref name="card"/> as drawn from the stored record (or from
    /// <paramref name="version"/>), with the values of the card's inputs and the button's fixed data.
    /// </summary>
    protected async Task<JsonElement> ClickAsync(
        Person who,
        string card,
        string verb,
        IReadOnlyDictionary<string, JsonNode?>? values = null,
        string focus = "",
        long? version = null)
    {
        var data = new JsonObject { ["card"] = card, ["deliveryId"] = "D1", ["focus"] = focus,
            ["version"] = version ?? (await NowAsync()).Version };
        foreach (var (name, value) in values ?? new Dictionary<string, JsonNode?>()) data[name] = value?.DeepClone();
        var activity = Activities.Invoke(Connector.ServiceUrl, verb, data.ToJsonString(), who.ObjectId!,
            who.DisplayName, $"activity-{++_activities}");
        using var response = await PostAsync(activity);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>The card as <paramref name="who"/> sees it now (what Teams asks for when it shows the card).</summary>
    protected Task<JsonElement> SeenByAsync(Person who, string card, string focus = "")
        => ClickAsync(who, card, "card.refresh", focus: focus);

    /// <summary>A chat message from <paramref name="who"/> to the bot in a 1:1 chat; the bot's reply to it, as the
    /// connector received it (not the cards the change sends others meanwhile).</summary>
    protected async Task<JsonElement> SayAsync(Person who, string text)
    {
        var id = $"activity-{++_activities}";
        using var response = await PostAsync(Activities.Message(Connector.ServiceUrl, text,
            id: id, fromOid: who.ObjectId!, fromName: who.DisplayName));
        Assert.True(response.IsSuccessStatusCode, $"the bot answered {(int)response.StatusCode}");
        var reply = Connector.Sends.LastOrDefault(c => c.Path.EndsWith($"/activities/{id}", StringComparison.Ordinal));
        Assert.True(reply is not null, "the bot did not reply");
        return JsonDocument.Parse(reply.Body).RootElement.Clone();
    }

    protected Task<HttpResponseMessage> PostAsync(string activity)
        => _http.PostAsync(new Uri("/api/messages", UriKind.Relative),
            new StringContent(activity, System.Text.Encoding.UTF8, "application/json"));

    protected static Dictionary<string, JsonNode?> Values(params (string Name, JsonNode? Value)[] values)
        => values.ToDictionary(v => v.Name, v => v.Value);

    /// <summary>The card an invoke answered with; fails when it answered with an error instead.</summary>
    protected static JsonElement Drawn(JsonElement response)
    {
        if (response.TryGetProperty("type", out var type) && type.GetString() == "AdaptiveCard") return response;
        Assert.Equal("application/vnd.microsoft.card.adaptive", response.GetProperty("type").GetString());
        return response.GetProperty("value");
    }

    /// <summary>Whether the invoke was refused outright (a payload that names no card the bot knows).</summary>
    protected static bool IsRefused(JsonElement response)
        => response.GetProperty("type").GetString() == "application/vnd.microsoft.error";

    /// <summary>Every text on the card, in order: text blocks, a rich text block's runs joined, facts as "name:
    /// value".</summary>
    protected static string Texts(JsonElement response)
        => string.Join(" | ", Elements(Drawn(response)).SelectMany(Shown));

    private static IEnumerable<string> Shown(JsonElement e)
    {
        if (!e.TryGetProperty("type", out var type))
        {
            if (e.TryGetProperty("title", out var title)
                && e.TryGetProperty("value", out var value)) yield return $"{title.GetString()}: {value.GetString()}";
            yield break;
        }
        if (type.GetString() == "TextBlock") yield return e.GetProperty("text").GetString()!;
        if (type.GetString() == "RichTextBlock") yield return string.Concat(
            e.GetProperty("inlines").EnumerateArray().Select(r => r.GetProperty("text").GetString()));
    }

    /// <summary>The titles of the card's buttons, those in shown cards and action sets included.</summary>
    protected static IReadOnlyList<string> Buttons(JsonElement response)
        => [.. Elements(Drawn(response))
            .Where(e => e.TryGetProperty("type", out var t) && t.GetString() is "Action.Execute" or "Action.ShowCard")
            .Select(e => e.GetProperty("title").GetString()!)];

    /// <summary>An input of the card by id, or null.</summary>
    protected static JsonElement? Input(JsonElement response, string id)
        => Elements(Drawn(response)).FirstOrDefault(e => e.TryGetProperty("id", out var i)
            && i.GetString() == id) is { ValueKind: JsonValueKind.Object } input ? input : null;

    /// <summary>The choices a choice set offers, by value.</summary>
    protected static IReadOnlyList<string> Choices(JsonElement response, string id)
        => Input(response, id) is { } input
            ? [.. input.GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("value").GetString()!)] : [];

    /// <summary>The fixed data of the button with this title: what a click on it sends besides the inputs.</summary>
    protected static JsonElement ButtonData(JsonElement response, string title)
        => Elements(Drawn(response)).First(e => e.TryGetProperty("type", out var t) && t.GetString() == "Action.Execute"
            && e.GetProperty("title").GetString() == title)
            .GetProperty("data");

    /// <summary>Every object of the card, depth first, in document order (action data, the refresh and a choice set's
    /// choices left out).</summary>
    private static IEnumerable<JsonElement> Elements(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            yield return element;
            foreach (var p in element.EnumerateObject().Where(p => p.Name is not ("data" or "refresh" or "choices")))
                foreach (var e in Elements(p.Value)) yield return e;
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var e in element.EnumerateArray().SelectMany(Elements)) yield return e;
        }
    }
}
