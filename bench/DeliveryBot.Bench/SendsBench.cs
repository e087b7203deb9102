using System.Diagnostics;
using System.Text.Json;
using DeliveryBot.Application;
using DeliveryBot.Application.Reminders;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Policies;
using DeliveryBot.Storage;
using DeliveryBot.Teams;
using DeliveryBot.Teams.Notifications;
using DeliveryBot.Teams.Protocol;
using DeliveryBot.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;

namespace DeliveryBot.Bench;

/// <summary>
/// SPEC §9: a 10,000-message fan-out through the bot's real sending path (outbox, ReminderDispatcher, the Bot Connector
/// client and its rate limiter, SQLite with durable commits) against a connector that enforces Teams' limits and answers
/// 429 past them. 5 tenants × 200 people × 10 nudge cards each, queued round-robin: the binding limit is 30/s per
/// tenant (each chat gets 10 messages over about a minute, far under its own limits), so the allowed maximum is 150/s.
/// </summary>
internal static class SendsBench
{
    private const int Tenants = 5;
    private const int PeoplePerTenant = 200;
    private const int MessagesEach = 10;

    public static async Task RunAsync()
    {
        var directory = Directory.CreateTempSubdirectory("deliverybot-sends-").FullName;
        await using var connector = await TeamsLimitsConnector.StartAsync();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", ContentRootPath = directory });
        builder.Configuration["ConnectionStrings:DeliveryBot"] = $"Data Source={Path.Combine(directory, "sends.db")}";
        builder.Configuration[$"{BotOptions.Section}:{nameof(BotOptions.TenantSendsPerSecond)}"] = TeamsLimitsConnector.TenantPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddDeliveryApplication();
        builder.Services.AddDeliveryStorage(builder.Configuration, builder.Environment);
        builder.Services.AddTeamsChannel(builder.Configuration, builder.Environment);
        await using var app = builder.Build();
        await app.StartAsync();

        var total = Tenants * PeoplePerTenant * MessagesEach;
        Console.WriteLine($"DeliveryBot send-rate benchmark: {total:N0} nudge cards, {Tenants} tenants × {PeoplePerTenant} people × {MessagesEach}, " +
                          $"SQLite (synchronous=FULL), {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        var seeding = Stopwatch.StartNew();
        await SeedAsync(app.Services, connector.ServiceUrl);
        Console.WriteLine($"seeded in {seeding.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"{"measure",-44} {"value",12} {"unit",-6} {"target",-16} {"ratio",-8}");

        var dispatcher = app.Services.GetRequiredService<ReminderDispatcher>();
        var run = Stopwatch.StartNew();
        while (connector.Accepted < total && run.Elapsed < TimeSpan.FromMinutes(10))
            if (await dispatcher.DispatchAsync(200, CancellationToken.None) == 0 && connector.Accepted < total)
                await Task.Delay(50); // only rows waiting for a retry are left
        run.Stop();

        var allowed = Tenants * TeamsLimitsConnector.TenantPerSecond;
        var rate = connector.Accepted / run.Elapsed.TotalSeconds;
        Measure.Row("messages accepted by the connector", connector.Accepted, "", atLeast: total);
        Measure.Row("elapsed", run.Elapsed.TotalSeconds, "s", atMost: total / (allowed * 0.95));
        Measure.Row("achieved rate", rate, "msg/s");
        Measure.Row($"of the allowed maximum ({allowed}/s)", 100 * rate / allowed, "%", atLeast: 95);
        Measure.Row("sends refused with 429", connector.Refused, "", atMost: 0);
        await app.StopAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    /// <summary>One delivery per person (its PLA, owing the schedule acknowledgement), a 1:1 chat each, and the outbox rows round-robin.</summary>
    private static async Task SeedAsync(IServiceProvider services, Uri serviceUrl)
    {
        var template = Scenario.Opened().Planned().Delivery.State;
        var people = Enumerable.Range(0, Tenants * PeoplePerTenant)
            .Select(i => (Tenant: $"tenant{i % Tenants}", Person: new Person($"oid-bench-{i}", $"person{i}@contoso.test", $"Person {i}"), Delivery: $"D{i + 1}"))
            .ToList();
        var store = services.GetRequiredService<IDeliveryStore>();
        await store.ImportAsync([.. people.Select(p => Delivery.Restore(template with
        {
            Id = p.Delivery,
            Stakeholders = [.. template.Stakeholders.Select(s => s.Role == Role.ProductionLineArchitect ? s with { Person = p.Person } : s)],
            Audit = [.. template.Audit.Select(e => e with { CommandId = $"{p.Delivery}-{e.CommandId}" })],
        }))], DateTimeOffset.UtcNow);
        var chats = services.GetRequiredService<IConversationStore>();
        foreach (var (tenant, person, _) in people)
        {
            var chat = new ConversationReference(serviceUrl.ToString(), "msteams", $"a:{tenant}:{person.ObjectId}", "personal", tenant, "28:bot", "DeliveryBot",
                $"29:{person.ObjectId}", person.ObjectId, person.DisplayName);
            await chats.SaveReferenceAsync(ConversationReference.UserKey(person.ObjectId!), JsonSerializer.Serialize(chat, ActivityJsonContext.Default.ConversationReference), DateTimeOffset.UtcNow);
        }
        var outbox = services.GetRequiredService<IOutbox>();
        var check = Checks.ScheduleAcknowledgedByPla;
        for (var m = 0; m < MessagesEach; m++)
            foreach (var (_, person, delivery) in people)
            {
                var key = $"nudge:{check.Key}:bench:{m}";
                var reminder = new ReminderMessage(delivery, ReminderKind.GateNudge, key, check.Question, check.Key, person);
                await outbox.EnqueueAsync(new OutboxMessage($"{delivery}:{key}", delivery, person.Key, ReminderMessage.OutboxKind, reminder.ToJson(), DateTimeOffset.UtcNow));
            }
    }
}
