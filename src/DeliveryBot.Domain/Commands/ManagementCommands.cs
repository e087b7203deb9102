using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Commands;

/// <summary>
/// The Delivery Manager the Client Intake Manager named takes the delivery on: stage 1 starts, and with it everyone's
/// cards and the reminders.
/// </summary>
public sealed record ConfirmManagement : DeliveryCommand
{
    public override string Action => "confirm-management";

    internal override bool AllowedWhileProposed => true;

    internal override string? AlreadyDecided(Delivery delivery) => delivery.State.Proposal switch
    {
        { ConfirmedAt: { } at } => $"{delivery.HolderOf(Role.DeliveryManager)} already confirmed they run delivery "
            + $"{delivery.Id} ({delivery.Time(at)}).",
        { DeclinedAt: { } } p => $"Delivery {delivery.Id} was already declined: {p.DeclineReason}",
        _ => null,
    };

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        if (delivery.State.Proposal is null)
            throw new RuleViolation($"Delivery {delivery.Id} was opened by its Delivery Manager: nothing to confirm.");
        delivery.Require(meta, Role.DeliveryManager);
        delivery.Change(s => s with { Proposal = s.Proposal! with { ConfirmedAt = meta.At } });
        delivery.Start(Stage.IntakeHandoff, meta);
        var confirmed = $"{meta.Actor} confirmed they run delivery {delivery.Id}. Stage 1 (Intake handoff) started.";
        delivery.Raise(new ManagerAnswered(delivery.State.Proposal!.ProposedBy, Confirmed: true, confirmed));
        return confirmed;
    }
}

/// <summary>
/// The Delivery Manager named declines, with a reason the Client Intake Manager is told: the delivery never starts. It
/// is closed at once, so that it is not listed or counted with the live deliveries; its record keeps who proposed it,
/// who declined and why.
/// </summary>
public sealed record DeclineManagement(string Reason) : DeliveryCommand
{
    public override string Action => "decline-management";

    internal override bool AllowedWhileProposed => true;

    internal override string? AlreadyDecided(Delivery delivery) => new ConfirmManagement().AlreadyDecided(delivery);

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        if (delivery.State.Proposal is null)
            throw new RuleViolation($"Delivery {delivery.Id} was opened by its Delivery Manager: nothing to decline.");
        delivery.Require(meta, Role.DeliveryManager);
        var reason = UserText.Required(Reason, "The reason", UserText.Paragraph);
        delivery.Change(s => s with
        {
            Proposal = s.Proposal! with { DeclinedAt = meta.At, DeclineReason = reason },
            ClosedAt = meta.At,
        });
        var declined = $"{meta.Actor} declined to run delivery {delivery.Id}: {reason}";
        delivery.Raise(new ManagerAnswered(delivery.State.Proposal!.ProposedBy, Confirmed: false, declined));
        return declined;
    }
}
