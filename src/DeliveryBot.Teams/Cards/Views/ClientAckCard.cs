using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.People;
using DeliveryBot.Teams.Cards.Templating;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>
/// Stage 6 gate (cards/client-ack.json): the client acknowledges receipt with their feedback, or the DM records it
/// with its evidence (date, channel, the client's words).
/// </summary>
internal sealed class ClientAckCard : IDeliveryCard
{
    public sealed record View(
        CardHeader Header,
        string Handover,
        bool Open,
        string Acknowledged,
        string Feedback,
        IReadOnlyList<string> Satisfactions);

    public static readonly IReadOnlyList<string> Satisfactions =
        ["Very satisfied", "Satisfied", "Neutral", "Dissatisfied"];

    public string Template => Templates.ClientAck;

    public bool Accepts(string focus) => focus.Length == 0;

    public IReadOnlyList<Subject> AsksAbout(string focus) => Asks;

    /// <summary>Its buttons acknowledge receipt, the client's own or recorded by the DM with its evidence.</summary>
    private static readonly IReadOnlyList<Subject> Asks =
        Delivery.AsksAbout(new AcknowledgeGate(StageCatalog.Checks.ClientReceipt.Key));

    public DataObject Draw(Delivery delivery, string focus, CardContext context)
    {
        var ack = delivery.State.ClientAcknowledgement;
        var sent = delivery.HandoverSent;
        return CardText.Data(new View(
            Header: CardText.Header(delivery, Stage.ClientHandover, "Confirm the handover reached the client."),
            Handover: sent is null
                ? "The handover communication has not been sent yet."
                : $"Handover sent {delivery.Time(sent.SentAt)} ({sent.Channel}).",
            Open: Open(delivery),
            Acknowledged: ack is null ? "" : ack.Evidence is { } e
                ? $"Receipt recorded by {ack.RecordedBy} at {delivery.Time(ack.RecordedAt)}: "
                    + $"the client confirmed on {CardText.Date(e.Date)} by {e.Channel}: \"{e.Quote}\""
                : $"Receipt acknowledged by {ack.RecordedBy} at {delivery.Time(ack.RecordedAt)}",
            Feedback: ack?.FeedbackText ?? "",
            Satisfactions: Satisfactions));
    }

    public IReadOnlyList<Person> Actors(Delivery delivery, string focus, DateTimeOffset now)
        => Open(delivery)
            ? [.. delivery.ActorsFor(Role.ClientContact, now), .. delivery.ActorsFor(Role.DeliveryManager, now)]
            : [];

    public bool IsOver(Delivery delivery, string focus) => CardLifecycle.StageOver(delivery, Stage.ClientHandover);

    private static bool Open(Delivery delivery)
        => delivery.State.ClientAcknowledgement is null && delivery.HandoverSent is not null && !delivery.IsClosed;
}
