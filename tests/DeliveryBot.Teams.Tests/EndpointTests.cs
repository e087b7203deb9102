using System.Net;
using System.Text;
using System.Text.Json;
using DeliveryBot.Application.Storage;
using DeliveryBot.Teams.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DeliveryBot.Teams.Tests;

/// <summary>/api/messages in Development (no app id, as with the Agents Playground): parsing, limits, routing,
/// references.</summary>
public sealed class EndpointTests : ChannelTest
{
    protected override Dictionary<string, string?> Settings
        => new() { ["Bot:AllowedTenants:0"] = Activities.Tenant, ["Bot:MaxActivityBytes"] = "4096" };

    private string Say(
        string text, string conversationType = "personal", string? mention = null, string tenant = Activities.Tenant)
        => Activities.Message(Connector.ServiceUrl, text, conversationType, conversationId: $"a:{conversationType}-1",
            tenant: tenant, mentionBotAs: mention);

    [Fact]
    public async Task Help_is_answered_in_a_personal_chat_whatever_the_case()
    {
        using var response = await PostAsync(Say("  HeLp  "));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = JsonDocument.Parse(Assert.Single(Connector.Sends).Body).RootElement;
        Assert.Contains(
            "\"verb\":\"help.new\"", reply.GetProperty("attachments")[0].GetProperty("content").GetRawText());
        Assert.Equal("1001", reply.GetProperty("replyToId").GetString());
    }

    [Fact]
    public async Task An_unknown_command_gets_help_and_the_nearest_command()
    {
        await PostAsync(Say("hepl"));

        var text = JsonDocument.Parse(Assert.Single(Connector.Sends).Body).RootElement.GetProperty("text").GetString();
        Assert.StartsWith("I don't know the command `hepl`. Did you mean `help`?", text);
    }

    [Fact]
    public async Task An_unknown_command_is_echoed_as_code_that_cannot_become_a_link()
    {
        await PostAsync(Say("x`[Sign-in-again](https://evil.example/login)`"));

        var text = JsonDocument.Parse(Assert.Single(Connector.Sends).Body).RootElement.GetProperty("text").GetString()!;
        // one code span: no link
        Assert.StartsWith("I don't know the command `xˋ[Sign-in-again](https://evil.example/login)ˋ`.", text);
    }

    [Fact]
    public async Task In_a_channel_the_bot_acts_only_when_mentioned()
    {
        await PostAsync(Say("help", "channel"));
        Assert.Empty(Connector.Sends);

        await PostAsync(Say("<at>DeliveryBot</at> help", "channel", mention: "<at>DeliveryBot</at>"));
        Assert.Contains("status <id>", HelpCard(Assert.Single(Connector.Sends)));
    }

    private static string Text(FakeConnector.ConnectorCall call)
        => JsonDocument.Parse(call.Body).RootElement.GetProperty("text").GetString()!;

    /// <summary>The help card's commands, from a reply that carries it.</summary>
    private static string HelpCard(FakeConnector.ConnectorCall call)
        => string.Join("\n", JsonDocument.Parse(call.Body).RootElement.GetProperty("attachments")[0]
            .GetProperty("content").GetProperty("body")[2]
            .GetProperty("facts").EnumerateArray().Select(f => f.GetProperty("title").GetString()));

    [Fact]
    public async Task Malformed_json_and_activities_missing_their_essentials_are_400_and_reach_nothing()
    {
        using var garbage = await PostAsync("{ this is not json");
        using var noConversation = await PostAsync(
            """{"type":"message","serviceUrl":"http://127.0.0.1:1/","from":{"id":"29:x"},"text":"help"}""");
        using var badServiceUrl = await PostAsync(
            """{"type":"message","serviceUrl":"file:///etc/passwd","from":{"id":"29:x"},"conversation":{"id":"c"},"text":"help"}""");
        using var noType = await PostAsync(
            """{"serviceUrl":"http://127.0.0.1:1/","from":{"id":"29:x"},"conversation":{"id":"c"}}""");
        using var hugeId = await PostAsync(
            Activities.Message(Connector.ServiceUrl, "help", conversationId: new string('c', 1_500)));

        Assert.All(new[] { garbage, noConversation, badServiceUrl, noType, hugeId },
            r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Empty(Connector.Calls);
    }

    [Fact]
    public async Task An_oversize_activity_is_refused_even_without_a_content_length()
    {
        using var big = await PostAsync(Say(new string('x', 5000)));
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(Say(new string('y', 5000)))));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var chunked = await Http.PostAsync(new Uri("/api/messages", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);
        Assert.Empty(Connector.Calls);
    }

    [Fact]
    public async Task A_tenant_not_on_the_allow_list_is_refused()
    {
        using var response = await PostAsync(Say("help", tenant: "tenant-fabrikam"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(Connector.Calls);
        Assert.Null(await Bot.Services.GetRequiredService<IConversationStore>().FindReferenceAsync("user:oid-pablo"));
    }

    [Fact]
    public async Task Every_message_saves_references_for_the_person_and_the_tenant()
    {
        await PostAsync(Say("help"));

        var store = Bot.Services.GetRequiredService<IConversationStore>();
        Assert.Contains("a:personal-1", await store.FindReferenceAsync("user:oid-pablo"));
        Assert.Contains(Connector.ServiceUrl.ToString(), await store.FindReferenceAsync($"tenant:{Activities.Tenant}"));
    }

    [Fact]
    public async Task A_group_chat_message_saves_no_personal_reference()
    {
        await PostAsync(Say("help", "groupChat"));

        Assert.Null(await Bot.Services.GetRequiredService<IConversationStore>().FindReferenceAsync("user:oid-pablo"));
    }

    [Fact]
    public async Task An_unhandled_invoke_gets_a_clear_universal_action_error()
    {
        var invoke = Say("x").Replace(
            "\"type\":\"message\"", "\"type\":\"invoke\",\"name\":\"adaptiveCard/action\"", StringComparison.Ordinal);

        using var response = await PostAsync(invoke);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("application/vnd.microsoft.error", body.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Other_activity_types_are_accepted_and_ignored()
    {
        using var response = await PostAsync(
            Say("x").Replace("\"type\":\"message\"", "\"type\":\"typing\"", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(Connector.Calls);
    }

    [Fact]
    public async Task Installing_the_bot_saves_the_reference_and_welcomes_with_help()
    {
        var install = Say("").Replace(
            "\"type\":\"message\"", "\"type\":\"installationUpdate\",\"action\":\"add\"", StringComparison.Ordinal);

        await PostAsync(install);

        Assert.Contains("status <id>", HelpCard(Assert.Single(Connector.Sends)));
        Assert.NotNull(
            await Bot.Services.GetRequiredService<IConversationStore>().FindReferenceAsync("user:oid-pablo"));
    }

}
