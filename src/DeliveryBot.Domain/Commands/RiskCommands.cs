using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Domain.Commands;

/// <summary>A risk or dependency added to the risk register.</summary>
public sealed record AddRisk(
    string Description, Level Likelihood, Level Impact, string Mitigation, bool ConcernsClient = false)
    : DeliveryCommand
{
    public override string Action => "add-risk";

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.DeliveryManager, Role.ProductionLineArchitect);
        Known.Value(Likelihood, "likelihood");
        Known.Value(Impact, "impact");
        var risk = new Risk(
            Id: $"R{delivery.State.Risks.Count + 1}",
            Description: UserText.Required(Description, "The risk", UserText.Paragraph),
            Likelihood,
            Impact,
            Mitigation: UserText.Required(Mitigation, "The mitigation", UserText.Paragraph),
            ConcernsClient,
            RaisedAt: meta.At,
            RaisedBy: meta.Actor);
        delivery.Change(s => s with { Risks = s.Risks.Add(risk) });
        return $"Risk {risk.Id} added ({Likelihood} likelihood, {Impact} impact): {risk.Description}";
    }
}

/// <summary>A risk that no longer applies; it stays in the register, marked closed.</summary>
public sealed record CloseRisk(string RiskId) : DeliveryCommand
{
    public override string Action => "close-risk";

    internal override string? AlreadyDecided(Delivery delivery)
        => delivery.State.Risks.Find(r => r.Id.Equals(RiskId, StringComparison.OrdinalIgnoreCase))
                is { ClosedAt: { } at } r
            ? $"Risk {r.Id} was closed at {delivery.Time(at)}."
            : null;

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.DeliveryManager);
        var risk = delivery.State.Risks.Find(r => r.Id.Equals(RiskId, StringComparison.OrdinalIgnoreCase))
            ?? throw new RuleViolation($"There is no risk {RiskId} on delivery {delivery.Id}.");
        delivery.Change(s => s with { Risks = s.Risks.Replace(risk, risk with { ClosedAt = meta.At }) });
        return $"Risk {risk.Id} closed.";
    }
}
