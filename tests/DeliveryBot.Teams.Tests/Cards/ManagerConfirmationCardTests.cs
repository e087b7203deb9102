using System.Text.Json;
using DeliveryBot.Application.Messages;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.People;
using DeliveryBot.Teams.Tests.Support;
using DeliveryBot.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace DeliveryBot.Teams.Tests.Cards;

/// <summary>
/// The Client Intake Manager opens a delivery naming its Delivery Manager, through real activities: Ivy fills the
/// intake form naming Dana; Dana's 1:1 chat gets the card to confirm, nobody else anything; Dana confirms (stage 1
/// starts, the stakeholders get their cards, Ivy is told) or declines with a reason (Ivy is told why, the delivery is
/// closed and listed nowhere as live). The wrong person, a second click and a stale card change nothing and say so.
/// </summary>
public sealed class ManagerConfirmationCardTests : IAsyncLifetime
{
    private const string Form = """
        "client":"Contoso Ltd","talent":"Invoice Triage Agent","scope":"Reads and routes invoices",
        "intakeDate":"2026-03-02","agreedDate":"2026-05-29","timeZone":"Europe/London",
        "deliveryManager":"oid-dana","pla":"oid-pablo","form":"intake",
        "formId":"5f0c2a9e8d7b4c1aa3e6f9b2d4c8e1a7"
        """;

    private const string ManagerCard = """{"card":"manager","deliveryId":"D1","focus":"","version":1""";

    private FakeConnector _connector = null!;
    private ChannelFactory _bot = null!;
    private HttpClient _http = null!;
    private int _ids;

    private IDeliveryStore Store => _bot.Services.GetRequiredService<IDeliveryStore>();

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _connector.Roster = [("29:dana", "Dana", "oid-dana"), ("29:ivy", "Ivy", "oid-ivy"),
            ("29:pablo", "Pablo", "oid-pablo")];
        _bot = new ChannelFactory(new Dictionary<string, string?>()) { Clock = new ManualClock(Scenario.Start) };
        _http = _bot.CreateClient();
        // each has a 1:1 chat with the bot, so it can write to them
        foreach (var who in new[] { "Dana", "Ivy", "Pablo" }) await SayAsync(who, "help");
        await IdleAsync();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _bot.DisposeAsync();
        await _connector.DisposeAsync();
    }

    private Task IdleAsync() => _bot.Services.GetRequiredService<OutboxDispatcher>().WhenIdleAsync();

    private static string Chat(string who) => $"a:{who.ToLowerInvariant()}";

    private async Task<string> PostAsync(string activity)
    {
        using var response = await _http.PostAsync(new Uri("/api/messages", UriKind.Relative),
            new StringContent(activity, System.Text.Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    private Task<string> SayAsync(string who, string text)
        => PostAsync(Activities.Message(_connector.ServiceUrl, text, "personal", Chat(who),
            id: $"say-{Interlocked.Increment(ref _ids)}", fromOid: $"oid-{who.ToLowerInvariant()}", fromName: who));

    /// <summary>A click as Teams sends it, from the clicker's 1:1 chat (the intake form: from a group chat).</summary>
    private async Task<string> ClickAsync(string who, string verb, string data, string? chat = null)
    {
        var answer = await PostAsync(Activities.Invoke(_connector.ServiceUrl, verb, data,
            $"oid-{who.ToLowerInvariant()}", who, $"click-{Interlocked.Increment(ref _ids)}",
            conversationId: chat ?? Chat(who)));
        return Unescaped(JsonDocument.Parse(answer).RootElement.GetProperty("value").GetRawText());
    }

    /// <summary>What the bot posted to someone's 1:1 chat of its own accord (replies to them left out).</summary>
    private List<string> PostedTo(string who)
        => [.. _connector.Sends.Where(c => c.Method == "POST" && c.Path == $"/v3/conversations/{Chat(who)}/activities")
            .Select(c => Unescaped(c.Body))];

    /// <summary>JSON as a person reads it: "Dana’s" rather than "Dana\u2019s".</summary>
    private static string Unescaped(string json) => System.Text.RegularExpressions.Regex.Unescape(json);

    private async Task<int> DeliveryVersionAsync() => (int)(await Store.FindAsync(Contoso.Key("D1")))!.Version;

    [Fact]
    public async Task Ivy_names_dana_who_confirms_then_stage_1_starts_and_everyone_gets_their_cards()
    {
        var before = (Dana: PostedTo("Dana").Count, Ivy: PostedTo("Ivy").Count, Pablo: PostedTo("Pablo").Count);

        var opened = await ClickAsync("Ivy", "delivery.open", $"{{{Form}}}", chat: "a:group-1");
        await IdleAsync();

        Assert.Contains("D1 · Contoso Ltd — Invoice Triage Agent", opened);
        Assert.Contains("Awaiting the Delivery Manager's confirmation", opened);
        var delivery = (await Store.FindAsync(Contoso.Key("D1")))!;
        Assert.Equal(("oid-ivy", "oid-dana"), (delivery.HolderOf(Role.ClientIntakeManager)!.ObjectId,
            delivery.HolderOf(Role.DeliveryManager)!.ObjectId));
        Assert.Contains(delivery.State.Audit, e => e.Action == "open-delivery" && e.Actor.ObjectId == "oid-ivy");
        var toDana = Assert.Single(PostedTo("Dana").Skip(before.Dana));
        Assert.Contains("\"verb\":\"management.confirm\"", toDana);
        Assert.Contains("\"verb\":\"management.decline\"", toDana);
        Assert.Contains("Ivy (Client Intake Manager)", toDana);
        // nobody else is sent anything before Dana takes it on
        Assert.Equal((before.Ivy, before.Pablo), (PostedTo("Ivy").Count, PostedTo("Pablo").Count));

        var wrong = await ClickAsync("Pablo", "management.confirm", $"{ManagerCard}}}");
        Assert.Contains("🚫", wrong);
        Assert.Equal(1, await DeliveryVersionAsync());

        var confirmed = await ClickAsync("Dana", "management.confirm", $"{ManagerCard}}}");
        var again = await ClickAsync("Dana", "management.confirm", $"{ManagerCard}}}");
        await IdleAsync();

        Assert.Contains("✅ Confirmed by Dana", confirmed);
        Assert.DoesNotContain("\"verb\":\"management.confirm\"", confirmed);
        Assert.Contains("Dana already confirmed they run delivery D1", again);
        Assert.Equal(2, await DeliveryVersionAsync());
        delivery = (await Store.FindAsync(Contoso.Key("D1")))!;
        Assert.Equal(StageState.Active, delivery.Progress(Stage.IntakeHandoff).State);
        var toIvy = PostedTo("Ivy").Skip(before.Ivy).ToList();
        Assert.Contains(toIvy, m => m.Contains("Dana confirmed they run delivery D1", StringComparison.Ordinal));
        Assert.Contains(toIvy, m => m.Contains("\"card\":\"intake-gate\"", StringComparison.Ordinal));
        Assert.Contains(PostedTo("Dana").Skip(before.Dana + 1),
            m => m.Contains("\"card\":\"intake-gate\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dana_declines_with_a_reason_ivy_is_told_why_and_the_delivery_is_closed_never_started()
    {
        await ClickAsync("Ivy", "delivery.open", $"{{{Form}}}", chat: "a:group-1");
        await IdleAsync();
        var before = (Ivy: PostedTo("Ivy").Count, Pablo: PostedTo("Pablo").Count);

        var noReason = await ClickAsync("Dana", "management.decline", $"{ManagerCard},\"declineReason\":\" \"}}");
        var declined = await ClickAsync(
            "Dana", "management.decline", $"{ManagerCard},\"declineReason\":\"I am on leave in March\"}}");
        var stale = await ClickAsync("Dana", "management.confirm", $"{ManagerCard}}}");
        await IdleAsync();

        Assert.Contains("Say why you decline. Nothing changed.", noReason);
        Assert.Contains("⛔ Declined by Dana", declined);
        Assert.Contains("I am on leave in March. The delivery is closed.", declined);
        Assert.Contains("Delivery D1 was already declined: I am on leave in March", stale);
        var delivery = (await Store.FindAsync(Contoso.Key("D1")))!;
        Assert.Equal((true, DeliveryStatus.Declined), (delivery.IsClosed, delivery.Status));
        Assert.All(delivery.State.Stages, s => Assert.Equal(StageState.NotStarted, s.State));
        var told = Assert.Single(PostedTo("Ivy").Skip(before.Ivy));
        Assert.Contains("Dana declined to run delivery D1: I am on leave in March", told);
        Assert.Contains("naming another Delivery Manager", told);
        Assert.Equal(before.Pablo, PostedTo("Pablo").Count);

        Assert.Contains("There are no open deliveries.", await ListAsync());
        var status = await StatusAsync();
        Assert.Contains("Declined by the Delivery Manager: I am on leave in March", status);
    }

    [Fact]
    public async Task Naming_another_dm_and_someone_else_as_cim_opens_nothing_and_says_why()
    {
        var answer = await ClickAsync(
            "Ivy", "delivery.open", $"{{{Form},\"clientIntakeManager\":\"oid-pablo\"}}", chat: "a:group-1");

        Assert.Contains("name yourself as Client Intake Manager, or leave the Delivery Manager to you", answer);
        Assert.Contains("Nothing was opened", answer);
        Assert.Equal(0, (await Store.ListAsync(Activities.Tenant, DeliveryFilter.All, 1, 10)).Total);
    }

    /// <summary>What `list` answers Ivy in her 1:1 chat.</summary>
    private async Task<string> ListAsync()
    {
        var sent = _connector.Sends.Count;
        await SayAsync("Ivy", "list");
        return string.Join("\n", _connector.Sends.Skip(sent).Select(c => Unescaped(c.Body)));
    }

    /// <summary>What `status D1` answers Ivy in her 1:1 chat (the status card).</summary>
    private async Task<string> StatusAsync()
    {
        var sent = _connector.Sends.Count;
        await SayAsync("Ivy", "status D1");
        await IdleAsync();
        return string.Join("\n", _connector.Sends.Skip(sent).Select(c => Unescaped(c.Body)));
    }
}
