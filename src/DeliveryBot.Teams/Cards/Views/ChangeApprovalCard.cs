using System.Globalization;
using System.Text.RegularExpressions;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.Teams.Cards.Templating;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>
/// One change request for its approvers (cards/change-approval.json), sent to each in their 1:1 chat when it awaits
/// them: what changes, when, its risk and plans, who approved; Approve (the DM may record the client's approval with
/// evidence) or Reject with the reason. Focus: the change id (C1).
/// </summary>
internal sealed partial class ChangeApprovalCard : IDeliveryCard
{
    public sealed record View(
        CardHeader Header,
        string Number,
        string Title,
        IReadOnlyList<Fact> Facts,
        IReadOnlyList<string> Approvals,
        string State,
        string Outcome)
    {
        /// <summary>How to read the whole request (bound: the reference engine reads backticks).</summary>
        public string Hint { get; init; } = "";
    }

    public string Template => Templates.ChangeApproval;

    public bool Accepts(string focus) => ChangeId().IsMatch(focus);

    public IReadOnlyList<Subject> AsksAbout(string focus) => Asks;

    /// <summary>Its buttons approve and reject: a request never changes once made, only who sits on the CAB.</summary>
    private static readonly IReadOnlyList<Subject> Asks =
        Delivery.AsksAbout(new ApproveChange("C1", null), new RejectChange("C1", ""));

    public DataObject Draw(Delivery delivery, string focus, CardContext context)
    {
        var c = delivery.FindChange(focus);
        if (c is null)
            return CardText.Data(new View(
                CardText.Header(delivery, delivery.CurrentStage), focus,
                $"There is no change {focus} on {delivery.Id}.",
                [], [], "", ""));
        var s = c.Schedule;
        List<Fact> facts =
        [
            new("Type", $"{c.Type} · risk {c.Risk} · {c.Environment}"),
            new("Requested", $"{delivery.Time(c.RequestedAt)} by {c.Requestor}"),
            new("Schedule", $"{s.Date.ToString("ddd d MMM yyyy", CultureInfo.InvariantCulture)} "
                + $"{s.Start.ToString("HH:mm", CultureInfo.InvariantCulture)} for {s.Duration.TotalMinutes:0} minutes"
                + (s.FreezeException ? " · change-freeze exception" : "")),
            new("Description", c.Description),
            new("Justification", c.Justification),
            new("Impact", $"Systems: {c.Impact.Systems} · services: {c.Impact.Services} · users: {c.Impact.Users} · "
                + $"downtime: {c.Impact.Downtime}"),
            new("Implementation", c.ImplementationPlan),
            new("Rollback", c.RollbackPlan),
            new("Testing", c.TestingPlan),
        ];
        if (c.Plan.Milestone is { } m) facts.Add(new("Moves", $"{m.Title()} to {c.Plan.To:yyyy-MM-dd}"));
        if (c.Plan.Scope is { } scope) facts.Add(new("New scope", scope));
        var mine = context.Viewer is { } viewer
            ? string.Join(", ", delivery.ApproversHeldBy(c, viewer, context.Now).Select(Delivery.ApproverTitle))
            : "";
        return CardText.Data(new View(
            Header: CardText.Header(delivery, delivery.CurrentStage, c.IsPending
                ? $"Approve or reject this change{(mine.Length > 0 ? $" as {mine}" : "")}."
                : "This change request is closed."),
            Number: delivery.ChangeNumber(c),
            Title: c.Title,
            Facts: facts,
            Approvals: [.. Delivery.ApproversFor(c.Type).Select(a => c.Approvals.Find(g => g.Approver == a) is { } g
                ? $"✅ {Delivery.ApproverTitle(a)}: {g.By} at {delivery.Time(g.At)}"
                    + (g.Evidence is { } e ? $" (for the client: {e})" : "")
                : $"⏳ {Delivery.ApproverTitle(a)}: {(c.IsPending ? "pending" : "not given")}")],
            State: c.State.ToString(),
            Outcome: c.State switch
            {
                ChangeState.Approved => $"Approved at {delivery.Time(c.ApprovedAt!.Value)}.",
                ChangeState.Rejected => $"Rejected by {c.RejectedBy} at {delivery.Time(c.RejectedAt!.Value)}: "
                    + c.RejectionReason,
                _ => "",
            })
        {
            Hint = $"`changes {delivery.Id}-{c.Id}` shows the whole request as Markdown.",
        });
    }

    public IReadOnlyList<Person> Actors(Delivery delivery, string focus, DateTimeOffset now)
        => !delivery.IsClosed && delivery.FindChange(focus) is { IsPending: true } c
            ? delivery.ChangeApprovers(c, now)
            : [];

    public bool IsOver(Delivery delivery, string focus)
        => delivery.IsClosed || delivery.FindChange(focus) is not { IsPending: true };

    [GeneratedRegex(@"^C\d{1,4}\z", RegexOptions.None, 100)]
    private static partial Regex ChangeId();
}
