using System.Text.Json;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.Storage;
using DeliveryBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Tests.Scheduling;

/// <summary>
/// A delivery whose next click has a fan-out to three chats: the status card's redraw in the team chat, the PLA's 1:1
/// card and the DM's note. The tests that stop the bot in the middle of it (SIGKILL, SIGTERM) share it.
/// </summary>
internal static class FanOutSeed
{
    public const string StatusCard = "m-status";
    public const string TeamChat = "19:team";
    public static readonly Person Pla = ReminderSeed.Pla(1), Ds = ReminderSeed.Ds(1);

    /// <summary>
    /// The Deployment Specialist acknowledges the schedule on the gate card in the team chat, as Teams sends it.
    /// </summary>
    public static string Click(Uri serviceUrl) => JsonSerializer.Serialize(new
    {
        type = "invoke",
        name = "adaptiveCard/action",
        id = "click-1",
        replyToId = "m-gate",
        channelId = "msteams",
        serviceUrl = serviceUrl.ToString(),
        from = new { id = $"29:{Ds.ObjectId}", name = Ds.DisplayName, aadObjectId = Ds.ObjectId },
        recipient = new { id = "28:bot", name = "DeliveryBot" },
        conversation = new { id = TeamChat, conversationType = "groupChat", tenantId = ReminderSeed.Tenant },
        channelData = new { tenant = new { id = ReminderSeed.Tenant } },
        value = new
        {
            action = new
            {
                type = "Action.Execute", verb = "gate.acknowledge",
                data = new
                {
                    card = "gate",
                    deliveryId = "D1",
                    focus = StageCatalog.Checks.ScheduleAcknowledgedByDeployment.Key,
                    version = 6,
                },
            },
        },
    });

    /// <summary>
    /// D1 with its schedule just published and acknowledged by the PLA (version 6), its status card in the team chat.
    /// </summary>
    public static Task SeedAsync(string connectionString, Uri serviceUrl, DateTimeOffset now)
        => ReminderSeed.WithStorageAsync(StorageProvider.Sqlite, connectionString, async services =>
        {
            var today = DateOnly.FromDateTime(now.UtcDateTime);
            var intake = new Intake(
                Client: "Contoso Ltd",
                DigitalTalent: "Agent 1",
                Scope: "An agent.",
                IntakeDate: today,
                AgreedDeliveryDate: today.AddDays(60),
                TimelineExpectations: null,
                ClientIntakeManager: Ivy,
                Settings: new DeliverySettings { Calendar = ReminderSeed.RoundTheClock },
                OtherStakeholders:
                [
                    new(Role.ProductionLineArchitect, Pla),
                    new(Role.QaEngineer, Quinn),
                    new(Role.DeploymentSpecialist, Ds),
                    new(Role.Cto, Clara),
                ]);
            var commands = 0;
            CommandMeta Meta(Person who) => new($"seed-{++commands}", who, now, "seed");
            // opened in the tenant the click comes from
            var delivery = Delivery.Open("D1", intake, Meta(Dana), ReminderSeed.Tenant);
            foreach (var (who, command) in new (Person, DeliveryCommand)[]
            {
                (Dana, new AcknowledgeGate(StageCatalog.Checks.RequirementsUnambiguous.Key)),
                (Ivy, new AcknowledgeGate(StageCatalog.Checks.ClientTimelineAcknowledged.Key)),
                (Dana, new PlanDelivery(ReminderSeed.Schedule(today))),
                (Dana, new PublishSchedule()),
                (Pla, new AcknowledgeGate(StageCatalog.Checks.ScheduleAcknowledgedByPla.Key)),
            })
                Assert.True(delivery.Execute(command, Meta(who)).Changed, command.Action);
            Assert.Equal(6, delivery.Version);
            await services.GetRequiredService<IDeliveryStore>().ImportAsync([delivery], now);
            await ReminderSeed.ChatsAsync(services, serviceUrl, now, [Dana, Pla, Ds]);
            await services.GetRequiredService<IConversationStore>().SavePostedCardAsync(
                new PostedCard(
                    DeliveryId: delivery.Key,
                    Template: "status",
                    Focus: "",
                    ServiceUrl: serviceUrl.ToString(),
                    ConversationId: TeamChat,
                    ActivityId: StatusCard,
                    TenantId: ReminderSeed.Tenant,
                    PostedAt: now));
        });

    /// <summary>
    /// The click's fan-out still unsent (nor given up on), read from the bot's file: its kinds and when each was due.
    /// Only the rows the click wrote, keyed under D1's key: the weekly digest the scheduler writes at start is not the
    /// click's, and fails and waits a retry (30 s and more) when it runs before the click has shown the bot the tenant.
    /// </summary>
    public static async Task<IReadOnlyList<string>> UnsentFanOutAsync(string connectionString)
    {
        await using var db = new Microsoft.Data.Sqlite.SqliteConnection($"{connectionString};Mode=ReadOnly");
        await db.OpenAsync();
        await using var query = db.CreateCommand();
        // a delivery's key is '{tenant}/D1'; what a change of it sends is keyed '{tenant}/D1:...'
        query.CommandText = "SELECT kind, due_at FROM outbox WHERE idempotency_key LIKE '%/D1:%' AND sent_at IS NULL "
            + "AND dead = 0";
        await using var r = await query.ExecuteReaderAsync();
        var unsent = new List<string>();
        while (await r.ReadAsync())
            unsent.Add($"{r.GetString(0)} due {DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)):HH:mm:ss}");
        return unsent;
    }

    /// <summary>
    /// Until when the click's fan-out is claimed, at the latest: when a claim left in place would lapse.
    /// </summary>
    public static async Task<DateTimeOffset> FanOutClaimedUntilAsync(string connectionString)
    {
        await using var db = new Microsoft.Data.Sqlite.SqliteConnection($"{connectionString};Mode=ReadOnly");
        await db.OpenAsync();
        await using var query = db.CreateCommand();
        query.CommandText =
            "SELECT MAX(lease_until) FROM outbox WHERE idempotency_key LIKE '%/D1:%' AND sent_at IS NULL";
        return DateTimeOffset.FromUnixTimeMilliseconds((long)(await query.ExecuteScalarAsync())!);
    }

    /// <summary>
    /// Waits until the running bot has recorded the click's whole fan-out as sent, looking at its database every
    /// 100 ms (it is another process), for 30 s at most: a second copy of anything would have been sent by then.
    /// </summary>
    public static async Task FanOutSentAsync(string connectionString)
    {
        IReadOnlyList<string> unsent = [];
        for (var look = 0; look < 300; look++)
        {
            unsent = await UnsentFanOutAsync(connectionString);
            if (unsent.Count == 0) return;
            await Task.Delay(100);
        }
        Assert.Fail($"After 30 s the bot still had {unsent.Count} messages of the click's fan-out unsent: "
            + string.Join(", ", unsent));
    }

    /// <summary>Waits for <paramref name="done"/> at the connector, 60 s at most, saying what it had then.</summary>
    public static async Task Until(RecordingConnector connector, Func<bool> done, string what)
    {
        try
        {
            await connector.Until(done).WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Waited 60 s for {what}; the connector had taken {connector.Count} messages " +
                        $"({string.Join(", ", connector.Posts.Select(p => p.Conversation))}) " +
                        $"and {connector.Updates.Count} updates, {connector.Waiting} calls held.");
        }
    }
}
