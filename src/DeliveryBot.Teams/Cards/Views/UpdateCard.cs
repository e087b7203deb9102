using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Policies;
using DeliveryBot.Domain.Record;
using DeliveryBot.Domain.Rendering;
using DeliveryBot.Teams.Cards.Templating;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>
/// A client message drafted from the record, for the DM to have the bot send to the client contact (Send, where it
/// can), or to send and mark sent (cards/update.json). Focus: the kind, StatusUpdate or DelayNotice (the initial and
/// handover communications live on the planning and handover cards), or a message of the release's communication plan:
/// the changelog email goes to the client like the others, the internal ones are posted to the stakeholders (Post).
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
        string SendTo,
        string Audience,
        bool CanPost,
        string PostTo);

    public static readonly IReadOnlyList<CommunicationType> Kinds =
        [CommunicationType.StatusUpdate, CommunicationType.DelayNotice, .. CommunicationPlan.Types];

    public string Template => Templates.Update;

    public bool Accepts(string focus) => Kinds.Any(k => k.ToString() == focus);

    /// <summary>The messages of its own kind (logged, sent, posted): what its buttons ask about.</summary>
    public IReadOnlyList<Subject> AsksAbout(string focus)
        => Enum.TryParse<CommunicationType>(focus, ignoreCase: false, out var kind) ? [Subject.Of(kind)] : Subject.All;

    public DataObject Draw(Delivery delivery, string focus, CardContext context)
    {
        var kind = Enum.Parse<CommunicationType>(focus);
        var internalOnly = CommunicationPlan.IsInternal(kind);
        var (canSend, sendTo) = internalOnly ? (false, "") : ClientSend.For(delivery, kind, context);
        var audience = internalOnly ? CommunicationPlan.Audience(delivery, kind, Person.System, context.Now) : [];
        var dms = delivery.ActorsFor(Role.DeliveryManager, context.Now);
        // the DM who posts it is not posted to; the card names the others
        var postTo = audience.Where(p => !dms.Any(p.IsSameAs)).ToList();
        var item = CommunicationPlan.Of(delivery).FirstOrDefault(i => i.Type == kind);
        var went = item?.Went is { IsSent: true };
        // a plan message before the window is confirmed has no buttons to send it: the domain would refuse them
        var open = !CommunicationPlan.IsPlanned(kind) || (item is not null && !went);
        return CardText.Data(new View(
            Header: CardText.Header(
                delivery,
                delivery.CurrentStage,
                delivery.BeingSent(kind) is { } sending
                    ? $"It is being sent to {sending.To}; this card shows whether it went."
                    : went ? $"It went ({CommunicationPlan.When(kind)}, to {CommunicationPlan.Who(kind)})."
                    : internalOnly
                        ? "Post it to the stakeholders from here, or send it yourself and mark it sent so the record "
                            + "logs it."
                    : canSend
                        ? "Send it to the client from here, or send it yourself and mark it sent so the record logs it."
                        : "Send it to the client, then mark it sent so the record logs it."),
            Kind: kind.Title(),
            Draft: ClientMessages.Draft(delivery, kind, context.Now, TextFormat.Plain),
            Sent: [.. delivery.State.StatusUpdates
                .TakeLast(5)
                .Select(u => ClientSend.Line(delivery, u))],
            Summary: $"{kind.Title()}: {delivery.Status.Label()}, {delivery.CurrentStage.Title()}",
            CanSend: canSend && open,
            SendTo: sendTo,
            Audience: CommunicationPlan.IsPlanned(kind)
                ? $"{CommunicationPlan.Who(kind)} ({CommunicationPlan.When(kind)})"
                : "the client",
            CanPost: internalOnly && open && postTo.Count > 0,
            PostTo: postTo.Count == 0 ? ""
                : $"Post to the stakeholders posts it in Teams to {string.Join(", ", postTo)}, as a message from the "
                    + "bot."));
    }

    public IReadOnlyList<Person> Actors(Delivery delivery, string focus, DateTimeOffset now)
        => delivery.IsClosed ? [] : delivery.ActorsFor(Role.DeliveryManager, now);
}
