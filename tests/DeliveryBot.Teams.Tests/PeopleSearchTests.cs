using System.Text.Json;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.People;
using DeliveryBot.Teams.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DeliveryBot.Teams.Tests;

/// <summary>
/// The people picker's own typeahead, through /api/messages as Teams sends it (an application/search invoke for the
/// "people" dataset): the people the bot has seen in the asker's organisation, found by a word of their name or
/// their address, never another organisation's; a query it cannot read gets no results. `new` in a 1:1 chat thereby
/// offers more than the DM, and whoever the bot cannot reach yet is said on the card that opened the delivery.
/// </summary>
public sealed class PeopleSearchTests : ChannelTest
{
    private const string Fabrikam = "tenant-fabrikam";
    private int _activities;

    private IDeliveryStore Store => Bot.Services.GetRequiredService<IDeliveryStore>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // Contoso's group chat: the bot sees its members when `new` is said there.
        Connector.Roster =
        [
            ("29:dana", "Dana", "oid-dana"), ("29:pablo", "Pablo", "oid-pablo"),
            ("29:megan", "Megan Bowen", "oid-megan"),
        ];
        await PostAsync(Activities.Message(
            Connector.ServiceUrl, "new", "groupChat", "19:group", fromOid: "oid-dana", fromName: "Dana", id: "g1"));
        // Fabrikam's, with its own Megan.
        Connector.Roster = [("29:mel", "Megan Fabrikam", "oid-megan-fabrikam")];
        await PostAsync(Activities.Message(
            Connector.ServiceUrl, "new", "groupChat", "19:fabrikam", tenant: Fabrikam, fromOid: "oid-megan-fabrikam",
            fromName: "Megan Fabrikam", id: "f1"));
        // From now on every chat is Dana's 1:1 chat with the bot: its only member is her.
        Connector.Roster = [("29:dana", "Dana", "oid-dana")];
    }

    private async Task<(int Status, JsonElement Body)> SearchAsync(string value, string tenant = Activities.Tenant)
    {
        var activity = $$$"""
            {"type":"invoke","name":"application/search","id":"search-{{{++_activities}}}","channelId":"msteams",
             "serviceUrl":"{{{Connector.ServiceUrl}}}",
             "from":{"id":"29:oid-dana","name":"Dana","aadObjectId":"oid-dana"},
             "recipient":{"id":"28:bot","name":"DeliveryBot"},
             "conversation":{"id":"a:personal-1","conversationType":"personal","tenantId":"{{{tenant}}}"},
             "channelData":{"tenant":{"id":"{{{tenant}}}"}},"value":{{{value}}}}
            """;
        using var response = await PostAsync(activity);
        return ((int)response.StatusCode,
            JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static string Query(string text, int top = 15, int skip = 0)
        => JsonSerializer.Serialize(new { queryText = text, dataset = "people", queryOptions = new { skip, top } });

    private static List<(string Title, string Value)> Results(JsonElement body)
    {
        Assert.Equal("application/vnd.microsoft.search.searchResponse", body.GetProperty("type").GetString());
        return [.. body.GetProperty("value").GetProperty("results").EnumerateArray()
            .Select(r => (r.GetProperty("title").GetString()!, r.GetProperty("value").GetString()!))];
    }

    [Theory]
    [InlineData("meg")]
    [InlineData("MEG")]
    [InlineData("bow")]
    [InlineData(" Megan B")]
    public async Task A_name_or_any_word_of_it_finds_the_person_the_bot_has_seen_in_the_organisation(string typed)
    {
        var (status, body) = await SearchAsync(Query(typed));

        Assert.Equal(200, status);
        Assert.Equal([("Megan Bowen", "oid-megan")], Results(body));
    }

    [Fact]
    public async Task Another_organisation_s_people_are_never_offered_nor_taken_from_a_tampered_form()
    {
        var (_, contoso) = await SearchAsync(Query("megan"));
        var (_, fabrikam) = await SearchAsync(Query("megan"), Fabrikam);

        Assert.Equal([("Megan Bowen", "oid-megan")], Results(contoso));
        Assert.Equal([("Megan Fabrikam", "oid-megan-fabrikam")], Results(fabrikam));
        // Fabrikam's Megan's id put on a Contoso form by hand: nobody Contoso knows, so nothing opens.
        var answer = await OpenAsync("\"pla\":\"oid-megan-fabrikam\"");
        Assert.Contains("is not in this chat", answer, StringComparison.Ordinal);
        Assert.Null(await Store.FindAsync(Contoso.Key("D1")));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"megan\"")]
    [InlineData("{}")]
    [InlineData("{\"queryText\":42,\"dataset\":\"people\"}")]
    [InlineData("{\"queryText\":\"megan\",\"dataset\":\"graph.microsoft.com/users\"}")]
    [InlineData("{\"queryText\":\"   \",\"dataset\":\"people\"}")]
    [InlineData("{\"queryText\":\"megan\",\"dataset\":\"people\",\"queryOptions\":{\"top\":0}}")]
    [InlineData("{\"queryText\":\"%\",\"dataset\":\"people\"}")]
    [InlineData("{\"queryText\":\"_\",\"dataset\":\"people\"}")]
    [InlineData("{\"queryText\":\"megan|oid\",\"dataset\":\"people\"}")]
    public async Task A_malformed_or_empty_query_gets_no_results_not_an_error(string value)
    {
        var (status, body) = await SearchAsync(value);

        Assert.Equal(200, status);
        Assert.Empty(Results(body));
    }

    [Fact]
    public async Task A_huge_query_or_page_is_bounded()
    {
        Connector.Roster = [.. Enumerable.Range(0, 60).Select(i => ($"29:m{i}", $"Member {i:D2}", $"oid-m{i}"))];
        await PostAsync(Activities.Message(
            Connector.ServiceUrl, "new", "groupChat", "19:big", fromOid: "oid-dana", fromName: "Dana", id: "big"));

        var (_, many) = await SearchAsync(Query("member", top: 1000));
        var (_, next) = await SearchAsync(Query("member", top: 10, skip: 10));
        var (status, huge) = await SearchAsync(Query(new string('m', 100_000)));

        Assert.Equal(25, Results(many).Count);
        Assert.Equal("Member 10", Results(next)[0].Title);
        Assert.Equal(200, status);
        Assert.Empty(Results(huge));
    }

    private async Task<string> OpenAsync(string picked, string id = "open-1")
    {
        var fields = $$"""
            {"client":"Contoso Ltd","talent":"Invoice Triage Agent","scope":"Reads and routes invoices",
             "intakeDate":"2026-03-02","timeZone":"Europe/London","clientIntakeManagerEmail":"ivy@contoso.test",
             "form":"intake","formId":"5f0c2a9e8d7b4c1aa3e6f9b2d4c8e1a7",{{picked}}}
            """;
        using var response = await PostAsync(Activities.Invoke(
            Connector.ServiceUrl, "delivery.open", fields, "oid-dana", "Dana", id, conversationId: "a:personal-1"));
        return string.Join("\n", Texts(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement));
    }

    /// <summary>Every text of a card answer, unescaped.</summary>
    private static IEnumerable<string> Texts(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => p.Name == "text"
            && p.Value.ValueKind == JsonValueKind.String ? [p.Value.GetString()!] : Texts(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().SelectMany(Texts),
        _ => [],
    };

    [Fact]
    public async Task New_in_a_personal_chat_offers_others_through_the_dataset_and_opens_with_the_person_picked()
    {
        await PostAsync(Activities.Message(
            Connector.ServiceUrl, "new", fromOid: "oid-dana", fromName: "Dana", id: "p1"));
        var form = JsonDocument.Parse(Connector.Sends[^1].Body).RootElement.GetProperty("attachments")[0]
            .GetProperty("content").GetRawText();
        // the chat's members first (only Dana here), then the bot's own typeahead for everyone else
        Assert.Contains("{\"title\":\"Dana\",\"value\":\"oid-dana\"}", form, StringComparison.Ordinal);
        Assert.DoesNotContain("oid-megan", form, StringComparison.Ordinal);
        Assert.Contains("\"choices.data\":{\"type\":\"Data.Query\",\"dataset\":\"people\"}", form,
            StringComparison.Ordinal);

        var (_, found) = await SearchAsync(Query("meg"));
        var picked = Assert.Single(Results(found)).Value;
        var answer = await OpenAsync($"\"pla\":\"{picked}\"");

        var delivery = await Store.FindAsync(Contoso.Key("D1"));
        Assert.NotNull(delivery);
        var pla = delivery.HolderOf(Role.ProductionLineArchitect);
        Assert.Equal(("oid-megan", "Megan Bowen"), (pla?.ObjectId, pla?.DisplayName));
        // The Client Intake Manager given by email cannot be written to in Teams: the card that opened it says so.
        Assert.Contains("I can't reach ivy@contoso.test (known by email only, not in Teams)", answer,
            StringComparison.Ordinal);
        Assert.DoesNotContain("Megan Bowen (", answer, StringComparison.Ordinal); // she is reachable
    }
}
