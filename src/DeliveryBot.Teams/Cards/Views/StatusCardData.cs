using System.Globalization;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.Teams.Wording;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>What the living status card (cards/status.json) shows, derived from the record.</summary>
internal sealed record StatusCardData(
    string Id,
    string Client,
    string Talent,
    string Status,
    string CurrentStage,
    string AgreedDeliveryDate,
    string UpdatedAt,
    long RecordVersion,
    IReadOnlyList<StatusCardData.StageRow> Stages,
    IReadOnlyList<StatusCardData.MilestoneRow> Milestones,
    IReadOnlyList<StatusCardData.RiskRow> Risks,
    IReadOnlyList<StatusCardData.EscalationRow> Escalations,
    IReadOnlyList<StatusCardData.ActionRow> NextActions,
    IReadOnlyList<StatusCardData.PersonRow> People)
{
    /// <summary>
    /// The heading over the risks: once the delivery is closed nothing is open any more, so the risks its register
    /// still had open are shown as what they were at closing.
    /// </summary>
    public string RisksTitle { get; init; } = "Open risks";

    /// <summary>How many open risks are not listed, and where to see them ('' when all are).</summary>
    public string MoreRisks { get; init; } = "";

    /// <summary>How many open escalations are not listed ('' when all are).</summary>
    public string MoreEscalations { get; init; } = "";

    public sealed record StageRow(int Number, string Name, string Mark, bool Current);
    public sealed record MilestoneRow(string Name, string Target, string Actual, string Label, bool Late);
    public sealed record RiskRow(string Description, string Likelihood, string Impact);
    public sealed record EscalationRow(string Id, string Issue, string State);
    public sealed record ActionRow(string What, string Who);
    public sealed record PersonRow(string Role, string Names);

    public static StatusCardData From(
        Delivery delivery, DateTimeOffset now, IReadOnlyDictionary<string, string>? unreachable = null)
    {
        unreachable ??= new Dictionary<string, string>();
        var s = delivery.State;
        var current = delivery.CurrentStage;
        // The worst first: a long register shows what matters most, and says how many more there are.
        var risks = s.Risks
            .Where(r => r.IsOpen)
            .OrderByDescending(r => (int)r.Likelihood * (int)r.Impact)
            .ToList();
        var escalations = s.Escalations.Where(e => !e.IsResolved).ToList();
        return new StatusCardData(
            Id: s.Id,
            Client: s.Client,
            Talent: s.DigitalTalent,
            // a declined delivery says why, here where its people look
            Status: s.Proposal is { DeclineReason: { } why }
                ? $"{delivery.Status.Label()}: {why}"
                : delivery.Status.Label(),
            CurrentStage: $"{(int)current}. {current.Title()}",
            AgreedDeliveryDate: Date(s.AgreedDeliveryDate),
            UpdatedAt: delivery.Time(s.Audit.Count > 0 ? s.Audit[^1].At : s.CreatedAt),
            RecordVersion: s.Version,
            Stages: [.. s.Stages.Select(p => new StageRow(
                (int)p.Stage, p.Stage.Title(), Mark(p.State), p.Stage == current && !delivery.IsClosed))],
            Milestones: [.. delivery.MilestoneViews(now).Select(v => new MilestoneRow(
                Name: v.Entry.Milestone.Title(),
                Target: Date(v.Entry.Target),
                Actual: Date(v.Entry.Actual),
                Label: v.Label,
                Late: v.IsLate))],
            Risks: [.. Bounded.First(risks).Select(r => new RiskRow(
                Bounded.Cut(r.Description), r.Likelihood.ToString(), r.Impact.ToString()))],
            Escalations: [.. Bounded.First(escalations).Select(e => new EscalationRow(
                e.Id, Bounded.Cut(e.Issue), e.State.ToString()))],
            NextActions: [.. Domain.Policies.NextActions.For(delivery).Select(a => new ActionRow(
                a.What, Who(delivery, a.Role, now)))],
            People: [.. RoleNames.All.Select(r => new PersonRow(r.Title(), Holders(delivery, r, now, unreachable)))])
        {
            RisksTitle = delivery.IsClosed ? "Risks still open at closing" : "Open risks",
            MoreRisks = Bounded.More(risks.Count, $"`risk {s.Id}` lists them all"),
            MoreEscalations = Bounded.More(escalations.Count, $"`record {s.Id}` lists them all"),
        };
    }


    private static string Mark(StageState state) => state switch
    {
        StageState.Passed => "✅",
        StageState.Skipped => "⏭️",
        StageState.Active => "▶️",
        _ => "○",
    };

    private static string Who(Delivery delivery, Role role, DateTimeOffset now)
    {
        var people = delivery.ActorsFor(role, now);
        return people.Count == 0
            ? $"{role.Title()} (unassigned)"
            : $"{string.Join(", ", people.Select(p => p.DisplayName))} ({role.Title()})";
    }

    /// <summary>
    /// Who holds a role, with anyone standing in for them while they are away, and anyone Teams will not let the bot
    /// reach.
    /// </summary>
    private static string Holders(
        Delivery delivery, Role role, DateTimeOffset now, IReadOnlyDictionary<string, string> unreachable)
    {
        var holders = delivery.HoldersOf(role);
        if (holders.Count == 0) return "not assigned yet";
        var standIns = delivery.ActiveDelegations(role, now)
            .Select(d => $"{d.To.DisplayName} for {d.From.DisplayName} until {d.Until:yyyy-MM-dd}")
            .ToList();
        var names = string.Join(", ", holders.Select(p => unreachable.TryGetValue(p.Key, out var why)
            ? $"{p.DisplayName} (unreachable in Teams: {why})"
            : p.DisplayName));
        return standIns.Count == 0 ? names : $"{names} (away: {string.Join("; ", standIns)})";
    }

    private static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—";
}
