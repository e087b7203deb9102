using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.People;
using DeliveryBot.Teams.Cards.Templating;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>
/// A delivery its Client Intake Manager opened naming a Delivery Manager, for that DM (cards/manager.json): what it
/// is, who named them and who else is on it; Confirm (stage 1 starts, everyone gets their cards) or Decline with a
/// reason (the CIM is told; the delivery is closed, never started).
/// </summary>
internal sealed class ManagerCard : IDeliveryCard
{
    public sealed record View(CardHeader Header, string Scope, IReadOnlyList<Fact> Facts, bool Awaiting, string Answer);

    public string Template => Templates.Manager;

    public bool Accepts(string focus) => focus.Length == 0;

    public IReadOnlyList<Subject> AsksAbout(string focus) => Asks;

    /// <summary>Its buttons confirm and decline: who was named, and whether the intake has started.</summary>
    private static readonly IReadOnlyList<Subject> Asks =
        Delivery.AsksAbout(new ConfirmManagement(), new DeclineManagement(""));

    public DataObject Draw(Delivery delivery, string focus, CardContext context)
    {
        var s = delivery.State;
        var proposal = s.Proposal;
        var requirements = s.Requirements is { } r
            ? $"{r.Link} (signed off {CardText.Date(r.SignedOffOn)}{(r.SignedOffBy is { } by ? $" by {by}" : "")})"
            : "not handed over yet";
        Fact[] facts =
        [
            new("Named by", proposal is null ? "—" : $"{proposal.ProposedBy} (Client Intake Manager), "
                + $"{delivery.Time(proposal.At)}"),
            new("Intake date", CardText.Date(s.IntakeDate)),
            new("Agreed delivery date", CardText.Date(s.AgreedDeliveryDate)),
            new("Requirements", requirements),
            .. RoleNames.All
                .Where(role => role != Role.DeliveryManager && delivery.HoldersOf(role).Count > 0)
                .Select(role => new Fact(role.Title(), CardText.Names(delivery, role, context.Now))),
        ];
        return CardText.Data(new View(
            Header: CardText.Header(delivery, Stage.IntakeHandoff, proposal is { IsAwaiting: true }
                ? "You are named its Delivery Manager: confirm you run it, or decline and say why."
                : ""),
            Scope: s.Scope,
            Facts: facts,
            Awaiting: proposal is { IsAwaiting: true },
            Answer: proposal switch
            {
                { ConfirmedAt: { } at } => $"✅ Confirmed by {delivery.HolderOf(Role.DeliveryManager)} at "
                    + $"{delivery.Time(at)}: stage 1 (Intake handoff) started.",
                { DeclinedAt: { } at, DeclineReason: var why } => $"⛔ Declined by "
                    + $"{delivery.HolderOf(Role.DeliveryManager)} at {delivery.Time(at)}: {why?.TrimEnd('.')}. "
                    + "The delivery is closed.",
                null => $"{delivery.Id} was opened by its Delivery Manager: there is nothing to confirm.",
                _ => "",
            }));
    }

    public IReadOnlyList<Person> Actors(Delivery delivery, string focus, DateTimeOffset now)
        => delivery.AwaitsManager ? delivery.ActorsFor(Role.DeliveryManager, now) : [];

    public bool IsOver(Delivery delivery, string focus) => !delivery.AwaitsManager;
}
