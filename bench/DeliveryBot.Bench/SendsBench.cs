using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DeliveryBot.Application;
using DeliveryBot.Application.Messages;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Policies;
using DeliveryBot.Storage;
using DeliveryBot.Teams;
using DeliveryBot.Teams.Protocol;
using DeliveryBot.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;

namespace DeliveryBot.Bench;

/// <summary>
/// SPEC §9: a 10,000-message fan-out through the bot's real sending path (outbox, OutboxDispatcher, ProactiveMessenger
/// opening each person's 1:1 chat, the Bot Connector client and its rate limiter, SQLite with durable commits) against
/// a connector that enforces Teams' limits and answers 429 past them. Tenants × people × 10 nudge cards, queued
/// round-robin, so the binding limit is 30 calls/s per tenant: each chat gets its 10 messages over tens of seconds, far
/// under its own limits. The bot has met each tenant but nobody's 1:1 chat yet, as after it is installed: the first
/// message to each person opens the chat, a call that counts against the tenant too. So the allowed maximum is tenants
/// × 30 calls/s, and the best possible time is all the calls (chats opened and messages) at that rate.
/// </summary>
internal static class SendsBench
{
    private const int Messages = 10_000;
    private const int MessagesEach = 10;
    /// <summary>Rows claimed per pass, as the scheduler's outbox job claims them.</summary>
    private const int Batch = 200;

    public static async Task RunAsync(int tenants, TimeSpan latency)
    {
        var people = Messages / MessagesEach / tenants;
        var directory = Directory.CreateTempSubdirectory("deliverybot-sends-").FullName;
        await using var connector = await TeamsLimitsConnector.StartAsync(latency);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Development",
            ContentRootPath = directory,
        });
        builder.Configuration["ConnectionStrings:DeliveryBot"] = $"Data Source={Path.Combine(directory, "sends.db")}";
        builder.Configuration[$"{BotOptions.Section}:{nameof(BotOptions.TenantSendsPerSecond)}"] =
            TeamsLimitsConnector.TenantPerSecond.ToString(CultureInfo.InvariantCulture);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddDeliveryApplication();
        builder.Services.AddDeliveryStorage(builder.Configuration, builder.Environment);
        builder.Services.AddTeamsChannel(builder.Configuration, builder.Environment);
        await using var app = builder.Build();
        await app.StartAsync();

        var chats = tenants * people;
        Console.WriteLine(
            $"DeliveryBot send-rate benchmark: {Messages:N0} nudge cards, " +
            $"{tenants} tenants × {people} people × {MessagesEach}, " +
            $"{chats:N0} 1:1 chats opened on the way, " +
            $"Teams answering {latency.TotalMilliseconds:0} ms after it counts a call, SQLite (synchronous=FULL), " +
            $"{Environment.ProcessorCount} cores, .NET {Environment.Version}");
        var seeding = Stopwatch.StartNew();
        await SeedAsync(app.Services, connector.ServiceUrl, tenants, people);
        Console.WriteLine($"seeded in {seeding.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"{"measure",-44} {"value",12} {"unit",-6} {"target",-16} {"ratio",-8}");

        // Drain as the scheduler's outbox job does, until nothing is due: 429s are retried inside the connector (after
        // Retry-After), so a row left over has failed its retries and waits in the outbox; it counts as not sent.
        var dispatcher = app.Services.GetRequiredService<OutboxDispatcher>();
        var run = Stopwatch.StartNew();
        while (await dispatcher.DispatchAsync(Batch, CancellationToken.None) > 0) { }
        run.Stop();

        var allowed = tenants * TeamsLimitsConnector.TenantPerSecond; // calls per second
        var calls = connector.Accepted + connector.Opened;
        var best = (double)(Messages + chats) / allowed; // seconds, every call at the allowed rate
        var achieved = calls / run.Elapsed.TotalSeconds;
        Measure.Row("messages accepted by the connector", connector.Accepted, "", atLeast: Messages);
        Measure.Row("1:1 chats opened", connector.Opened, "", atLeast: chats);
        Measure.Row($"elapsed (best possible {best:0.#} s)", run.Elapsed.TotalSeconds, "s", atMost: best / 0.95);
        Measure.Row("achieved rate, messages", connector.Accepted / run.Elapsed.TotalSeconds, "msg/s");
        Measure.Row("achieved rate, calls (chats + messages)", achieved, "/s");
        Measure.Row($"of the allowed maximum ({allowed} calls/s)", 100 * achieved / allowed, "%", atLeast: 95);
        Measure.Row("calls refused with 429", connector.Refused, "", atMost: 0);
        await app.StopAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    /// <summary>
    /// One delivery per person (its PLA, owing the schedule acknowledgement) whose status card is in a channel of its
    /// tenant, so the dispatcher knows the tenant; each tenant met once (what any turn there leaves), nobody's 1:1 chat
    /// known; and the outbox rows, round-robin over people and so over tenants.
    /// </summary>
    private static async Task SeedAsync(IServiceProvider services, Uri serviceUrl, int tenants, int peoplePerTenant)
    {
        var template = Scenario.Opened().Planned().Delivery.State;
        var people = Enumerable.Range(0, tenants * peoplePerTenant)
            .Select(i => (
                Tenant: $"tenant{i % tenants}",
                Person: new Person($"oid-bench-{i}", $"person{i}@contoso.test", $"Person {i}"),
                Delivery: $"D{i + 1}"))
            .ToList();
        var store = services.GetRequiredService<IDeliveryStore>();
        await store.ImportAsync([.. people.Select(p => Delivery.Restore(template with
        {
            Id = p.Delivery,
            Stakeholders =
            [
                .. template.Stakeholders.Select(s => s.Role == Role.ProductionLineArchitect
                    ? s with { Person = p.Person }
                    : s),
            ],
            Audit = [.. template.Audit.Select(e => e with { CommandId = $"{p.Delivery}-{e.CommandId}" })],
        }))], DateTimeOffset.UtcNow);
        var conversations = services.GetRequiredService<IConversationStore>();
        var now = DateTimeOffset.UtcNow;
        for (var t = 0; t < tenants; t++)
        {
            var met = new ConversationReference(
                ServiceUrl: serviceUrl.ToString(),
                ChannelId: "msteams",
                ConversationId: $"19:deliveries@tenant{t}",
                ConversationType: "channel",
                TenantId: $"tenant{t}",
                BotId: "28:bot",
                BotName: "DeliveryBot",
                UserId: null,
                UserAadObjectId: null,
                UserName: null);
            await conversations.SaveReferenceAsync(
                ConversationReference.TenantKey($"tenant{t}"),
                JsonSerializer.Serialize(met, ActivityJsonContext.Default.ConversationReference),
                now);
        }
        foreach (var (tenant, _, delivery) in people)
            await conversations.SavePostedCardAsync(new PostedCard(
                DeliveryId: delivery,
                Template: "status",
                Focus: "",
                ServiceUrl: serviceUrl.ToString(),
                ConversationId: $"19:deliveries@{tenant}",
                ActivityId: $"status-{delivery}",
                TenantId: tenant,
                PostedAt: now));
        var outbox = services.GetRequiredService<IOutbox>();
        var check = Checks.ScheduleAcknowledgedByPla;
        for (var m = 0; m < MessagesEach; m++)
            foreach (var (_, person, delivery) in people)
            {
                var key = $"nudge:{check.Key}:bench:{m}";
                var reminder = new ReminderMessage(
                    DeliveryId: delivery,
                    Kind: ReminderKind.GateNudge,
                    Key: key,
                    Subject: check.Question,
                    Reference: check.Key,
                    Recipient: person);
                await outbox.EnqueueAsync(
                    OutboxKinds.Row(reminder, $"{delivery}:{key}", OutboxKinds.PersonLane(person), now));
            }
    }
}
