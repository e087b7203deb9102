using System.Text.RegularExpressions;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.People;
using DeliveryBot.Teams.Cards.Templating;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>
/// A blocker (cards/blocker.json), for those who may resolve it (the DM, the PLA, whoever raised it; the Deployment
/// Specialist too for a deployment issue): what blocks, who raised it when, its impact and what it delays, its state;
/// resolve it with how. Focus: the blocker id (B1).
/// </summary>
internal sealed partial class BlockerCard : IDeliveryCard
{
    public sealed record View(
        CardHeader Header,
        string Id,
        string Description,
        IReadOnlyList<Fact> Facts,
        string State,
        string Resolution);

    public string Template => Templates.Blocker;

    public bool Accepts(string focus) => BlockerId().IsMatch(focus);

    public IReadOnlyList<Subject> AsksAbout(string focus) => Asks;

    /// <summary>Its one button resolves the blocker.</summary>
    private static readonly IReadOnlyList<Subject> Asks = Delivery.AsksAbout(new ResolveBlocker("B1", ""));

    public DataObject Draw(Delivery delivery, string focus, CardContext context)
    {
        var b = delivery.FindBlocker(focus);
        List<Fact> facts = b is null ? [] :
        [
            new("Raised", $"{delivery.Time(b.RaisedAt)} by {b.RaisedBy}"),
            new("Stage", $"{(int)b.Stage} · {b.Stage.Title()}"),
        ];
        if (b?.Impact is { } impact) facts.Add(new("Impact", impact));
        if (b?.DelayText is { } delays) facts.Add(new("Delays", delays));
        return CardText.Data(new View(
            Header: CardText.Header(delivery, delivery.CurrentStage, b is { IsOpen: true }
                ? "Resolve this blocker when it is cleared: say how. The gate it holds opens again."
                : "This blocker is resolved."),
            Id: focus,
            Description: b?.Description ?? $"There is no blocker {focus} on {delivery.Id}.",
            Facts: facts,
            State: b is null ? "" : b.IsOpen ? "Open" : "Resolved",
            Resolution: b is { Resolution: { } r }
                ? $"Resolved by {b.ResolvedBy?.ToString() ?? "someone"} at {delivery.Time(b.ResolvedAt!.Value)}: {r}"
                : ""));
    }

    public IReadOnlyList<Person> Actors(Delivery delivery, string focus, DateTimeOffset now)
        => delivery.FindBlocker(focus) is { IsOpen: true } b ? delivery.BlockerResolvers(b, now) : [];

    public bool IsOver(Delivery delivery, string focus)
        => delivery.IsClosed || delivery.FindBlocker(focus) is not { IsOpen: true };

    [GeneratedRegex(@"^B\d{1,4}\z", RegexOptions.None, 100)]
    private static partial Regex BlockerId();
}
