using DeliveryBot.Application.Messages;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Policies;
using DeliveryBot.Teams.Conversations;
using DeliveryBot.Teams.Tests.Support;
using DeliveryBot.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace DeliveryBot.Teams.Tests;

/// <summary>
/// Someone named on deliveries who has never written to the bot gets at most a day's allowance of its cards; the rest
/// wait in the outbox, retried, and go once the day has room or they write to the bot.
/// </summary>
public sealed class FirstContactTests : ChannelTest
{
    protected override Dictionary<string, string?> Settings => new() { ["Bot:FirstContactCardsPerDay"] = "3" };

    [Fact]
    public async Task A_stranger_to_the_bot_gets_the_day_s_allowance_and_someone_who_wrote_to_it_gets_every_card()
    {
        var allowance = Bot.Services.GetRequiredService<FirstContactAllowance>();
        var references = Bot.Services.GetRequiredService<ConversationReferences>();
        // Pablo writes to the bot in his 1:1 chat; Quinn never has.
        await PostAsync(Activities.Message(Connector.ServiceUrl, "help", fromOid: "oid-pablo", fromName: "Pablo"));

        var quinn = new List<string?>();
        for (var i = 0; i < 5; i++) quinn.Add(
            allowance.Take(await references.FindUserAsync("oid-quinn", CancellationToken.None), "oid-quinn", "Quinn"));
        var pablo = new List<string?>();
        for (var i = 0; i < 5; i++) pablo.Add(
            allowance.Take(await references.FindUserAsync("oid-pablo", CancellationToken.None), "oid-pablo", "Pablo"));

        Assert.Equal(3, quinn.Count(w => w is null));
        Assert.StartsWith("Quinn has never written to the bot and has had 3 cards from it in a day", quinn[^1]);
        Assert.All(pablo, Assert.Null);
    }

    [Fact]
    public async Task Cards_past_the_allowance_wait_in_the_outbox_and_are_not_lost()
    {
        var store = Bot.Services.GetRequiredService<IDeliveryStore>();
        var outbox = Bot.Services.GetRequiredService<IOutbox>();
        var dispatcher = Bot.Services.GetRequiredService<OutboxDispatcher>();
        // The tenant is known (someone wrote from it); Pablo, the PLA of five deliveries, never wrote to the bot.
        await PostAsync(Activities.Message(Connector.ServiceUrl, "help", fromOid: "oid-dana", fromName: "Dana"));
        var planned = Scenario.Opened().Planned().Delivery.State;
        await store.ImportAsync(
            Contoso.Own(Enumerable.Range(1, 5).Select(i => Domain.Deliveries.Delivery.Restore(planned with
        {
            Id = $"D{i}", Audit = [.. planned.Audit.Select(e => e with { CommandId = $"D{i}-{e.CommandId}" })],
        }))), Scenario.Start);
        foreach (var i in Enumerable.Range(1, 5))
        {
            var due = ReminderPolicy.Due(
                (await store.FindAsync(Contoso.Key($"D{i}")))!, Scenario.Start.AddDays(1).AddHours(3))
                .First(d => d.Recipient.IsSameAs(Cast.Pablo));
            await outbox.EnqueueAsync(OutboxKinds.Row(
                new ReminderMessage(Contoso.Key($"D{i}"), due.Kind, due.Key, due.Subject, due.Reference, due.Recipient),
                $"{Contoso.Key($"D{i}")}:{due.Key}", OutboxKinds.PersonLane(due.Recipient), DateTimeOffset.UtcNow));
        }

        await dispatcher.DispatchAsync(50, CancellationToken.None);
        await dispatcher.WhenIdleAsync();

        var rows = new List<OutboxItem>();
        foreach (var i in Enumerable.Range(1, 5)) rows.AddRange((await outbox.ForDeliveryAsync(Contoso.Key($"D{i}")))
            .Where(r => r.Message.Kind == ReminderMessage.OutboxKind));
        Assert.Equal(3, rows.Count(r => r.State == OutboxState.Sent));
        Assert.Equal(2, rows.Count(r => r.State == OutboxState.Pending)); // waiting, retried later: not given up
        Assert.All(rows.Where(r => r.State == OutboxState.Pending), r => Assert.Contains(
            "has never written to the bot", r.LastError));
    }
}
