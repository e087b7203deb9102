using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Domain.Commands;

/// <summary>Stage 1: the DM notes an ambiguity in the requirements, to resolve with the Client Intake Manager.</summary>
public sealed record RaiseAmbiguity(string Question) : DeliveryCommand
{
    public override string Action => "raise-ambiguity";

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.DeliveryManager, Role.ClientIntakeManager);
        delivery.RequireActive(Stage.IntakeHandoff);
        var ambiguity = new Ambiguity($"A{delivery.State.Ambiguities.Count + 1}", UserText.Required(Question, "The question", UserText.Paragraph), meta.At);
        delivery.Change(s => s with { Ambiguities = s.Ambiguities.Add(ambiguity) });
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
        var ambiguity = delivery.State.Ambiguities.Find(a => string.Equals(a.Id, AmbiguityId, StringComparison.OrdinalIgnoreCase))
            ?? throw new RuleViolation($"There is no ambiguity {AmbiguityId} on delivery {delivery.Id}.");
        if (!ambiguity.IsOpen) throw new RuleViolation($"Ambiguity {ambiguity.Id} is already resolved: {ambiguity.Resolution}");
        var resolved = ambiguity with { Resolution = UserText.Required(Resolution, "The resolution", UserText.Paragraph), ResolvedBy = meta.Actor };
        delivery.Change(s => s with { Ambiguities = s.Ambiguities.Replace(ambiguity, resolved) });
        return $"Ambiguity {ambiguity.Id} resolved by {meta.Actor}: {resolved.Resolution}";
    }
}
