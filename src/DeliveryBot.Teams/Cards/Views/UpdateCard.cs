using System.Text.Json.Nodes;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.Domain.Rendering;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>
/// A client message drafted from the record, for the DM to send and mark sent (cards/update.json). Focus: the kind,
/// StatusUpdate or DelayNotice (the initial and handover communications live on the planning and handover cards).
/// </summary>
internal sealed class UpdateCard : IDeliveryCard
{
    public sealed record View(CardHeader Header, string Kind, string Draft, IReadOnlyList<string> Sent, string Summary);

    public static readonly IReadOnlyList<CommunicationType> Kinds =
        [CommunicationType.StatusUpdate, CommunicationType.DelayNotice];

    public string Template => Templates.Update;

    public bool Accepts(string focus) => Kinds.Any(k => k.ToString() == focus);

    public JsonObject Draw(Delivery delivery, string focus, CardContext context)
    {
        var kind = Enum.Parse<CommunicationType>(focus);
        return CardText.Data(new View(
            Header: CardText.Header(
                delivery, delivery.CurrentStage, "Send it to the client, then mark it sent so the record logs it."),
            Kind: kind.Title(),
            Draft: kind == CommunicationType.DelayNotice
                ? ClientMessages.DelayNoticeDraft(delivery, context.Now)
                : ClientMessages.StatusUpdateDraft(delivery, context.Now, TextFormat.Plain),
            Sent: [.. delivery.State.StatusUpdates
                .TakeLast(5)
                .Select(u => $"{delivery.Time(u.SentAt)} {u.Type.Title()} ({u.Channel}): {u.Summary}")],
            Summary: $"{kind.Title()}: {delivery.Status.Label()}, {delivery.CurrentStage.Title()}"));
    }

    public IReadOnlyList<Person> Actors(Delivery delivery, string focus, DateTimeOffset now)
        => delivery.IsClosed ? [] : delivery.ActorsFor(Role.DeliveryManager, now);
}
