using System.Text.RegularExpressions;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.Teams.Cards.Templating;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>
/// An escalation, for the CTO (cards/escalation.json): the issue, who raised it when, what triggered it, its state;
/// acknowledge it (the daily re-nudges stop), resolve it with the resolution. Focus: the escalation id (D12-E1).
/// </summary>
internal sealed partial class EscalationCard : IDeliveryCard
{
    public sealed record View(
        CardHeader Header,
        string Id,
        string Issue,
        IReadOnlyList<Fact> Facts,
        string State,
        string Resolution);

    public string Template => Templates.Escalation;

    public bool Accepts(string focus) => EscalationId().IsMatch(focus);

    public IReadOnlyList<Subject> AsksAbout(string focus) => Asks;

    /// <summary>Its buttons acknowledge and resolve the escalation.</summary>
    private static readonly IReadOnlyList<Subject> Asks =
        Delivery.AsksAbout(new AcknowledgeEscalation("D1-E1"), new ResolveEscalation("D1-E1", ""));

    public DataObject Draw(Delivery delivery, string focus, CardContext context)
    {
        var e = delivery.FindEscalation(focus);
        return CardText.Data(new View(
            Header: CardText.Header(delivery, delivery.CurrentStage, e?.State == EscalationState.Open
                ? "Acknowledge this escalation, then resolve it."
                : "Resolve this escalation when it is settled: say how."),
            Id: focus,
            Issue: e?.Issue ?? $"There is no escalation {focus} on {delivery.Id}.",
            Facts: e is null ? [] :
            [
                new("Raised", $"{delivery.Time(e.RaisedAt)} by {e.RaisedBy}"),
                new("Escalated to", $"{e.EscalatedTo} (CTO)"),
                new("Trigger", Trigger(e.Trigger)),
                new("State", e.State.ToString()),
                new("Acknowledged", e.AcknowledgedAt is { } at ? delivery.Time(at) : "not yet"),
            ],
            State: e?.State.ToString() ?? "",
            Resolution: e is { Resolution: { } r }
                ? $"Resolved by {e.ResolvedBy} at {delivery.Time(e.ResolvedAt!.Value)}: {r}"
                : ""));
    }

    public IReadOnlyList<Person> Actors(Delivery delivery, string focus, DateTimeOffset now)
        => delivery.FindEscalation(focus) is { IsResolved: false } ? delivery.ActorsFor(Role.Cto, now) : [];

    public bool IsOver(Delivery delivery, string focus)
        => delivery.IsClosed || delivery.FindEscalation(focus) is not { IsResolved: false };

    /// <summary>
    /// What raised it: by hand, or the scheduler's trigger ("milestone:QaCertified", "blocker:B2") in words.
    /// </summary>
    private static string Trigger(string? trigger) => trigger?.Split(':', 2) switch
    {
        null => "raised by hand",
        ["milestone", var m] when Enum.TryParse<Milestone>(m, out var milestone)
            => $"{milestone.Title()} late beyond its acceptable delay",
        ["blocker", var b] => $"blocker {b} unresolved beyond the acceptable delay",
        _ => trigger,
    };

    [GeneratedRegex(@"^D\d{1,9}-E\d{1,4}\z", RegexOptions.None, 100)]
    private static partial Regex EscalationId();
}
