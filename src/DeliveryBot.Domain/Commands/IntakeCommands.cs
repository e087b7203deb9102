using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Domain.Commands;

/// <summary>
/// Stage 1: the DM notes an ambiguity in the requirements, to resolve with the Client Intake Manager.
/// </summary>
public sealed record RaiseAmbiguity(string Question) : DeliveryCommand
{
    public override string Action => "raise-ambiguity";

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.DeliveryManager, Role.ClientIntakeManager);
        delivery.RequireActive(Stage.IntakeHandoff);
        var ambiguity = new Ambiguity(
            $"A{delivery.State.Ambiguities.Count + 1}",
            UserText.Required(Question, "The question", UserText.Paragraph),
            meta.At);
        delivery.Change(s => s with { Ambiguities = s.Ambiguities.Add(ambiguity) });
        delivery.Withdraw([StageCatalog.Checks.RequirementsUnambiguous], meta, $"ambiguity {ambiguity.Id} was raised");
        return $"Ambiguity {ambiguity.Id} recorded: {ambiguity.Question}";
    }
}

/// <summary>Stage 1: an ambiguity resolved with the Client Intake Manager.</summary>
public sealed record ResolveAmbiguity(string AmbiguityId, string Resolution) : DeliveryCommand
{
    public override string Action => "resolve-ambiguity";

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.DeliveryManager, Role.ClientIntakeManager);
        delivery.RequireActive(Stage.IntakeHandoff);
        var ambiguity = delivery.State.Ambiguities
                .Find(a => string.Equals(a.Id, AmbiguityId, StringComparison.OrdinalIgnoreCase))
            ?? throw new RuleViolation($"There is no ambiguity {AmbiguityId} on delivery {delivery.Id}.");
        if (!ambiguity.IsOpen)
            throw new RuleViolation($"Ambiguity {ambiguity.Id} is already resolved: {ambiguity.Resolution}");
        var resolved = ambiguity with
        {
            Resolution = UserText.Required(Resolution, "The resolution", UserText.Paragraph),
            ResolvedBy = meta.Actor,
        };
        delivery.Change(s => s with { Ambiguities = s.Ambiguities.Replace(ambiguity, resolved) });
        return $"Ambiguity {ambiguity.Id} resolved by {meta.Actor}: {resolved.Resolution}";
    }
}

/// <summary>
/// The agreed delivery date: set during intake (the client then acknowledges the timeline again), or moved
/// later with a reason, audited. Once the handover is sent it is history.
/// </summary>
public sealed record AgreeDeliveryDate(DateOnly Date, string? Reason = null) : DeliveryCommand
{
    public override string Action => "agree-delivery-date";

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.DeliveryManager);
        Known.Date(Date, delivery.State.IntakeDate, "The agreed delivery date");
        if (delivery.HandoverSent is not null)
            throw new RuleViolation("The handover was already sent; the delivery date is history.");
        var previous = delivery.State.AgreedDeliveryDate;
        if (previous == Date) throw new RuleViolation($"The agreed delivery date is already {Date:yyyy-MM-dd}.");
        var reason = previous is null
            ? UserText.Optional(Reason, "The reason", UserText.Paragraph)
            : UserText.Required(Reason, "The reason for moving the agreed date", UserText.Paragraph);
        delivery.Change(s => s with { AgreedDeliveryDate = Date });
        delivery.Withdraw([StageCatalog.Checks.ClientTimelineAcknowledged], meta, "the agreed delivery date changed");
        var moved = previous is { } old ? $" (was {old:yyyy-MM-dd})" : "";
        return $"Agreed delivery date set to {Date:yyyy-MM-dd}{moved}{(reason is null ? "." : $": {reason}")}";
    }
}
