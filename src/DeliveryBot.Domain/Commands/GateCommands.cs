using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;

namespace DeliveryBot.Domain.Commands;

/// <summary>
/// The holder of a gate check's role acknowledges it: requirements unambiguous, client timeline
/// acknowledged, schedule acknowledged (PLA, Deployment Specialist), production complete, deployment
/// succeeded. QA verdicts, client receipt and the review have commands of their own.
/// </summary>
public sealed record AcknowledgeGate(string CheckKey) : DeliveryCommand
{
    private static readonly GateCheck[] HaveOwnCommand = [Checks.QaPass, Checks.ClientReceipt, Checks.ReviewComplete];

    public override string Action => "acknowledge-gate";

    internal override string? AlreadyDecided(Delivery delivery)
        => FindCheck(CheckKey) is { } check && delivery.DecisionFor(check) is { } first
            ? $"{check.DoneVerb} by {first.By} at {delivery.Time(first.At)}."
            : null;

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        var check = FindCheck(CheckKey) ?? throw new RuleViolation($"There is no gate check '{CheckKey}'.");
        if (HaveOwnCommand.Contains(check))
            throw new RuleViolation($"'{check.Key}' is decided with its own action, not an acknowledgement.");
        delivery.Require(meta, check.Role);
        delivery.RequireActive(check.Stage);
        delivery.RequireReady(check);
        delivery.Decide(check, meta);
        return $"{check.DoneVerb} by {meta.Actor} at {delivery.Time(meta.At)}.";
    }
}

/// <summary>The DM skips a stage with a documented rationale. Stage 4 (QA) can never be skipped.</summary>
public sealed record SkipStage(Stage Stage, string Rationale) : DeliveryCommand
{
    public override string Action => "skip-stage";

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, People.Role.DeliveryManager);
        Known.Value(Stage, "stage");
        var rationale = UserText.Required(Rationale, "The rationale for skipping", UserText.Paragraph);
        delivery.Skip(Stage, meta, rationale);
        return $"Stage {(int)Stage} ({Stage.Title()}) skipped by {meta.Actor}: {rationale}";
    }
}
