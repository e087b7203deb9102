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

    /// <summary>The id the form posted by `new` carries on its Open button.</summary>
    private const string FormId = "\"formId\":\"5f0c2a9e8d7b4c1aa3e6f9b2d4c8e1a7\"";

    private Task<JsonElement> SubmitAsync(string fields, string id = "submit-1", string who = "Dana")
        => SubmitAsync(Http, fields, id, who);

    private async Task<JsonElement> SubmitAsync(HttpClient http, string fields, string id, string who = "Dana")
    {
        using var response = await http.PostAsync(
            new Uri("/api/messages", UriKind.Relative),
            new StringContent(
                Activities.Invoke(
                    Connector.ServiceUrl,
                    "delivery.open",
                    $"{{{fields}}}",
                    $"oid-{who.ToLowerInvariant()}",
                    who,
                    id,
                    replyToId: "m-intake"),
                System.Text.Encoding.UTF8,
                "application/json"));
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
        Assert.Contains("Client Intake Manager (required; you, if you name another Delivery Manager)", card);
        Assert.Contains("\"id\":\"deliveryManager\"", card);
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
        Assert.Contains("\"dataset\":\"people\"", card);
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

    [Fact]
    public async Task The_form_carries_its_own_id_on_its_open_button()
    {
        await PostAsync(Activities.Message(
            Connector.ServiceUrl, "new", "groupChat", "19:group", fromOid: "oid-dana", fromName: "Dana"));
        await PostAsync(Activities.Message(
            Connector.ServiceUrl, "new", "groupChat", "19:group", id: "1002", fromOid: "oid-dana", fromName: "Dana"));

        var ids = Connector.Sends.TakeLast(2)
            .Select(send => JsonDocument.Parse(send.Body).RootElement.GetProperty("attachments")[0]
                .GetProperty("content").GetProperty("actions")[0].GetProperty("data").GetProperty("formId").GetString())
            .ToList();
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));
        Assert.NotEqual(ids[0], ids[1]);
    }

    [Fact]
    public async Task Two_clicks_on_one_form_with_different_activity_ids_open_one_delivery_and_both_answers_show_it()
    {
        var answers = await Task.WhenAll(
            SubmitAsync($"{Valid},{FormId}", id: "click-1"),
            SubmitAsync($"{Valid},{FormId}", id: "click-2", who: "Pablo"));

        Assert.Equal(1, (await Store.ListAsync(Activities.Tenant, DeliveryFilter.All, 1, 10)).Total);
        Assert.All(answers, answer => Assert.Contains("D1 · Contoso Ltd — Invoice Triage Agent", Card(answer)));
    }

    [Fact]
    public async Task A_second_click_on_an_opened_form_answers_with_its_delivery_whatever_was_typed_into_it()
    {
        await SubmitAsync($"{Valid},{FormId}", id: "click-1");

        var second = Card(await SubmitAsync($"\"client\":\"\",{FormId}", id: "click-2", who: "Pablo"));

        Assert.Contains("D1 · Contoso Ltd — Invoice Triage Agent", second);
        Assert.DoesNotContain("Nothing was opened", second);
        Assert.Equal(1, (await Store.ListAsync(Activities.Tenant, DeliveryFilter.All, 1, 10)).Total);
    }

    [Fact]
    public async Task A_click_after_a_restart_on_the_same_database_answers_with_the_delivery_the_form_opened()
    {
        var directory = Directory.CreateTempSubdirectory("deliverybot-restart-").FullName;
        var shared = new Dictionary<string, string?>
        {
            ["ConnectionStrings:DeliveryBot"] = $"Data Source={Path.Combine(directory, "bot.db")}",
        };
        try
        {
            await using (var before = new ChannelFactory(shared))
            {
                using var http = before.CreateClient();
                Assert.Contains(
                    "D1 · Contoso Ltd", Card(await SubmitAsync(http, $"{Valid},{FormId}", "click-1")));
            }

            await using var after = new ChannelFactory(shared);
            using var again = after.CreateClient();
            var answer = Card(await SubmitAsync(again, $"{Valid},{FormId}", "click-2", who: "Pablo"));

            Assert.Contains("D1 · Contoso Ltd — Invoice Triage Agent", answer);
            Assert.Equal(
                1,
                (await after.Services.GetRequiredService<IDeliveryStore>()
                    .ListAsync(Activities.Tenant, DeliveryFilter.All, 1, 10)).Total);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task The_same_form_id_in_another_organisation_opens_that_organisation_s_own_delivery()
    {
        await SubmitAsync($"{Valid},{FormId}", id: "click-1");

        using var response = await PostAsync(Activities.Invoke(
            Connector.ServiceUrl, "delivery.open", $"{{{Valid},{FormId}}}", "oid-fiona", "Fiona", "click-2",
            replyToId: "m-other", tenant: "tenant-fabrikam", conversationId: "a:fabrikam-1"));

        Assert.Equal(1, (await Store.ListAsync(Activities.Tenant, DeliveryFilter.All, 1, 10)).Total);
        Assert.Equal(1, (await Store.ListAsync("tenant-fabrikam", DeliveryFilter.All, 1, 10)).Total);
    }

    [Fact]
    public async Task Every_view_of_the_form_becomes_the_status_card_the_form_opened()
    {
        await Task.WhenAll(
            SubmitAsync($"{Valid},{FormId}", id: "click-1"),
            SubmitAsync($"{Valid},{FormId}", id: "click-2", who: "Pablo"));
        await Bot.Services.GetRequiredService<OutboxDispatcher>().WhenIdleAsync();

        // the form's message itself, which everyone else in the chat sees, is updated in place
        var put = Connector.Calls.Last(c => c.Method == "PUT"
            && c.Path.EndsWith("/activities/m-intake", StringComparison.Ordinal));
        Assert.Contains("\"card\":\"status\"", put.Body, StringComparison.Ordinal);
        Assert.Contains("\"deliveryId\":\"D1\"", put.Body, StringComparison.Ordinal);
        Assert.Contains("Invoice Triage Agent", put.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("delivery.open", put.Body, StringComparison.Ordinal);
        var posted = Assert.Single(
            await Bot.Services.GetRequiredService<IConversationStore>().PostedCardsAsync(Contoso.Key("D1")),
            p => p.Template == "status");
        Assert.Equal(("status", "m-intake"), (posted.Template, posted.ActivityId));
    }

    [Fact]
    public async Task The_requirements_package_goes_on_the_record_and_on_the_intake_gate_card()
    {
        await SubmitAsync(Valid + """
            ,"requirementsLink":"https://contoso.sharepoint.com/req/v3","requirementsSignedOff":"2026-02-27",
            "requirementsSignedOffBy":"Olga"
            """);

        var delivery = (await Store.FindAsync(Contoso.Key("D1")))!;
        Assert.Equal(
            new Domain.Record.RequirementsPackage("https://contoso.sharepoint.com/req/v3", new(2026, 2, 27), "Olga"),
            delivery.State.Requirements);
        var gate = new DeliveryBot.Teams.Cards.Views.IntakeGateCard().Draw(
            delivery, "", new DeliveryBot.Teams.Cards.CardContext(DeliveryBot.TestKit.Scenario.Start))
            .ToJson().ToJsonString();
        Assert.Contains("https://contoso.sharepoint.com/req/v3, signed off 2026-02-27 by Olga", gate);
    }

    [Theory]
    [InlineData("\"requirementsLink\":\"https://contoso.example/req\"",
        "The requirements package needs both its link and the date it was signed off.")]
    [InlineData("\"requirementsLink\":\"file:///c:/req.docx\",\"requirementsSignedOff\":\"2026-02-27\"",
        "is not a web address")]
    [InlineData("\"requirementsLink\":\"https://contoso.example/req\",\"requirementsSignedOff\":\"27 Feb\"",
        "The requirements sign-off date: '27 Feb' is not a date.")]
    public async Task A_half_or_bad_requirements_package_opens_nothing_and_says_why(string package, string expected)
    {
        var card = Card(await SubmitAsync(Valid + "," + package));

        Assert.Contains(expected, card);
        Assert.Contains("Nothing was opened.", card);
        var entered = JsonDocument.Parse($"{{{package}}}").RootElement.GetProperty("requirementsLink").GetString()!;
        Assert.Contains($"\"value\":\"{entered}\"", card); // what was entered comes back
        Assert.Equal(0, (await Store.ListAsync(Activities.Tenant, DeliveryFilter.All, 1, 10)).Total);
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
