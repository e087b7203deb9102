using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Domain.Commands;

/// <summary>
/// Stage 4: the QA Engineer's verdict on one attempt. PASS certifies and opens deployment; FAIL needs the
/// failure report. Only the QA Engineer (or their delegate) decides: no one acts for QA, no exceptions.
/// </summary>
public sealed record RecordQaVerdict(int Attempt, QaVerdict Verdict, string? FailureReport = null) : DeliveryCommand
{
    public override string Action => "qa-verdict";

    internal override string? AlreadyDecided(Delivery delivery)
        => delivery.State.QaAttempts.Find(a => a.Number == Attempt) is { Verdict: { } verdict } decided
            ? $"QA attempt {decided.Number}: {verdict.ToString().ToUpperInvariant()} " +
                $"recorded by {decided.DecidedBy} at {delivery.Time(decided.DecidedAt!.Value)}."
            : null;

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.QaEngineer);
        delivery.RequireActive(Stage.QaGate);
        Known.Value(Verdict, "QA verdict");
        var attempt = delivery.CurrentQaAttempt;
        if (attempt is null || attempt.Number != Attempt || !attempt.AwaitingVerdict)
            throw new RuleViolation($"QA attempt {Attempt} is not the submission awaiting a verdict.");
        var report = UserText.Optional(FailureReport, "The failure report", UserText.Paragraph);
        if (Verdict == QaVerdict.Fail && report is null) throw new RuleViolation("A QA FAIL needs the failure report.");
        var decided = attempt with
        {
            Verdict = Verdict,
            DecidedAt = meta.At,
            DecidedBy = meta.Actor,
            FailureReport = Verdict == QaVerdict.Fail ? report : null,
        };
        delivery.Change(s => s with { QaAttempts = s.QaAttempts.Replace(attempt, decided) });
        if (Verdict == QaVerdict.Pass)
        {
            delivery.Decide(StageCatalog.Checks.QaPass, meta);
            return $"QA attempt {Attempt}: PASS, certified by {meta.Actor} at {delivery.Time(meta.At)}.";
        }
        delivery.Raise(
            new QaFailed(Attempt, report!, $"QA attempt {Attempt}: FAIL, reported by {meta.Actor}: {report}"));
        delivery.OfferDelayNotice($"qa-fail:{Attempt}", $"QA attempt {Attempt} failed", meta);
        return $"QA attempt {Attempt}: FAIL, reported by {meta.Actor}: {report}. " +
               "Next: remediation with the Production Line Architect, an updated timeline " +
               "and a delay notice to the client, then resubmission.";
    }
}

/// <summary>Stage 4: after remediation, the PLA (or the DM) resubmits to QA. Every attempt is kept.</summary>
public sealed record ResubmitToQa(string RemediationNotes) : DeliveryCommand
{
    public override string Action => "qa-resubmit";

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.ProductionLineArchitect, Role.DeliveryManager);
        delivery.RequireActive(Stage.QaGate);
        if (delivery.CurrentQaAttempt is not { Verdict: QaVerdict.Fail } failed)
            throw new RuleViolation("Only a failed QA attempt can be resubmitted.");
        delivery.SubmitToQa(meta, UserText.Required(RemediationNotes, "What was remediated", UserText.Paragraph));
        return $"Resubmitted to QA after remediation (attempt {failed.Number + 1}) by {meta.Actor}.";
    }
}
