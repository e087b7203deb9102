using System.Text.Json.Nodes;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.Domain.Rendering;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>
/// A client message drafted from the record, for the DM to have the bot send to the client contact (Send, where it
/// can), or to send and mark sent (cards/update.json). Focus: the kind, StatusUpdate or DelayNotice (the initial and
/// handover communications live on the planning and handover cards).
/// </summary>
internal sealed class UpdateCard : IDeliveryCard
{
    public sealed record View(
        CardHeader Header,
        string Kind,
        string Draft,
        IReadOnlyList<string> Sent,
        string Summary,
        bool CanSend,
        string SendTo);

    public static readonly IReadOnlyList<CommunicationType> Kinds =
        [CommunicationType.StatusUpdate, CommunicationType.DelayNotice];

    public string Template => Templates.Update;

    public bool Accepts(string focus) => Kinds.Any(k => k.ToString() == focus);

    public JsonObject Draw(Delivery delivery, string focus, CardContext context)
    {
        var kind = Enum.Parse<CommunicationType>(focus);
        var (canSend, sendTo) = ClientSend.For(delivery, kind, context);
        return CardText.Data(new View(
            Header: CardText.Header(
                delivery,
                delivery.CurrentStage,
                delivery.BeingSent(kind) is { } sending
                    ? $"It is being sent to {sending.To}; this card shows whether it went."
                    : canSend
                        ? "Send it to the client from here, or send it yourself and mark it sent so the record logs it."
                        : "Send it to the client, then mark it sent so the record logs it."),
            Kind: kind.Title(),
            Draft: kind == CommunicationType.DelayNotice
                ? ClientMessages.DelayNoticeDraft(delivery, context.Now)
                : ClientMessages.StatusUpdateDraft(delivery, context.Now, TextFormat.Plain),
            Sent: [.. delivery.State.StatusUpdates
                .TakeLast(5)
                .Select(u => ClientSend.Line(delivery, u))],
            Summary: $"{kind.Title()}: {delivery.Status.Label()}, {delivery.CurrentStage.Title()}",
            CanSend: canSend,
            SendTo: sendTo));
    }

    public IReadOnlyList<Person> Actors(Delivery delivery, string focus, DateTimeOffset now)
        => delivery.IsClosed ? [] : delivery.ActorsFor(Role.DeliveryManager, now);
}
