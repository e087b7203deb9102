using System.Text.Json;
using DeliveryBot.Application.Messages;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Policies;
using DeliveryBot.Domain.Record;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Storage.Tests.Application;

/// <summary>
/// Every kind of outbox message is written as the reflection serializer wrote it (rows written before are read as they
/// were, rows written now read by an older instance), and reads back as the message it was.
/// </summary>
public sealed class OutboxPayloadTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 14, 2, 3, 456, TimeSpan.FromHours(1));

    /// <summary>How payloads were written before: System.Text.Json's reflection, web defaults.</summary>
    private static readonly JsonSerializerOptions Reflection = new(JsonSerializerDefaults.Web);

    private static readonly Person Client = Person.Create(null, "ivy@client.test", "Ivy", "Europe/London");

    public static TheoryData<OutgoingMessage> Messages() => new()
    {
        new ReminderMessage("t1/D1", ReminderKind.GateNudge, "D1:nudge:1", "Acknowledge the schedule", "ref", Pablo)
        {
            FellDueAt = At,
        },
        new ReminderMessage("t1/D1", ReminderKind.GateNudge, "k", "s", Reference: null, Dana),
        new Notice("t1/D1", "**D1** · \"quoted\" <b>é</b>\n\nline", Dana) { TenantId = "t1" },
        new Notice("t1/D1", "plain", Client),
        new TurnCard(
            "t1/D1", Pablo, Sam,
            new PendingAction(Role.ProductionLineArchitect, "Acknowledge", At, "schedule-acknowledged-by-pla")
            {
                Kind = ActionKind.Remediate,
                Subject = "schedule",
            },
            new CardName("gate", "schedule-acknowledged-by-pla"), "t1"),
        new CardRedraw("t1/D1", 42),
        new CardMoved("t1/D1", "status", "https://smba.example/", "19:c@thread.v2", "a1", TenantId: null),
        new InformationCard("t1/D1", Dana, new CardName("schedule"), "The schedule was shared", "t1"),
        new ClientMessage(
            "t1/D1", "send-1", CommunicationType.StatusUpdate, ClientChannel.Email, Client, "dm@contoso.test",
            "Weekly update", "All on track.", "t1"),
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void A_message_is_written_as_the_reflection_serializer_wrote_it_and_reads_back_as_it_was(
        OutgoingMessage message)
    {
        var reflected = JsonSerializer.Serialize(message, message.GetType(), Reflection);

        var written = OutboxPayload.Write(message);
        var row = OutboxKinds.Row(message, "key", "lane", At);

        Assert.Equal(reflected, written);
        Assert.Equal(message, OutboxKinds.Read(row));
        Assert.Equal(message, OutboxKinds.Read(row with { Payload = reflected }));
    }

    [Fact]
    public void A_payload_that_does_not_read_is_no_message_not_an_exception()
    {
        var row = OutboxKinds.Row(new CardRedraw("t1/D1", 1), "key", "lane", At);

        Assert.Null(OutboxKinds.Read(row with { Payload = "{\"deliveryId\": 12" }));
        Assert.Null(OutboxKinds.Read(row with { Kind = "carrier-pigeon" }));
    }
}
