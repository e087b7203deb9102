using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.Teams.Cards.Templating;
using DeliveryBot.Teams.Wording;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>
/// Stage 4, for the QA Engineer (cards/qa.json): the current attempt (when it was submitted, by whom, what was
/// remediated before it), the earlier attempts with their failure reports, and PASS or FAIL with a failure report.
/// Once decided it shows the verdict and who decided when. The attempt number rides on the buttons: a verdict
/// drawn for one attempt cannot land on another.
/// </summary>
internal sealed class QaCard : IDeliveryCard
{
    /// <summary>
    /// An earlier attempt: what it was, who decided it when, its failure report, the remediation before it.
    /// </summary>
    public sealed record Earlier(string Title, string Report, string Remediation);

    public sealed record View(
        CardHeader Header,
        int Attempt,
        string Heading,
        string Holders,
        IReadOnlyList<Fact> Facts,
        IReadOnlyList<Fact> Targets,
        IReadOnlyList<Earlier> Earlier,
        bool Awaiting,
        bool Decided,
        string Verdict,
        string VerdictColor,
        string Report);

    public string Template => Templates.Qa;

    public bool Accepts(string focus) => focus.Length == 0;

    /// <summary>The verdict's gate: what a pass or a fail asks about.</summary>
    public IReadOnlyList<Subject> AsksAbout(string focus) => Asks;

    private static readonly IReadOnlyList<Subject> Asks = Delivery.AsksAbout(StageCatalog.Checks.QaPass);

    public DataObject Draw(Delivery delivery, string focus, CardContext context)
    {
        var current = delivery.CurrentQaAttempt;
        var awaiting = Awaiting(delivery);
        return CardText.Data(new View(
            Header: CardText.Header(
                delivery, Stage.QaGate, "Certify this attempt: PASS, or FAIL with a failure report."),
            Attempt: current?.Number ?? 0,
            Heading: current is null ? "Nothing has been submitted to QA yet."
                : awaiting ? $"QA attempt {current.Number}: PASS or FAIL?"
                : $"QA attempt {current.Number}",
            Holders: CardText.Holders(delivery, Role.QaEngineer, context.Now),
            Facts: current is null ? [] :
            [
                new("Submitted", $"{delivery.Time(current.SubmittedAt)} by {current.SubmittedBy}"),
                new("Remediation",
                    current.RemediationNotes ?? (current.Number == 1 ? "none: the first submission" : "—")),
            ],
            Targets: [.. delivery.MilestoneViews(context.Now)
                .Where(v => v.Entry.Milestone is Milestone.QaSubmitted or Milestone.QaCertified)
                .Select(v => new Fact(
                    $"{v.Entry.Milestone.Title()} target", $"{CardText.Date(v.Entry.Target)} ({v.Label})"))],
            Earlier: [.. delivery.State.QaAttempts
                .Where(a => a != current && a.Verdict is not null)
                .Select(a => new Earlier(
                    $"Attempt {a.Number}: {Word(a.Verdict!.Value)} "
                        + $"by {a.DecidedBy} at {delivery.Time(a.DecidedAt!.Value)}",
                    Bounded.Cut(a.FailureReport ?? ""),
                    Bounded.Cut(a.RemediationNotes ?? "")))],
            Awaiting: awaiting,
            Decided: current?.Verdict is not null,
            Verdict: current is { Verdict: { } v }
                ? $"{(v == QaVerdict.Pass ? "✅" : "❌")} {Word(v)}: attempt {current.Number}, "
                    + $"by {current.DecidedBy} at {delivery.Time(current.DecidedAt!.Value)}"
                : "",
            VerdictColor: current?.Verdict == QaVerdict.Pass ? "Good" : "Attention",
            Report: current?.FailureReport ?? ""));
    }

    public IReadOnlyList<Person> Actors(Delivery delivery, string focus, DateTimeOffset now)
        => Awaiting(delivery) ? delivery.ActorsFor(Role.QaEngineer, now) : [];

    public bool IsOver(Delivery delivery, string focus) => CardLifecycle.StageOver(delivery, Stage.QaGate);

    private static bool Awaiting(Delivery delivery)
        => delivery.IsActive(Stage.QaGate) && delivery.CurrentQaAttempt is { AwaitingVerdict: true };

    private static string Word(QaVerdict verdict) => verdict == QaVerdict.Pass ? "PASS" : "FAIL";
}

/// <summary>
/// Stage 4, for the PLA and the DM (cards/qa-failure.json): the failed attempt's report, who failed it when, the QA
/// targets, what follows a failure, and resubmission with what was remediated. Once resubmitted it says as which
/// attempt.
/// </summary>
internal sealed class QaFailureCard : IDeliveryCard
{
    public sealed record View(
        CardHeader Header,
        int Attempt,
        string Heading,
        string FailedBy,
        string Report,
        IReadOnlyList<Fact> Targets,
        bool Failed,
        string Resubmitted,
        string Remediation);

    public string Template => Templates.QaFailure;

    public bool Accepts(string focus) => focus.Length == 0;

    /// <summary>The QA submission and its stage: what a resubmission asks about.</summary>
    public IReadOnlyList<Subject> AsksAbout(string focus) => Asks;

    private static readonly IReadOnlyList<Subject> Asks = Delivery.AsksAbout(new ResubmitToQa(""));

    public DataObject Draw(Delivery delivery, string focus, CardContext context)
    {
        var s = delivery.State;
        var failed = s.QaAttempts.LastOrDefault(a => a.Verdict == QaVerdict.Fail);
        var next = failed is null ? null : s.QaAttempts.Find(a => a.Number == failed.Number + 1);
        return CardText.Data(new View(
            Header: CardText.Header(delivery, Stage.QaGate, "Remediate with production, then resubmit to QA."),
            Attempt: failed?.Number ?? 0,
            Heading: failed is null ? "No QA attempt has failed." : $"QA attempt {failed.Number} failed",
            FailedBy: failed is null
                ? ""
                : $"Failed by {failed.DecidedBy} at {delivery.Time(failed.DecidedAt!.Value)}.",
            Report: failed?.FailureReport ?? "",
            Targets: [.. delivery.MilestoneViews(context.Now)
                .Where(v => v.Entry.Milestone is Milestone.QaSubmitted or Milestone.QaCertified)
                .Select(v => new Fact(
                    $"{v.Entry.Milestone.Title()} target", $"{CardText.Date(v.Entry.Target)} ({v.Label})"))],
            Failed: Failing(delivery),
            Resubmitted: next is null
                ? ""
                : $"Resubmitted as attempt {next.Number} by {next.SubmittedBy} at {delivery.Time(next.SubmittedAt)}.",
            Remediation: next?.RemediationNotes ?? ""));
    }

    public IReadOnlyList<Person> Actors(Delivery delivery, string focus, DateTimeOffset now)
        => Failing(delivery)
            ?
            [
                .. delivery.ActorsFor(Role.ProductionLineArchitect, now),
                .. delivery.ActorsFor(Role.DeliveryManager, now),
            ]
            : [];

    public bool IsOver(Delivery delivery, string focus) => CardLifecycle.StageOver(delivery, Stage.QaGate);

    private static bool Failing(Delivery delivery)
        => delivery.IsActive(Stage.QaGate) && delivery.CurrentQaAttempt is { Verdict: QaVerdict.Fail };
}
