using DeliveryBot.Application.Storage;
using DeliveryBot.Teams.Connector;
using DeliveryBot.Teams.Conversations;
using DeliveryBot.Teams.Protocol;
using DeliveryBot.Teams.Tests.Support;
using DeliveryBot.TestKit;

namespace DeliveryBot.Teams.Tests;

/// <summary>
/// Every activity carries where its conversation, tenant and sender can be reached. They are written once, in one
/// transaction, and again only when something that matters for reaching them has changed.
/// </summary>
public sealed class ConversationReferencesTests
{
    private readonly RecordingStore _store = new();
    private readonly ConversationReferences _references;

    public ConversationReferencesTests()
        => _references = new ConversationReferences(_store, new ServiceUrls(), new ManualClock(Scenario.Start));

    private static Activity InChannel(string from, string serviceUrl = "https://smba.trafficmanager.net/emea/",
        string conversation = "19:deliveries@thread.tacv2")
        => ActivityJson.Parse(System.Text.Encoding.UTF8.GetBytes(
            Activities.Message(
                new Uri(serviceUrl), "status D1", "channel", conversation, fromOid: $"oid-{from}", fromName: from)));

    [Fact]
    public async Task The_first_activity_writes_its_tenant_and_sender_in_one_transaction()
    {
        await _references.SaveAsync(InChannel("pablo"), CancellationToken.None);

        var write = Assert.Single(_store.Writes);
        Assert.Equal(
            [
                $"tenant:{Activities.Tenant}", "member:oid-pablo",
                // for the people picker's typeahead: by id, and by name within the organisation
                $"known:{Activities.Tenant}:oid-pablo", $"people:{Activities.Tenant}:pablo|oid-pablo",
            ],
            write.Select(w => w.Key));
    }

    [Fact]
    public async Task A_reference_saved_with_authentication_off_is_not_used_once_it_is_on()
    {
        var store = new RecordingStore();
        var development = new ConversationReferences(
            store, new ServiceUrls { TrustAll = true }, new ManualClock(Scenario.Start));
        await development.SaveAsync(
            InChannel("pablo", serviceUrl: "https://attacker.example/"), vouchedFor: false, CancellationToken.None);
        // fine while nothing is secret
        Assert.NotNull(await development.FindTenantAsync(Activities.Tenant, CancellationToken.None));

        var urls = new ServiceUrls();
        var production = new ConversationReferences(store, urls, new ManualClock(Scenario.Start));

        Assert.Null(await production.FindTenantAsync(Activities.Tenant, CancellationToken.None));
        Assert.False(urls.IsTrusted("https://attacker.example/"));
        // The same conversation spoken to again with authentication on is written again, and used.
        await production.SaveAsync(InChannel("pablo", serviceUrl: "https://smba.trafficmanager.net/emea/"),
            vouchedFor: true, CancellationToken.None);
        Assert.NotNull(await production.FindTenantAsync(Activities.Tenant, CancellationToken.None));
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/emea/", true)]
    [InlineData("https://smba.trafficmanager.net/emea", true)]
    [InlineData("https://smba.trafficmanager.net/emea//", true)]
    [InlineData("HTTPS://SMBA.trafficmanager.net/EMEA/", true)]
    [InlineData("https://smba.trafficmanager.net/", false)]
    [InlineData("https://smba.trafficmanager.net/emea/x", false)]
    [InlineData("https://smba.trafficmanager.net/emeax", false)]
    [InlineData("https://smba.trafficmanager.net/amer/", false)]
    [InlineData("", false)]
    public void A_trusted_service_url_is_the_same_url_with_any_trailing_slashes_in_any_case(string url, bool trusted)
    {
        var urls = new ServiceUrls();
        urls.Trust("https://smba.trafficmanager.net/emea/");
        urls.Trust("https://smba.trafficmanager.net/emea"); // the same one again: nothing new

        Assert.Equal(trusted, urls.IsTrusted(url));
        Assert.True(new ServiceUrls { TrustAll = true }.IsTrusted(url));
    }

    [Fact]
    public async Task Another_click_in_a_known_conversation_writes_only_what_is_new()
    {
        await _references.SaveAsync(InChannel("pablo"), CancellationToken.None);
        await _references.SaveAsync(InChannel("pablo"), CancellationToken.None);
        await _references.SaveAsync(InChannel("diego"), CancellationToken.None); // a new sender, same conversation

        Assert.Equal(2, _store.Writes.Count);
        Assert.Equal(
            ["member:oid-diego", $"known:{Activities.Tenant}:oid-diego", $"people:{Activities.Tenant}:diego|oid-diego"],
            _store.Writes[1].Select(w => w.Key));
    }

    [Fact]
    public async Task A_moved_service_url_is_written_again()
    {
        await _references.SaveAsync(InChannel("pablo"), CancellationToken.None);
        await _references.SaveAsync(
            InChannel("pablo", serviceUrl: "https://smba.trafficmanager.net/amer/"), CancellationToken.None);

        Assert.Equal(2, _store.Writes.Count);
        Assert.Equal([$"tenant:{Activities.Tenant}"], _store.Writes[1].Select(w => w.Key));
        Assert.Contains("/amer/", _store.Writes[1][0].Value);
    }

    [Fact]
    public async Task A_sender_seen_again_after_someone_else_moved_the_tenant_writes_it_back()
    {
        await _references.SaveAsync(InChannel("pablo"), CancellationToken.None);
        await _references.SaveAsync(InChannel("pablo"), CancellationToken.None); // nothing new: nothing written
        await _references.SaveAsync(
            InChannel("diego", serviceUrl: "https://smba.trafficmanager.net/amer/"), CancellationToken.None);
        await _references.SaveAsync(InChannel("pablo"), CancellationToken.None);

        Assert.Equal(3, _store.Writes.Count);
        Assert.Equal([$"tenant:{Activities.Tenant}"], _store.Writes[2].Select(w => w.Key));
        Assert.Contains("/emea/", _store.Writes[2][0].Value);
    }

    [Fact]
    public async Task A_sender_whose_address_changed_is_written_again()
    {
        await _references.SaveAsync(InChannel("pablo"), CancellationToken.None);
        await _references.SaveAsync(InChannel("pablo"), CancellationToken.None);
        var moved = InChannel("pablo");
        moved.From!.Email = "pablo@contoso.example";
        await _references.SaveAsync(moved, CancellationToken.None);

        Assert.Equal(2, _store.Writes.Count);
        Assert.Contains(_store.Writes[1], w => w.Value.Contains("pablo@contoso.example", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failed_write_is_tried_again_with_the_next_activity()
    {
        _store.FailNext = true;
        await Assert.ThrowsAsync<StorageUnavailableException>(
            () => _references.SaveAsync(InChannel("pablo"), CancellationToken.None));
        await _references.SaveAsync(InChannel("pablo"), CancellationToken.None);

        Assert.Equal(4, Assert.Single(_store.Writes).Count); // nothing was taken as known before it was saved
    }

    [Fact]
    public async Task A_persons_Teams_id_is_read_once_and_someone_without_a_chat_each_time_until_they_have_one()
    {
        await _references.SaveAsync(InPersonalChat("pablo"), CancellationToken.None);
        string[] actors = ["oid-pablo", "oid-diego"];

        var first = await _references.TeamsIdsAsync(actors, CancellationToken.None);
        var readsBefore = _store.Reads;
        var again = await _references.TeamsIdsAsync(actors, CancellationToken.None);

        Assert.Equal(new Dictionary<string, string> { ["oid-pablo"] = "29:oid-pablo" }, first);
        Assert.Equal(first, again);
        Assert.Equal(readsBefore + 1, _store.Reads); // Diego's missing chat, looked for again; Pablo's id kept
        // Diego opens his chat with the bot, through another instance: this one finds it on its next look
        var another = new ConversationReferences(_store, new ServiceUrls(), new ManualClock(Scenario.Start));
        await another.SaveAsync(InPersonalChat("diego"), CancellationToken.None);
        Assert.Equal(
            new Dictionary<string, string> { ["oid-pablo"] = "29:oid-pablo", ["oid-diego"] = "29:oid-diego" },
            await _references.TeamsIdsAsync(actors, CancellationToken.None));
    }

    private static Activity InPersonalChat(string from)
        => ActivityJson.Parse(System.Text.Encoding.UTF8.GetBytes(Activities.Message(
            new Uri("https://smba.trafficmanager.net/emea/"), "hi", "personal", $"a:chat-{from}",
            fromOid: $"oid-{from}", fromName: from)));

    private sealed class RecordingStore : IConversationStore
    {
        public List<IReadOnlyList<KeyValuePair<string, string>>> Writes { get; } = [];

        /// <summary>References looked up, one key at a time.</summary>
        public int Reads { get; private set; }
        public bool FailNext { get; set; }

        public Task SaveReferencesAsync(IReadOnlyCollection<KeyValuePair<string, string>> references, DateTimeOffset at,
            CancellationToken ct = default)
        {
            if (FailNext)
            {
                FailNext = false;
                throw new StorageUnavailableException("the disk is full");
            }
            Writes.Add([.. references]);
            return Task.CompletedTask;
        }

        public Task<string?> FindReferenceAsync(string key, CancellationToken ct = default)
        {
            Reads++;
            return Task.FromResult<string?>(Writes.SelectMany(w => w).LastOrDefault(w => w.Key == key).Value);
        }
        public Task<IReadOnlyList<KeyValuePair<string, string>>> FindReferencesAsync(
            string keyPrefix, int limit, CancellationToken ct = default)
            => Task.FromResult<IReadOnlyList<KeyValuePair<string, string>>>([]);
        public Task SetReachabilityAsync(string personKey, bool reachable, string? reason, DateTimeOffset at,
            CancellationToken ct = default) => Task.CompletedTask;
        public Task<Reachability?> FindReachabilityAsync(string personKey, CancellationToken ct = default)
            => Task.FromResult<Reachability?>(null);
        public Task SavePostedCardAsync(PostedCard card, CancellationToken ct = default) => Task.CompletedTask;
        public Task<IReadOnlyList<PostedCard>> PostedCardsAsync(string deliveryId, CancellationToken ct = default)
            => Task.FromResult<IReadOnlyList<PostedCard>>([]);
        public Task ForgetPostedCardAsync(PostedCard card, CancellationToken ct = default) => Task.CompletedTask;
    }
}
