using System.Collections.Immutable;
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

    // Loops, not LINQ: the status card is drawn behind every click that changes its delivery.
    public static StatusCardData From(
        Delivery delivery, DateTimeOffset now, IReadOnlyDictionary<string, string>? unreachable = null)
    {
        unreachable ??= ImmutableDictionary<string, string>.Empty;
        var s = delivery.State;
        var current = delivery.CurrentStage;
        var risks = delivery.OpenRisksWorstFirst();
        var escalations = new List<Escalation>();
        foreach (var e in s.Escalations)
            if (!e.IsResolved) escalations.Add(e);
        return new StatusCardData(
            Id: s.Id,
            Client: s.Client,
            Talent: s.DigitalTalent,
            // a declined delivery says why, here where its people look
            Status: s.Proposal is { DeclineReason: { } why }
                ? $"{delivery.Status.Label()}: {why}"
                : delivery.Status.Label(),
            CurrentStage: Headings[current],
            AgreedDeliveryDate: CardText.Date(s.AgreedDeliveryDate),
            UpdatedAt: delivery.Time(s.Audit.Count > 0 ? s.Audit[^1].At : s.CreatedAt),
            RecordVersion: s.Version,
            Stages: StageRows(delivery, current),
            Milestones: MilestoneRows(delivery.MilestoneViews(now)),
            Risks: RiskRows(risks),
            Escalations: EscalationRows(escalations),
            NextActions: ActionRows(delivery, now),
            People: PersonRows(delivery, now, unreachable))
        {
            RisksTitle = delivery.IsClosed ? "Risks still open at closing" : "Open risks",
            MoreRisks = Bounded.More(risks.Count, "risk", s.Id),
            MoreEscalations = Bounded.More(escalations.Count, "record", s.Id),
        };
    }

    /// <summary>"4. QA gate" for each stage: the same seven texts on every card.</summary>
    private static readonly Dictionary<Stage, string> Headings =
        Enum.GetValues<Stage>().ToDictionary(stage => stage, stage => $"{(int)stage}. {stage.Title()}");

    private static StageRow[] StageRows(Delivery delivery, Stage current)
    {
        var stages = delivery.State.Stages;
        var rows = new StageRow[stages.Count];
        var i = 0;
        foreach (var p in stages)
            rows[i++] = new StageRow(
                (int)p.Stage, p.Stage.Title(), Mark(p.State), p.Stage == current && !delivery.IsClosed);
        return rows;
    }

    private static MilestoneRow[] MilestoneRows(IReadOnlyList<MilestoneView> views)
    {
        var rows = new MilestoneRow[views.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var v = views[i];
            rows[i] = new MilestoneRow(
                Name: v.Entry.Milestone.Title(),
                Target: CardText.Date(v.Entry.Target),
                Actual: CardText.Date(v.Entry.Actual),
                Label: v.Label,
                Late: v.IsLate);
        }
        return rows;
    }

    private static RiskRow[] RiskRows(IReadOnlyList<Risk> risks)
    {
        var rows = new RiskRow[Math.Min(risks.Count, Bounded.Rows)];
        for (var i = 0; i < rows.Length; i++)
            rows[i] = new RiskRow(
                Bounded.Cut(risks[i].Description), risks[i].Likelihood.ToString(), risks[i].Impact.ToString());
        return rows;
    }

    private static EscalationRow[] EscalationRows(List<Escalation> escalations)
    {
        var rows = new EscalationRow[Math.Min(escalations.Count, Bounded.Rows)];
        for (var i = 0; i < rows.Length; i++)
            rows[i] = new EscalationRow(
                escalations[i].Id, Bounded.Cut(escalations[i].Issue), escalations[i].State.ToString());
        return rows;
    }

    private static ActionRow[] ActionRows(Delivery delivery, DateTimeOffset now)
    {
        var actions = Domain.Policies.NextActions.For(delivery);
        var rows = new ActionRow[actions.Count];
        for (var i = 0; i < rows.Length; i++)
            rows[i] = new ActionRow(actions[i].What, Who(delivery, actions[i].Role, now));
        return rows;
    }

    private static PersonRow[] PersonRows(
        Delivery delivery, DateTimeOffset now, IReadOnlyDictionary<string, string> unreachable)
    {
        var roles = RoleNames.All;
        var rows = new PersonRow[roles.Count];
        for (var i = 0; i < rows.Length; i++)
            rows[i] = new PersonRow(roles[i].Title(), Holders(delivery, roles[i], now, unreachable));
        return rows;
    }

    private static string Mark(StageState state) => state switch
    {
        StageState.Passed => "✅",
        StageState.Skipped => "⏭️",
        StageState.Active => "▶️",
        _ => "○",
    };

    private static string Who(Delivery delivery, Role role, DateTimeOffset now)
        => delivery.ActorsFor(role, now) is { Count: > 0 } people // worked out once for the row
            ? CardText.Holders(people, role)
            : $"{role.Title()} (unassigned)";

    /// <summary>
    /// Who holds a role, with anyone standing in for them while they are away, and anyone Teams will not let the bot
    /// reach.
    /// </summary>
    private static string Holders(
        Delivery delivery, Role role, DateTimeOffset now, IReadOnlyDictionary<string, string> unreachable)
    {
        var holders = delivery.HoldersOf(role);
        if (holders.Count == 0) return "not assigned yet";
        string listed;
        if (holders.Count == 1) listed = Name(holders[0]); // most roles: no array to join
        else
        {
            var names = new string[holders.Count];
            for (var i = 0; i < names.Length; i++) names[i] = Name(holders[i]);
            listed = string.Join(", ", names);
        }
        if (delivery.State.Delegations.Count == 0) return listed; // most deliveries: nobody away
        var standIns = delivery.ActiveDelegations(role, now)
            .Select(d => $"{d.To.DisplayName} for {d.From.DisplayName} until {d.Until:yyyy-MM-dd}")
            .ToList();
        if (standIns.Count == 0) return listed;
        return $"{listed} (away: {string.Join("; ", standIns)})";

        string Name(Person holder) => unreachable.TryGetValue(holder.Key, out var why)
            ? $"{holder.DisplayName} (unreachable in Teams: {why})"
            : holder.DisplayName;
    }
}
