using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Calendar;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.Storage;
using DeliveryBot.Teams.Protocol;
using System.Text.Json;
using DeliveryBot.TestKit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Tests.Scheduling;

/// <summary>
/// Deliveries whose reminders are due the moment a bot starts: each has its schedule published three days ago and
/// its two acknowledgements (the PLA's and the Deployment Specialist's) still pending, so each owes two gate nudges,
/// to two people of its own. The team works round the clock, so the nudges are due whenever the test runs. Everyone
/// already has a 1:1 chat with the bot, at the given connector, in one tenant.
/// </summary>
internal static class ReminderSeed
{
    internal const string Tenant = "tenant-contoso";

    internal static readonly WorkingPattern RoundTheClock = new()
    {
        TimeZoneId = "Etc/UTC",
        WorkDays = [.. Enum.GetValues<DayOfWeek>()],
        DayStart = TimeOnly.MinValue,
        DayEnd = TimeOnly.MaxValue,
    };

    public static Person Pla(int delivery)
        => new($"oid-pla-{delivery}", $"pla{delivery}@contoso.test", $"PLA {delivery}");
    public static Person Ds(int delivery) => new($"oid-ds-{delivery}", $"ds{delivery}@contoso.test", $"DS {delivery}");

    /// <summary>
    /// Writes <paramref name="count"/> such deliveries (D1..Dn) through the real storage, into a new database at
    /// <paramref name="connectionString"/>.
    /// </summary>
    public static Task WriteAsync(
        StorageProvider provider, string connectionString, int count, DateTimeOffset now, Uri serviceUrl)
        => WithStorageAsync(provider, connectionString, async services =>
        {
            var deliveries = Enumerable.Range(1, count).Select(i => Delivery(i, now)).ToList();
            await services.GetRequiredService<IDeliveryStore>().ImportAsync(deliveries, now);
            await ChatsAsync(
                services,
                serviceUrl,
                now,
                [.. Enumerable.Range(1, count).SelectMany(i => new[] { Pla(i), Ds(i) }).Prepend(Dana)]);
        });

    /// <summary>
    /// The bot's real storage on a new database at <paramref name="connectionString"/>, migrated, for
    /// <paramref name="write"/>.
    /// </summary>
    public static async Task WithStorageAsync(
        StorageProvider provider, string connectionString, Func<IServiceProvider, Task> write)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(
            new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = provider.ToString(),
            ["ConnectionStrings:DeliveryBot"] = connectionString,
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddDeliveryStorage(builder.Configuration, builder.Environment);
        using var host = builder.Build();
        await host.StartAsync(); // migrates
        await write(host.Services);
        await host.StopAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    /// <summary>Each person has a 1:1 chat with the bot at the connector, in the tenant.</summary>
    public static async Task ChatsAsync(
        IServiceProvider services, Uri serviceUrl, DateTimeOffset now, IReadOnlyList<Person> people)
    {
        var chats = services.GetRequiredService<IConversationStore>();
        foreach (var person in people)
        {
            var chat = new ConversationReference(
                ServiceUrl: serviceUrl.ToString(),
                ChannelId: "msteams",
                ConversationId: $"a:chat-{person.ObjectId}",
                ConversationType: "personal",
                TenantId: Tenant,
                BotId: "28:bot",
                BotName: "DeliveryBot",
                UserId: $"29:{person.ObjectId}",
                UserAadObjectId: person.ObjectId,
                UserName: person.DisplayName);
            await chats.SaveReferenceAsync(
                ConversationReference.UserKey(person.ObjectId!),
                JsonSerializer.Serialize(chat, ActivityJsonContext.Default.ConversationReference),
                now);
        }
    }

    private static Delivery Delivery(int i, DateTimeOffset now)
    {
        var clock = new ManualClock(now.AddDays(-3));
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var intake = new Intake(
            Client: "Contoso Ltd",
            DigitalTalent: $"Agent {i}",
            Scope: "An agent.",
            IntakeDate: today.AddDays(-3),
            AgreedDeliveryDate: today.AddDays(60),
            TimelineExpectations: null,
            ClientIntakeManager: Ivy,
            Settings: new DeliverySettings { Calendar = RoundTheClock },
            OtherStakeholders:
            [
                new(Role.ProductionLineArchitect, Pla(i)),
                new(Role.QaEngineer, Quinn),
                new(Role.DeploymentSpecialist, Ds(i)),
                new(Role.Cto, Clara),
            ]);
        var commands = 0;
        CommandMeta Meta(Person who) => CommandMeta.Now(clock, $"seed-{i}-{++commands}", who, "seed");
        var delivery = Domain.Deliveries.Delivery.Open($"D{i}", intake, Meta(Dana));
        void Do(Person who, DeliveryCommand command)
        {
            var outcome = delivery.Execute(command, Meta(who));
            Assert.True(outcome.Changed, $"{command.Action}: {outcome.Message}");
        }
        Do(Dana, new AcknowledgeGate(StageCatalog.Checks.RequirementsUnambiguous.Key));
        Do(Ivy, new AcknowledgeGate(StageCatalog.Checks.ClientTimelineAcknowledged.Key));
        Do(Dana, new PlanDelivery(Schedule(today)));
        Do(Dana, new PublishSchedule());
        return delivery;
    }

    /// <summary>The seeded deliveries' plan: production a week out, handover about a month out.</summary>
    public static Schedule Schedule(DateOnly today) => new(
        ProductionStart: today.AddDays(7),
        ProductionComplete: today.AddDays(20),
        QaSubmission: today.AddDays(21),
        QaCertification: today.AddDays(25),
        DeploymentWindowStart: today.AddDays(28),
        DeploymentWindowEnd: today.AddDays(30),
        ClientHandover: today.AddDays(32));
}
