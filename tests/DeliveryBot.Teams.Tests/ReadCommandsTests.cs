using System.Text.Json;
using DeliveryBot.Application.Storage;
using DeliveryBot.Teams.Tests.Support;
using DeliveryBot.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace DeliveryBot.Teams.Tests;

/// <summary>`list`, `mine`, `status` and `record` through real activities, on a stored delivery.</summary>
public sealed class ReadCommandsTests : ChannelTest
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var store = Bot.Services.GetRequiredService<IDeliveryStore>();
        var id = await store.NextDeliveryIdAsync(Activities.Tenant);
        var planned = Scenario.Opened().Planned().Delivery; // Pablo owes the schedule acknowledgement
        await store.SaveAsync(
            Contoso.Own(Domain.Deliveries.Delivery.Restore(planned.State with { Id = id })), 0, Scenario.Start);
    }

    private async Task<JsonElement> AskAsync(string text)
    {
        await PostAsync(Activities.Message(Connector.ServiceUrl, text));
        return JsonDocument.Parse(Connector.Sends[^1].Body).RootElement;
    }

    private static string Text(JsonElement reply) => reply.GetProperty("text").GetString()!;

    [Fact]
    public async Task A_record_that_breaks_a_rule_where_no_command_runs_is_a_plain_answer_not_a_500()
    {
        // D1's stored calendar damaged (no working day at all): drawing its status card needs the calendar. Written
        // with a new version, as every writer of a record must: the bot serves a record it keeps until that moves.
        await using (var db = new Microsoft.Data.Sqlite.SqliteConnection(
            $"Data Source={Bot.Services.GetRequiredService<Storage.Sql.SqlDialect>().Describe}"))
        {
            await db.OpenAsync();
            await using var damage = db.CreateCommand();
            damage.CommandText = $"UPDATE deliveries SET doc = json_set(doc, '$.settings.calendar.workDays', " +
                $"json('[]')), version = version + 1 WHERE id = '{Contoso.Key("D1")}'";
            Assert.Equal(1, await damage.ExecuteNonQueryAsync());
        }

        using var response = await PostAsync(Activities.Message(Connector.ServiceUrl, "status D1"));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("⛔ I couldn't do that: At least one working day is needed. Nothing changed.",
            Text(JsonDocument.Parse(Connector.Sends[^1].Body).RootElement));
    }

    [Fact]
    public async Task Mine_lists_the_longest_waiting_actions_and_counts_the_rest()
    {
        var planned = Scenario.Opened().Planned().Delivery.State;
        await Bot.Services.GetRequiredService<IDeliveryStore>()
            .ImportAsync(Contoso.Own(Enumerable.Range(2, 39).Select(i => Domain.Deliveries.Delivery.Restore(planned with
        {
            Id = $"D{i}", Audit = [.. planned.Audit.Select(e => e with { CommandId = $"D{i}-{e.CommandId}" })],
        }))), Scenario.Start);

        var text = Text(await AskAsync("mine"));

        Assert.StartsWith("**Your pending actions** (40):", text);
        Assert.Equal(Teams.Commands.MineChatCommand.Shown, text.Split('\n')
            .Count(l => l.StartsWith("- **D", StringComparison.Ordinal)));
        Assert.Contains("…and 15 more, which wait less long.", text);
    }

    [Fact]
    public async Task List_shows_the_open_deliveries()
        => Assert.Contains("**D1** Contoso Ltd — Invoice Triage Agent: Planning, stage 2 (Delivery planning)",
            Text(await AskAsync("list")));

    [Fact]
    public async Task Mine_shows_what_the_sender_owes()
        => Assert.Contains(
            "**D1** Contoso Ltd: Can production deliver to this schedule? (as Production Line Architect)",
            Text(await AskAsync("mine")));

    [Fact]
    public async Task Status_answers_with_the_living_status_card()
    {
        var reply = await AskAsync("status d1");

        var attachment = reply.GetProperty("attachments")[0];
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        var card = attachment.GetProperty("content").GetRawText();
        Assert.Contains("Delivery planning", card);
        Assert.DoesNotContain("${", card);
    }

    [Fact]
    public async Task Record_answers_with_the_markdown_of_the_template()
    {
        var text = Text(await AskAsync("record D1"));

        Assert.Contains("```markdown\n# Delivery Record: Contoso Ltd — Invoice Triage Agent\n", text);
        Assert.Contains("## Milestones\n| Milestone | Target date | Actual date | Status |", text);
    }

    [Theory]
    [InlineData("update D1", "update", "Where we are: Planning (Delivery planning).")]
    [InlineData("plan d1", "planning", "Save the schedule")]
    [InlineData("RISK D1", "risk", "Add a risk")]
    public async Task Card_commands_post_the_card_here_and_remember_it_to_redraw_later(
        string command, string template, string shows)
    {
        var reply = await AskAsync(command);

        var card = reply.GetProperty("attachments")[0].GetProperty("content");
        Assert.Equal(template, card.GetProperty("refresh").GetProperty("action").GetProperty("data").GetProperty("card")
            .GetString());
        Assert.Contains(shows, card.GetRawText());
        Assert.Contains(await Bot.Services.GetRequiredService<IConversationStore>().PostedCardsAsync(Contoso.Key("D1")),
            p => p.Template == template);
    }

    [Theory]
    [InlineData("status", "Which delivery?")]
    [InlineData("status D99", "There is no delivery D99.")]
    [InlineData("status D99.", "There is no delivery D99.")] // typed at the end of a sentence
    [InlineData("record d99?", "There is no delivery D99.")]
    [InlineData("record D.", "`D.` is not a delivery id")]
    [InlineData("record banana", "`banana` is not a delivery id")]
    public async Task A_missing_or_wrong_id_gets_a_plain_answer(string command, string answer)
        => Assert.Contains(answer, Text(await AskAsync(command)));
}
