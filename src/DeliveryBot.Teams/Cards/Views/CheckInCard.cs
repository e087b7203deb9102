using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Teams.Cards.Templating;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>
/// Stage 3, for the PLA (cards/checkin.json): production started, and check-ins (on track / at risk / blocked).
/// </summary>
internal sealed class CheckInCard : IDeliveryCard
{
    public sealed record Line(string Text);

    public sealed record View(
        CardHeader Header,
        IReadOnlyList<Fact> Milestones,
        IReadOnlyList<Line> CheckIns,
        bool Active,
        bool Started);

    public string Template => Templates.CheckIn;

    public bool Accepts(string focus) => focus.Length == 0;

    /// <summary>Production's progress and its stage: what starting it and a check-in ask about.</summary>
    public IReadOnlyList<Subject> AsksAbout(string focus) => Asks;

    private static readonly IReadOnlyList<Subject> Asks =
        Delivery.AsksAbout(new StartProduction(), new RecordCheckIn(default, null));

    public DataObject Draw(Delivery delivery, string focus, CardContext context)
    {
        var s = delivery.State;
        var started = s.Milestones[(int)Milestone.ProductionStart].Actual is not null;
        return CardText.Data(new View(
            Header: CardText.Header(
                delivery,
                Stage.ProductionTracking,
                started ? "How is production going?" : "Record that production has started."),
            Milestones: ProductionCard.Milestones(delivery, context.Now),
            CheckIns: [.. s.CheckIns
                .TakeLast(5)
                .Select(c => new Line(
                    $"{delivery.Time(c.At)} {Label(c.Status)} ({c.By}){(c.Note is null ? "" : $": {c.Note}")}"))],
            Active: delivery.IsActive(Stage.ProductionTracking),
            Started: started));
    }

    public IReadOnlyList<Person> Actors(Delivery delivery, string focus, DateTimeOffset now)
        => delivery.IsActive(Stage.ProductionTracking) ? delivery.ActorsFor(Role.ProductionLineArchitect, now) : [];

    public bool IsOver(Delivery delivery, string focus)
        => CardLifecycle.StageOver(delivery, Stage.ProductionTracking);

    private static string Label(Domain.Record.CheckInStatus status) => status switch
    {
        Domain.Record.CheckInStatus.OnTrack => "On track",
        Domain.Record.CheckInStatus.AtRisk => "At risk",
        _ => "Blocked",
    };
}
