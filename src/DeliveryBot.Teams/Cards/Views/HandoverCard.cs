using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.Domain.Rendering;
using DeliveryBot.Teams.Cards.Templating;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>
/// Stage 6, for the DM (cards/handover.json): the handover package, then the handover communication.
/// </summary>
internal sealed class HandoverCard : IDeliveryCard
{
    public sealed record Package(string Scope, string Access, string Configuration, string Support);

    public sealed record View(
        CardHeader Header,
        string State,
        Package Package,
        bool Active,
        bool Prepared,
        bool Sent,
        string Draft,
        string Summary,
        bool CanSend,
        string SendTo);

    public string Template => Templates.Handover;

    public bool Accepts(string focus) => focus.Length == 0;

    /// <summary>The handover package, its stage and the handover communication: what its buttons ask about.</summary>
    public IReadOnlyList<Subject> AsksAbout(string focus) => Asks;

    private static readonly IReadOnlyList<Subject> Asks =
    [
        .. Delivery.AsksAbout(new PrepareHandover(new HandoverPackage("", "", "", ""))),
        Subject.Of(CommunicationType.HandoverCommunication),
    ];

    public DataObject Draw(Delivery delivery, string focus, CardContext context)
    {
        var s = delivery.State;
        var p = s.Handover;
        var sent = delivery.HandoverSent;
        // a send of the bot's under way or failed (a failed one leaves the buttons to mark it sent or send it again)
        var sending = s.StatusUpdates.FindLast(
            u => u.Type == CommunicationType.HandoverCommunication && u.SendId is not null && !u.IsSent);
        var (canSend, sendTo) = ClientSend.For(delivery, CommunicationType.HandoverCommunication, context);
        return CardText.Data(new View(
            Header: CardText.Header(delivery, Stage.ClientHandover, p is null
                ? "Prepare the handover package."
                : sent is null ? "Send the handover communication to the client." : ""),
            State: sent is not null
                ? $"Handover communication sent {delivery.Time(sent.SentAt)} ({sent.Channel}): {sent.Summary}"
                : sending is not null
                    ? $"Handover communication to {sending.To} {sending.Outcome(delivery.Time)}."
                : p is not null
                    ? "Package prepared; the handover communication is next."
                    : "Every part of the package is required.",
            Package: new Package(
                p?.ScopeConfirmation ?? "",
                p?.AccessInstructions ?? "",
                p?.ConfigurationNotes ?? "",
                p?.SupportAndNextSteps ?? ""),
            Active: delivery.IsActive(Stage.ClientHandover),
            Prepared: p is not null,
            // while the bot sends it, the package stays as it is and nothing else is sent
            Sent: sent is not null || sending is { State: CommunicationState.Sending },
            Draft: ClientMessages.HandoverCommunicationDraft(delivery),
            Summary: $"Handover package sent to {s.Client}",
            CanSend: canSend,
            SendTo: sendTo));
    }

    public IReadOnlyList<Person> Actors(Delivery delivery, string focus, DateTimeOffset now)
        => delivery.IsActive(Stage.ClientHandover) && delivery.HandoverSent is null
            ? delivery.ActorsFor(Role.DeliveryManager, now)
            : [];

    public bool IsOver(Delivery delivery, string focus)
        => CardLifecycle.StageOver(delivery, Stage.ClientHandover);
}
