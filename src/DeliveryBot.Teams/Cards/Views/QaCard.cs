using System.Globalization;
using System.Text.Json.Nodes;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>Stage 4, for the QA Engineer (cards/qa.json): the current attempt, PASS or FAIL with a failure report.</summary>
public sealed class QaCard : IDeliveryCardView
{
    public sealed record Line(string Text);

    public sealed record View(
        CardHeader Header, int Attempt, string Holders, IReadOnlyList<Fact> Facts, IReadOnlyList<Line> Earlier, bool Awaiting, bool Decided,
        string Verdict, string VerdictColor, string Report);

    public string Template => "qa";

    public bool Accepts(string focus) => focus.Length == 0;

    public JsonObject Draw(Delivery delivery, string focus, CardContext context)
    {
        var s = delivery.State;
        var current = s.QaAttempts.LastOrDefault();
        var awaiting = current is { AwaitingVerdict: true } && delivery.IsActive(Stage.QaGate);
        return CardText.Data(new View(
            CardText.Header(delivery, Stage.QaGate, "Certify this attempt: PASS, or FAIL with a failure report."),
            current?.Number ?? 0, CardText.Holders(delivery, Role.QaEngineer, context.Now),
            [
                new("Submitted", current is null ? "not yet" : $"{delivery.Time(current.SubmittedAt)} by {current.SubmittedBy}"),
                new("Remediation", current?.RemediationNotes ?? "—"),
                new("QA certification target", CardText.Date(s.Milestones[(int)Milestone.QaCertified].Target)),
            ],
            [.. s.QaAttempts.Where(a => a != current && a.Verdict is not null).Select(a => new Line($"Attempt {a.Number}: {a.Verdict!.Value.ToString().ToUpperInvariant()} ({a.DecidedBy}){(a.FailureReport is null ? "" : $": {a.FailureReport}")}"))],
            awaiting, current?.Verdict is not null,
            current is { Verdict: { } v } ? $"{(v == QaVerdict.Pass ? "✅ PASS" : "❌ FAIL")}: attempt {current.Number.ToString(CultureInfo.InvariantCulture)}, by {current.DecidedBy} at {delivery.Time(current.DecidedAt!.Value)}" : "",
            current?.Verdict == QaVerdict.Pass ? "Good" : "Attention",
            current?.FailureReport ?? ""));
    }

    public IReadOnlyList<Person> Actors(Delivery delivery, string focus, DateTimeOffset now)
        => delivery.IsActive(Stage.QaGate) && delivery.CurrentQaAttempt is { AwaitingVerdict: true } ? delivery.ActorsFor(Role.QaEngineer, now) : [];
}

/// <summary>Stage 4, for the PLA and the DM (cards/qa-failure.json): the failure notice, and resubmission after remediation.</summary>
public sealed class QaFailureCard : IDeliveryCardView
{
    public sealed record View(CardHeader Header, int Attempt, string FailedBy, string Report, IReadOnlyList<Fact> Facts, bool Failed, string Resubmitted);

    public string Template => "qa-failure";

    public bool Accepts(string focus) => focus.Length == 0;

    public JsonObject Draw(Delivery delivery, string focus, CardContext context)
    {
        var s = delivery.State;
        var failed = s.QaAttempts.LastOrDefault(a => a.Verdict == QaVerdict.Fail);
        var next = failed is null ? null : s.QaAttempts.Find(a => a.Number == failed.Number + 1);
        return CardText.Data(new View(
            CardText.Header(delivery, Stage.QaGate, "Remediate with production, then resubmit to QA."),
            failed?.Number ?? 0, failed is null ? "" : $"Failed by {failed.DecidedBy} at {delivery.Time(failed.DecidedAt!.Value)}.",
            failed?.FailureReport ?? "",
            [.. delivery.MilestoneViews(context.Now).Where(v => v.Entry.Milestone is Milestone.QaSubmitted or Milestone.QaCertified)
                .Select(v => new Fact(v.Entry.Milestone.Title(), $"target {CardText.Date(v.Entry.Target)}: {v.Label}"))],
            Failing(delivery),
            next is null ? "" : $"Resubmitted as attempt {next.Number} by {next.SubmittedBy} at {delivery.Time(next.SubmittedAt)}"));
    }

    public IReadOnlyList<Person> Actors(Delivery delivery, string focus, DateTimeOffset now)
        => Failing(delivery) ? [.. delivery.ActorsFor(Role.ProductionLineArchitect, now), .. delivery.ActorsFor(Role.DeliveryManager, now)] : [];

    private static bool Failing(Delivery delivery) => delivery.IsActive(Stage.QaGate) && delivery.CurrentQaAttempt is { Verdict: QaVerdict.Fail };
}
