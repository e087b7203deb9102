using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.People;
using DeliveryBot.Teams.Cards.Templating;
using DeliveryBot.Teams.Wording;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>
/// Stage 1 (cards/intake-gate.json): the requirements, who holds each role, the ambiguities, and the two checks of the
/// intake gate.
/// </summary>
internal sealed class IntakeGateCard : IDeliveryCard
{
    public sealed record Check(string Key, string Question, string Mark, string Decision);
    public sealed record Pending(string Key, string Button);
    public sealed record Line(string Text);
    public sealed record OpenAmbiguity(string Id, string Question, string InputId);

    public sealed record View(
        CardHeader Header,
        string Scope,
        IReadOnlyList<Fact> Facts,
        IReadOnlyList<Fact> People,
        IReadOnlyList<Check> Checks,
        IReadOnlyList<Pending> Pending,
        IReadOnlyList<Line> Ambiguities,
        IReadOnlyList<OpenAmbiguity> Open,
        bool Active);

    private static readonly GateCheck[] Gate = [Checks.RequirementsUnambiguous, Checks.ClientTimelineAcknowledged];

    public string Template => Templates.IntakeGate;

    public bool Accepts(string focus) => focus.Length == 0;

    public IReadOnlyList<Subject> AsksAbout(string focus) => Asks;

    /// <summary>
    /// Its buttons: either intake check (the card shows the one its reader answers), a question about the requirements
    /// and its answer, the agreed delivery date.
    /// </summary>
    private static readonly IReadOnlyList<Subject> Asks =
        Delivery.AsksAbout(
            new AcknowledgeGate(StageCatalog.Checks.RequirementsUnambiguous.Key),
            new AcknowledgeGate(StageCatalog.Checks.ClientTimelineAcknowledged.Key),
            new RaiseAmbiguity(""),
            new AgreeDeliveryDate(default));

    public DataObject Draw(Delivery delivery, string focus, CardContext context)
    {
        var s = delivery.State;
        var yours = context.Viewer is { } viewer
            ? string.Join(" ", Gate
                .Where(c => delivery.DecisionFor(c) is null && delivery.Holds(viewer, c.Role, context.Now))
                .Select(c => c.Question))
            : "";
        return CardText.Data(new View(
            Header: CardText.Header(delivery, Stage.IntakeHandoff, yours),
            Scope: s.Scope,
            Facts:
            [
                new("Requirements", s.Requirements is { } r
                    ? $"{r.Link}, signed off {CardText.Date(r.SignedOffOn)}"
                        + (r.SignedOffBy is { } by ? $" by {by}" : "")
                    : "no package recorded"),
                new("Timeline expectations", s.TimelineExpectations ?? "—"),
                new("Intake date", CardText.Date(s.IntakeDate)),
                new("Agreed delivery date", CardText.Date(s.AgreedDeliveryDate)),
            ],
            People: [.. RoleNames.All.Select(r => new Fact(r.Title(), CardText.Names(delivery, r, context.Now)))],
            Checks: [.. Gate.Select(c => CardText.Decision(delivery, c) is { } d
                ? new Check(c.Key, c.Question, "✅", d)
                : new Check(
                    c.Key, c.Question, "○", $"Waiting for {CardText.Holders(delivery, c.Role, context.Now)}"))],
            Pending: delivery.IsActive(Stage.IntakeHandoff)
                ? [.. Gate
                    .Where(c => delivery.DecisionFor(c) is null && Answers(delivery, c, context))
                    .Select(c => new Pending(c.Key, $"{c.DoneVerb} ✓"))]
                : [],
            Ambiguities: [.. s.Ambiguities
                .TakeLast(2 * Bounded.Rows)
                .Select(a => new Line(a.IsOpen
                    ? $"{a.Id}: {Bounded.Cut(a.Question)} (open)"
                    : $"{a.Id}: {Bounded.Cut(a.Question)} → {Bounded.Cut(a.Resolution ?? "")} ({a.ResolvedBy})"))],
            Open: delivery.IsActive(Stage.IntakeHandoff)
                ? [.. s.Ambiguities
                    .Where(a => a.IsOpen)
                    .Take(2 * Bounded.Rows)
                    .Select(a => new OpenAmbiguity(a.Id, Bounded.Cut(a.Question), $"resolution-{a.Id}"))]
                : [],
            Active: delivery.IsActive(Stage.IntakeHandoff)));
    }

    /// <summary>
    /// Whether the viewer's copy offers this check's button: the shared copy offers every open check, a person's own
    /// view only theirs.
    /// </summary>
    private static bool Answers(Delivery delivery, GateCheck check, CardContext context)
        => context.Viewer is not { } viewer || delivery.Holds(viewer, check.Role, context.Now);

    public IReadOnlyList<Person> Actors(Delivery delivery, string focus, DateTimeOffset now)
        => delivery.IsActive(Stage.IntakeHandoff)
            ? [.. delivery.ActorsFor(Role.DeliveryManager, now), .. delivery.ActorsFor(Role.ClientIntakeManager, now)]
            : [];

    public bool IsOver(Delivery delivery, string focus)
        => CardLifecycle.StageOver(delivery, Stage.IntakeHandoff);
}
