using System.Text.Json;
using DeliveryBot.Application.Messages;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.People;
using DeliveryBot.Teams.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DeliveryBot.Teams.Tests.Cards;

/// <summary>
/// `new` and the intake form, through real activities: stakeholders picked from the chat's roster or given by email;
/// the form becomes the delivery's living status card; a bad date, a stranger picked by a tampered card or a missing
/// Client Intake Manager open nothing and say why; a double submission opens one delivery.
/// </summary>
public sealed class IntakeCardTests : ChannelTest
{
    private const string Valid = """
        "client":"Contoso Ltd","talent":"Invoice Triage Agent","scope":"Reads and routes invoices",
        "intakeDate":"2026-03-02","agreedDate":"2026-05-29","timeZone":"Europe/London",
        "clientIntakeManagerEmail":"ivy@contoso.test","pla":"oid-pablo","form":"intake"
        """;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Connector.Roster = [("29:dana", "Dana", "oid-dana"), ("29:pablo", "Pablo", "oid-pablo")];
    }

    private IDeliveryStore Store => Bot.Services.GetRequiredService<IDeliveryStore>();

    private async Task<JsonElement> SubmitAsync(string fields, string id = "submit-1")
    {
        using var response = await PostAsync(Activities.Invoke(
            Connector.ServiceUrl, "delivery.open", $"{{{fields}}}", "oid-dana", "Dana", id, replyToId: "m-intake"));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static string Card(JsonElement response) => response.GetProperty("value").GetRawText();

    [Fact]
    public async Task New_posts_the_intake_form_with_the_chat_members_to_pick_from()
    {
        await PostAsync(Activities.Message(
            Connector.ServiceUrl, "new", "groupChat", "19:group", fromOid: "oid-dana", fromName: "Dana"));

        var card = JsonDocument.Parse(Connector.Sends[^1].Body).RootElement.GetProperty("attachments")[0]
            .GetProperty("content").GetRawText();
        Assert.Contains("\"verb\":\"delivery.open\"", card);
        Assert.Contains("{\"title\":\"Pablo\",\"value\":\"oid-pablo\"}", card);
        Assert.Contains("Client Intake Manager (required)", card);
        Assert.DoesNotContain("${", card);
    }

    [Fact]
    public async Task A_chat_of_ten_thousand_people_gets_a_form_within_teams_limit_that_searches_the_organisation()
    {
        Connector.Roster = [.. Enumerable.Range(0, 10_000)
            .Select(i => ($"29:member-{i}", $"Member {i:D5} with a rather long display name", $"oid-member-{i}"))];

        await PostAsync(Activities.Message(
            Connector.ServiceUrl, "new", "groupChat", "19:group", fromOid: "oid-dana", fromName: "Dana"));

        var card = JsonDocument.Parse(Connector.Sends[^1].Body).RootElement.GetProperty("attachments")[0]
            .GetProperty("content").GetRawText();
        Assert.True(
            card.Length * 2 < 100_000, $"the form is {card.Length * 2:N0} bytes in UTF-16; Teams takes about 100 KB");
        // the people picker: anyone in the organisation
        Assert.Contains("\"dataset\":\"graph.microsoft.com/users\"", card);
        Assert.Contains("Member 00024", card);
        Assert.DoesNotContain("Member 00025", card); // the first 25 members are offered; the picker finds the rest
    }

    [Fact]
    public async Task An_open_click_is_answered_within_five_seconds_when_teams_will_not_list_the_chat_s_members()
    {
        Connector.ScriptFor("GET", "/v3/conversations/a:group-1/members",
            [.. Enumerable.Repeat<(int, string?, string?)>((503, null, null), 50)]);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var card = Card(await SubmitAsync(Valid));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5),
            $"answered after {clock.Elapsed.TotalSeconds:F1} s; Teams shows an error after about 5");
        Assert.Contains(
            "The Production Line Architect picked is not in this chat, and the directory could not say who they are",
            card);
        Assert.Equal(0, (await Store.ListAsync(Activities.Tenant, DeliveryFilter.All, 1, 10)).Total);
    }

    [Fact]
    public async Task Start_a_delivery_on_the_help_card_answers_with_the_intake_form()
    {
        using var response = await PostAsync(
            Activities.Invoke(Connector.ServiceUrl, "help.new", """{"form":"help"}""", "oid-dana", "Dana", "start-1"));

        var card = Card(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
        Assert.Contains("\"verb\":\"delivery.open\"", card);
        Assert.Contains("{\"title\":\"Dana\",\"value\":\"oid-dana\"}", card);
    }

    [Fact]
    public async Task Submitting_opens_the_delivery_and_the_form_becomes_its_status_card()
    {
        var response = await SubmitAsync(Valid);

        Assert.Contains("D1 · Contoso Ltd — Invoice Triage Agent", Card(response));
        var delivery = (await Store.FindAsync(Contoso.Key("D1")))!;
        Assert.Equal("Dana", delivery.HolderOf(Role.DeliveryManager)!.DisplayName);
        Assert.Equal("ivy@contoso.test", delivery.HolderOf(Role.ClientIntakeManager)!.Email);
        Assert.Equal("oid-pablo", delivery.HolderOf(Role.ProductionLineArchitect)!.ObjectId);
        var posted = Assert.Single(await Bot.Services.GetRequiredService<IConversationStore>().PostedCardsAsync(
            Contoso.Key("D1")), p => p.Template == "status");
        Assert.Equal(("status", "m-intake"), (posted.Template, posted.ActivityId));
    }

    [Fact]
    public async Task A_double_submission_or_a_teams_retry_opens_one_delivery()
    {
        await Task.WhenAll(SubmitAsync(Valid), SubmitAsync(Valid));

        Assert.Equal(1, (await Store.ListAsync(Activities.Tenant, DeliveryFilter.All, 1, 10)).Total);
    }

    [Theory]
    [InlineData("\"intakeDate\":\"02/03/2026\"", "The intake date: '02/03/2026' is not a date.")]
    [InlineData("\"pla\":\"oid-mallory\"", "The Production Line Architect picked is not in this chat")]
    [InlineData("\"clientIntakeManagerEmail\":\"\"", "Name the Client Intake Manager")]
    [InlineData("\"clientIntakeManagerEmail\":\"not an email\"", "is not an email address")]
    [InlineData("\"client\":\"\"", "Client")]
    [InlineData("\"timeZone\":\"Mars/Olympus\"", "Mars/Olympus")]
    public async Task A_bad_form_opens_nothing_and_comes_back_with_what_was_entered_and_why(
        string change, string expected)
    {
        var key = change[..(change.IndexOf(':', StringComparison.Ordinal) + 1)];
        var fields = string.Join(
            ",", Valid.Split(',').Select(f => f.Trim().StartsWith(key, StringComparison.Ordinal) ? change : f));

        var card = Card(await SubmitAsync(fields));

        Assert.Contains(expected, card);
        Assert.Contains("Nothing was opened.", card);
        Assert.Contains("\"verb\":\"delivery.open\"", card);
        Assert.Equal(0, (await Store.ListAsync(Activities.Tenant, DeliveryFilter.All, 1, 10)).Total);
    }

    [Fact]
    public async Task After_any_change_the_status_card_is_redrawn_in_place_and_the_next_person_gets_their_card()
    {
        await SubmitAsync(Valid);
        await Bot.Services.GetRequiredService<OutboxDispatcher>().WhenIdleAsync();
        var before = Connector.Calls.Count;

        await PostAsync(Activities.Message(
            Connector.ServiceUrl, "blocker D1 waiting for the client's sample invoices", "groupChat", "19:group",
            id: "m-blocker", fromOid: "oid-dana", fromName: "Dana"));
        await Bot.Services.GetRequiredService<OutboxDispatcher>().WhenIdleAsync();

        var put = Assert.Single(Connector.Calls.Skip(before), c => c.Method == "PUT"
            && c.Path.EndsWith("/activities/m-intake", StringComparison.Ordinal));
        Assert.Contains("waiting for the client", put.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_stakeholder_gets_their_card_in_a_one_to_one_chat_on_their_turn_and_the_dm_hears_the_outcome()
    {
        await PostAsync(Activities.Message(
            Connector.ServiceUrl, "hello", "groupChat", "19:group", fromOid: "oid-dana", fromName: "Dana"));
        await SubmitAsync(Valid.Replace("\"clientIntakeManagerEmail\":\"ivy@contoso.test\",\"pla\":\"oid-pablo\"",
            "\"clientIntakeManager\":\"oid-pablo\"", StringComparison.Ordinal));
        await Bot.Services.GetRequiredService<OutboxDispatcher>().WhenIdleAsync();

        Assert.Contains(Connector.Calls, c => c is { Method: "POST", Path: "/v3/conversations" }
            && c.Body.Contains("29:pablo", StringComparison.Ordinal));
        var toPablo = Assert.Single(Connector.Sends, c => c.Method == "POST" && c.Body.Contains(
            "\"summary\":\"D1: Has the client acknowledged the agreed timeline?\"", StringComparison.Ordinal));
        Assert.Contains("\"card\":\"intake-gate\"", toPablo.Body, StringComparison.Ordinal);

        using var click = await PostAsync(Activities.Invoke(Connector.ServiceUrl, "intake.confirm",
            """{"card":"intake-gate","deliveryId":"D1","focus":"","version":1,"check":"client-timeline-acknowledged"}""",
                "oid-pablo", "Pablo", "ack-1"));
        await Bot.Services.GetRequiredService<OutboxDispatcher>().WhenIdleAsync();

        Assert.Contains(
            Connector.Sends, c => c.Body.Contains("Client timeline acknowledged by Pablo", StringComparison.Ordinal)
            && c.Body.Contains("\"text\"", StringComparison.Ordinal));
        Assert.Contains(Connector.Calls, c => c.Method == "PUT"
            && c.Path.EndsWith("/activities/m-intake", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_dm_changes_a_stakeholder_on_the_planning_card_by_email_looked_up_in_the_roster()
    {
        await SubmitAsync(Valid);
        async Task<string> AssignAsync(string who, string role, string person, string id)
        {
            var version = (await Store.FindAsync(Contoso.Key("D1")))!.Version;
            using var response = await PostAsync(Activities.Invoke(Connector.ServiceUrl, "plan.assign",
                $$"""{"card":"planning","deliveryId":"D1","focus":"","version":{{version}},"role":"{{role}}","person":"{{person}}"}""",
                    $"oid-{who.ToLowerInvariant()}", who, id));
            return await response.Content.ReadAsStringAsync();
        }

        Assert.Contains(
            "Only the Delivery Manager (Dana)", await AssignAsync("Pablo", "qa", "pablo@contoso.test", "a1"));
        Assert.Contains("Give the person", await AssignAsync("Dana", "qa", "Quinn", "a2"));
        await AssignAsync("Dana", "qa", "pablo@contoso.test", "a3"); // PLA and QA may be one person
        await AssignAsync("Dana", "cto", "clara@fabrikam.test", "a4");

        var d = (await Store.FindAsync(Contoso.Key("D1")))!;
        Assert.Equal("oid-pablo", d.HolderOf(Role.QaEngineer)!.ObjectId);
        Assert.Equal(("clara@fabrikam.test", null), (d.HolderOf(Role.Cto)!.Email, d.HolderOf(Role.Cto)!.ObjectId));
    }
}
