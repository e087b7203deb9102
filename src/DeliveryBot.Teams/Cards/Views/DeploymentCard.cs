using System.Text.Json.Nodes;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>Stage 5, for the Deployment Specialist (cards/deployment.json): the window, the checklist, the outcome.</summary>
public sealed class DeploymentCard : IDeliveryCardView
{
    public sealed record Item(string Name, string Mark);
    public sealed record Group(string Title, IReadOnlyList<Item> Items);

    public sealed record View(
        CardHeader Header, IReadOnlyList<Fact> Facts, IReadOnlyList<Group> Groups, IReadOnlyList<string> Rollback, IReadOnlyList<string> Remaining,
        string WindowStart, string WindowEnd, bool Active, bool HasWindow, bool Started, bool Decided, string? Decision);

    public string Template => "deployment";

    public bool Accepts(string focus) => focus.Length == 0;

    public JsonObject Draw(Delivery delivery, string focus, CardContext context)
    {
        var s = delivery.State;
        var done = s.DeploymentChecklistDone;
        Group Of(string title, IReadOnlyList<string> items) => new(title, [.. items.Select(i => new Item(i, done.Contains(i) ? "☑" : "☐"))]);
        var window = s.DeploymentWindow;
        var planned = s.Schedule;
        return CardText.Data(new View(
            CardText.Header(delivery, Stage.DeploymentCoordination, "Confirm the window, work through the checklist, then say how it went."),
            [
                new("Planned window", planned is null ? "—" : $"{CardText.Date(planned.DeploymentWindowStart)} to {CardText.Date(planned.DeploymentWindowEnd)}"),
                new("Confirmed window", window is null ? "not confirmed" : $"{CardText.Date(window.Start)} to {CardText.Date(window.End)} ({(window.FitsSchedule ? "fits the schedule" : "later than the schedule")}), by {window.ConfirmedBy}"),
                new("Deployment started", CardText.Date(s.Milestones[(int)Milestone.DeploymentStart].Actual)),
            ],
            [Of("Pre-deployment", DeploymentChecklist.PreDeployment), Of("Deployment", DeploymentChecklist.Deployment), Of("Post-deployment", DeploymentChecklist.PostDeployment)],
            DeploymentChecklist.RollbackTriggers,
            [.. DeploymentChecklist.AllItems.Where(i => !done.Contains(i))],
            CardText.Date(window?.Start ?? planned?.DeploymentWindowStart) is var ws && ws != "—" ? ws : "",
            CardText.Date(window?.End ?? planned?.DeploymentWindowEnd) is var we && we != "—" ? we : "",
            delivery.IsActive(Stage.DeploymentCoordination), window is not null, s.Milestones[(int)Milestone.DeploymentStart].Actual is not null,
            delivery.DecisionFor(Checks.DeploymentSucceeded) is not null, CardText.Decision(delivery, Checks.DeploymentSucceeded)));
    }

    public IReadOnlyList<Person> Actors(Delivery delivery, string focus, DateTimeOffset now)
        => delivery.IsActive(Stage.DeploymentCoordination) && delivery.DecisionFor(Checks.DeploymentSucceeded) is null
            ? delivery.ActorsFor(Role.DeploymentSpecialist, now) : [];
}
