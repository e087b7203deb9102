using System.Text.Json;
using DeliveryBot.Application.Storage;
using DeliveryBot.Teams.Tests.Support;
using DeliveryBot.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace DeliveryBot.Teams.Tests;

/// <summary>Commands that change a delivery, through real activities: roles, refusals, retries, racing
/// writers.</summary>
public sealed class ChangeCommandsTests : ChannelTest
{
    private IDeliveryStore _store = null!;
    private int _ids;

    /// <summary>One person types a dozen commands at once below: more than a person's allowance of commands.</summary>
    protected override Dictionary<string, string?> Settings => new() { ["Bot:CommandsPerPerson"] = "100" };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _store = Bot.Services.GetRequiredService<IDeliveryStore>();
        var id = await _store.NextDeliveryIdAsync(Activities.Tenant);
        await _store.SaveAsync(Contoso.Own(
            Domain.Deliveries.Delivery.Restore(Scenario.Opened().ToProduction().Delivery.State with { Id = id })), 0,
            Scenario.Start);
    }

    private async Task<string> SayAsync(string who, string text, string? activityId = null)
    {
        var id = activityId ?? $"activity-{Interlocked.Increment(ref _ids)}";
        var sendsBefore = Connector.Sends.Count;
        await PostAsync(Activities.Message(
            Connector.ServiceUrl, text, id: id, fromOid: $"oid-{who.ToLowerInvariant()}", fromName: who));
        Assert.True(Connector.Sends.Count > sendsBefore, "no reply");
        // not the 1:1 cards it sets off
        var reply = Connector.Sends.Last(c => c.Path.EndsWith($"/activities/{id}", StringComparison.Ordinal));
        return JsonDocument.Parse(reply.Body).RootElement.GetProperty("text").GetString()!;
    }

    [Fact]
    public async Task The_dm_escalates_the_cto_resolves_and_others_are_told_who_can()
    {
        Assert.StartsWith("🚫 Only the Delivery Manager (Dana)", await SayAsync("Pablo", "escalate D1 capacity"));
        Assert.StartsWith("✅ Escalation D1-E1 raised to Clara (CTO): QA capacity is short",
            await SayAsync("Dana", "escalate D1 QA capacity is short"));
        Assert.StartsWith("🚫 Only the CTO (Clara)", await SayAsync("Dana", "resolve D1-E1 done"));
        Assert.StartsWith("✅ Escalation D1-E1 resolved by Clara: borrowed an engineer",
            await SayAsync("Clara", "resolve d1-e1 borrowed an engineer"));
    }

    [Fact]
    public async Task Refusals_say_why_and_list_what_is_missing()
    {
        Assert.Contains("can never be skipped", await SayAsync("Dana", "skip D1 qa client is in a hurry"));
        var close = await SayAsync("Dana", "close D1");
        Assert.StartsWith("⛔ Delivery D1 cannot be closed yet", close);
        Assert.Contains("\n- The client has not acknowledged receipt.", close);
    }

    [Fact]
    public async Task A_sender_claiming_the_scheduler_s_id_is_nobody_and_changes_nothing()
    {
        var version = (await _store.FindAsync(Contoso.Key("D1")))!.Version;

        foreach (var claimed in new[] { "system", "SYSTEM", " system " })
        {
            await PostAsync(Activities.Message(Connector.ServiceUrl, "escalate D1 everything is late",
                id: $"activity-{claimed}", fromOid: claimed, fromName: "DeliveryBot"));
            var reply = JsonDocument.Parse(Connector.Sends[^1].Body).RootElement.GetProperty("text").GetString()!;
            Assert.Equal("I can't tell who you are in this conversation, so I can't change anything.", reply);
        }

        Assert.Equal(version, (await _store.FindAsync(Contoso.Key("D1")))!.Version);
    }

    [Fact]
    public async Task Bad_arguments_get_the_usage()
    {
        Assert.Equal("Which stage? Give its number (1–7) or name. Type `skip <id> <stage> <rationale>`.",
            await SayAsync("Dana", "skip D1"));
        Assert.Equal(
            "Type `resolve <escalation or blocker> <resolution>`.", await SayAsync("Clara", "resolve nonsense"));
        Assert.Contains("There is no delivery D42", await SayAsync("Dana", "blocker D42 vendor down"));
    }

    [Fact]
    public async Task A_teams_retry_of_the_same_activity_changes_nothing_and_answers_as_the_first_time()
    {
        var first = await SayAsync("Pablo", "blocker D1 vendor API down", activityId: "retried-activity");
        var version = (await _store.FindAsync(Contoso.Key("D1")))!.Version;

        var retry = await SayAsync("Pablo", "blocker D1 vendor API down", activityId: "retried-activity");

        Assert.StartsWith("✅ Blocker B1 raised by Pablo", first);
        Assert.Equal($"ℹ️ {first[2..].TrimStart()}", retry);
        Assert.Equal(version, (await _store.FindAsync(Contoso.Key("D1")))!.Version);
        Assert.Single((await _store.FindAsync(Contoso.Key("D1")))!.State.Blockers);
    }

    [Fact]
    public async Task Writers_racing_on_one_delivery_lose_nothing()
    {
        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => SayAsync("Pablo", $"blocker D1 problem {i}")));

        var blockers = (await _store.FindAsync(Contoso.Key("D1")))!.State.Blockers;
        Assert.Equal(12, blockers.Count);
        Assert.Equal(12, blockers.Select(b => b.Id).Distinct().Count());
    }
}
