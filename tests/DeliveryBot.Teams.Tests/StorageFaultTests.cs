using System.Text;
using System.Text.Json;
using DeliveryBot.Application.Storage;
using DeliveryBot.Storage.Json;
using DeliveryBot.Storage.Sql;
using DeliveryBot.Storage.Tests.Support;
using DeliveryBot.Teams.Tests.Support;
using DeliveryBot.TestKit;
using Microsoft.Extensions.DependencyInjection;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;

namespace DeliveryBot.Teams.Tests;

/// <summary>
/// The database locked by another writer, and a full disk, met by real clicks and commands through /api/messages: the
/// person is told plainly that nothing changed and why (not Teams' "Unable to reach app"), nothing is half-written
/// (record, decisions, audit, outbox as before), and once the fault clears the same click changes the record once.
/// </summary>
public sealed class StorageFaultTests : IAsyncLifetime
{
    private FakeConnector _connector = null!;
    private ChannelFactory _bot = null!;
    private HttpClient _http = null!;
    private IDeliveryStore _store = null!;
    private PageLimitedDialect _disk = null!;
    private long _drawnAt;

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _bot = new ChannelFactory(new Dictionary<string, string?> { ["Storage:LockTimeout"] = "00:00:01" })
        {
            // The bot's own connections carry the page limit a test sets: its database can be made full, and freed.
            TestServices = services =>
            {
                var real = services.Last(d => d.ServiceType == typeof(SqlDialect)).ImplementationFactory!;
                services.AddSingleton<SqlDialect>(sp => new PageLimitedDialect((SqlDialect)real(sp)));
            },
        };
        _http = _bot.CreateClient();
        _store = _bot.Services.GetRequiredService<IDeliveryStore>();
        _disk = (PageLimitedDialect)_bot.Services.GetRequiredService<SqlDialect>();
        var delivery = Scenario.Opened().Planned().WithRisks(20).Delivery;
        await _store.SaveAsync(Contoso.Own(delivery), 0, Scenario.Start);
        await _bot.Services.GetRequiredService<IOutbox>()
            .EnqueueAsync(new OutboxMessage("D1:earlier", "D1", "oid-pablo", "reminder", "{}", Scenario.Start));
        _drawnAt = delivery.Version;
    }

    private async Task<JsonElement> ClickAsync(string id, string verb = "gate.acknowledge")
    {
        var json = Activities.Invoke(_connector.ServiceUrl, verb,
            $$"""{"card":"gate","deliveryId":"D1","focus":"{{Checks.ScheduleAcknowledgedByPla.Key}}","version":{{_drawnAt}}}""",
                "oid-pablo", "Pablo", id);
        using var response = await _http.PostAsync(
            new Uri("/api/messages", UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>The reply to a message: its text, or its JSON when it is a card.</summary>
    private async Task<string> SayAsync(string who, string text, string id)
    {
        using var response = await _http.PostAsync(new Uri("/api/messages", UriKind.Relative), new StringContent(
            Activities.Message(_connector.ServiceUrl, text, id: id, fromOid: $"oid-{who.ToLowerInvariant()}",
                fromName: who), Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var reply = _connector.Sends.Last(c => c.Path.EndsWith($"/activities/{id}", StringComparison.Ordinal));
        var body = JsonDocument.Parse(reply.Body).RootElement;
        return body.TryGetProperty("text", out var said) ? said.GetString()! : body.GetRawText();
    }

    /// <summary>The record, its audit trail and its outbox rows as text: equal snapshots mean nothing was
    /// half-written.</summary>
    private async Task<string> SnapshotAsync()
    {
        var delivery = (await _store.FindAsync(Contoso.Key("D1")))!;
        return JsonSerializer.Serialize(new
        {
            doc = DeliveryJson.Serialize(delivery.State),
            audit = await _store.AuditAsync(Contoso.Key("D1")),
            outbox = await _bot.Services.GetRequiredService<IOutbox>().ForDeliveryAsync(Contoso.Key("D1")),
        });
    }

    private static void AssertToldNothingChanged(JsonElement answer, string why)
    {
        Assert.Equal("application/vnd.microsoft.error", answer.GetProperty("type").GetString());
        Assert.Equal(500, answer.GetProperty("statusCode").GetInt32());
        var message = answer.GetProperty("value").GetProperty("message").GetString()!;
        Assert.Contains(why, message);
        Assert.Contains("Nothing changed.", message);
        Assert.DoesNotContain(".db", message); // the file is the operator's business (the log), not the chat's
    }

    /// <summary>Once the fault is gone: the click acknowledges, once; a retry of the click that failed changes nothing
    /// more.</summary>
    private async Task AssertTheClickNowSucceedsOnceAsync(string before)
    {
        var auditBefore = JsonDocument.Parse(before).RootElement.GetProperty("audit").GetArrayLength();
        var answer = await ClickAsync("click-2");
        await ClickAsync("click-1"); // Teams retrying the invoke that failed

        Assert.Equal("application/vnd.microsoft.card.adaptive", answer.GetProperty("type").GetString());
        Assert.Contains("Schedule acknowledged by Pablo", answer.GetProperty("value").GetRawText());
        var delivery = (await _store.FindAsync(Contoso.Key("D1")))!;
        Assert.Equal(_drawnAt + 1, delivery.Version);
        Assert.Single(delivery.State.Decisions, d => d.CheckKey == Checks.ScheduleAcknowledgedByPla.Key && d.Stands);
        Assert.Equal(auditBefore + 1, (await _store.AuditAsync(Contoso.Key("D1"))).Count);
    }

    [Fact]
    public async Task A_click_during_another_process_s_database_lock_is_told_nothing_changed_and_works_once_freed()
    {
        var before = await SnapshotAsync();

        JsonElement answer;
        await using (await AnotherWriter.LockAsync(_disk.Describe)) answer = await ClickAsync("click-1");

        AssertToldNothingChanged(answer, "my database was busy with another program for too long");
        Assert.Equal(before, await SnapshotAsync());
        await AssertTheClickNowSucceedsOnceAsync(before);
    }

    [Fact]
    public async Task A_click_on_a_full_disk_is_told_nothing_changed_and_works_once_space_is_freed()
    {
        // the clicker's conversation is known before the disk fills: the click fails at the record's save
        await ClickAsync("refresh-first", "card.refresh");
        var before = await SnapshotAsync();
        await _disk.FillAsync();

        var answer = await ClickAsync("click-1");

        AssertToldNothingChanged(answer, "the disk my database is on is full");
        Assert.Equal(before, await SnapshotAsync());
        _disk.Clear();
        await AssertTheClickNowSucceedsOnceAsync(before);
    }

    [Fact]
    public async Task A_command_on_a_full_disk_is_answered_in_the_chat_and_works_once_space_is_freed()
    {
        // Dana's chat is known before the disk fills
        Assert.Contains("D1", await SayAsync("Dana", "status D1", "status-first"));
        var before = await SnapshotAsync();
        await _disk.FillAsync();

        var reply = await SayAsync("Dana", "pause D1", "pause-1");

        Assert.Equal("⚠️ I couldn't finish that: the disk my database is on is full. Nothing changed. Please try " +
            "again in a few minutes; "
                     + "if it keeps happening, tell whoever runs DeliveryBot.", reply);
        Assert.Equal(before, await SnapshotAsync());
        _disk.Clear();
        Assert.StartsWith("✅", await SayAsync("Dana", "pause D1", "pause-2"));
        Assert.Equal(_drawnAt + 1, (await _store.FindAsync(Contoso.Key("D1")))!.Version);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _bot.DisposeAsync();
        await _connector.DisposeAsync();
    }
}

/// <summary>The wording, for what the channel tests above cannot easily stage: a turn that saved a change before it
/// failed.</summary>
public sealed class StorageFaultAnswerTests
{
    [Fact]
    public void A_turn_that_saved_a_delivery_before_failing_does_not_claim_nothing_changed()
    {
        var text = Turns.StorageFaultAnswer.Text(
            new StorageUnavailableException("for the log", null, StorageFault.Full), ["D7"]);

        Assert.Contains("D7 was saved, but what should have followed was not.", text);
        Assert.DoesNotContain("Nothing changed", text);
    }

    [Fact]
    public void An_unexplained_database_error_is_told_as_the_database_being_unusable()
        => Assert.StartsWith("I couldn't finish that: my database could not be used just now. Nothing changed.",
            Turns.StorageFaultAnswer.Text(new InvalidOperationException("raw"), []));
}
