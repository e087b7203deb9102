using System.Text.Json;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.Storage;
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

}
