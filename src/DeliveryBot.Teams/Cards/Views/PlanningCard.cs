using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.Domain.Rendering;
using DeliveryBot.Teams.Cards.Templating;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>
/// Stage 2, for the DM (cards/planning.json): the schedule form, sharing it, and the initial client communication.
/// </summary>
internal sealed class PlanningCard : IDeliveryCard
{
    public sealed record Target(string Id, string Label, string Value, string DelayId, int Delay);

    public sealed record RoleChoice(string Key, string Title);

    public sealed record MilestoneChoice(string Key, string Title);

    public sealed record View(
        CardHeader Header,
        IReadOnlyList<Target> Targets,
        IReadOnlyList<Fact> People,
        IReadOnlyList<RoleChoice> Roles,
        IReadOnlyList<Fact> Acks,
        string Shared,
        bool Active,
        bool Scheduled,
        bool Published,
        bool InitialSent,
        string InitialDraft,
        string InitialSummary,
        bool CanSend,
        string SendTo,
        bool Closed,
        string Cadence,
        string CadenceDay,
        string CadenceTime,
        int CadenceWeeks,
        IReadOnlyList<string> Days,
        Pacing Reminders,
        bool CanMove,
        IReadOnlyList<MilestoneChoice> Movable);

    /// <summary>
    /// The working calendar and the reminder pacing, as the "Calendar and reminders" form shows and edits them.
    /// </summary>
    public sealed record Pacing(
        string Summary,
        string TimeZone,
        IReadOnlyList<string> TimeZones,
        string WorkDays,
        string DayStart,
        string DayEnd,
        string Holidays,
        int NudgeAfterHours,
        int NudgesBeforeDm,
        int CheckInDays,
        int BlockerDays);

    private static readonly IReadOnlyList<string> Weekdays =
        [.. Enum.GetNames<DayOfWeek>()[1..], nameof(DayOfWeek.Sunday)];

    /// <summary>
    /// The roles the DM can hand out from the card (the DM's own is theirs), with the short names RoleText reads.
    /// </summary>
    private static readonly IReadOnlyList<RoleChoice> Assignable =
    [
        new("intake", Role.ClientIntakeManager.Title()),
        new("pla", Role.ProductionLineArchitect.Title()),
        new("qa", Role.QaEngineer.Title()),
        new("deployment", Role.DeploymentSpecialist.Title()),
        new("cto", Role.Cto.Title()),
        new("client", $"{Role.ClientContact.Title()} (adds one)"),
    ];

    /// <summary>The schedule's fields: the input ids the form uses, with the milestone each sets.</summary>
    public static readonly IReadOnlyList<(string Id, string Label, Milestone Milestone, Func<Schedule, DateOnly> Get)>
        Fields =
    [
        ("productionStart", "Production start", Milestone.ProductionStart, s => s.ProductionStart),
        ("productionComplete", "Production completion target", Milestone.ProductionComplete, s => s.ProductionComplete),
        ("qaSubmission", "QA submission", Milestone.QaSubmitted, s => s.QaSubmission),
        ("qaCertification", "QA certification target", Milestone.QaCertified, s => s.QaCertification),
        ("deploymentStart", "Deployment window opens", Milestone.DeploymentStart, s => s.DeploymentWindowStart),
        ("deploymentEnd", "Deployment window closes", Milestone.DeploymentComplete, s => s.DeploymentWindowEnd),
        ("clientHandover", "Client handover", Milestone.ClientHandover, s => s.ClientHandover),
    ];

    public string Template => Templates.Planning;

    public bool Accepts(string focus) => focus.Length == 0;

    /// <summary>
    /// The schedule (saved, published, a milestone moved), who holds which role, the cadence and the calendar, and
    /// the initial client communication: what its buttons' commands ask about, and nothing of the later stages.
    /// </summary>
    public IReadOnlyList<Subject> AsksAbout(string focus) => Asks;

    private static readonly IReadOnlyList<Subject> Asks =
    [
        .. Delivery.AsksAbout(new PublishSchedule()),
        Subject.People,
        Subject.Settings,
        Subject.Of(CommunicationType.InitialCommunication),
    ];

    public DataObject Draw(Delivery delivery, string focus, CardContext context)
    {
        var s = delivery.State;
        var active = delivery.IsActive(Stage.DeliveryPlanning);
        // the latest one: a failed send leaves the buttons there to mark it sent or send it again
        var sent = s.StatusUpdates.FindLast(u => u.Type == CommunicationType.InitialCommunication);
        var (canSend, sendTo) = ClientSend.For(delivery, CommunicationType.InitialCommunication, context);
        var movable = Movable(delivery);
        var yours = !active ? ""
            : s.Schedule is null ? "Plan the schedule."
            : s.SchedulePublishedAt is null ? "Share the schedule with the stakeholders."
            : "";
        return CardText.Data(new View(
            Header: CardText.Header(delivery, Stage.DeliveryPlanning, yours),
            Targets: [.. Fields.Select(f => new Target(
                Id: f.Id,
                Label: f.Label,
                Value: s.Schedule is { } plan ? CardText.Date(f.Get(plan)) : "",
                DelayId: $"delay-{f.Id}",
                Delay: s.Milestones[(int)f.Milestone].AcceptableDelayDays))],
            People: [.. RoleNames.All.Select(r => new Fact(r.Title(), CardText.Names(delivery, r, context.Now)))],
            Roles: Assignable,
            Acks:
            [
                new("Production Line Architect", CardText.Decision(delivery, Checks.ScheduleAcknowledgedByPla)
                    ?? $"waiting for {CardText.Holders(delivery, Role.ProductionLineArchitect, context.Now)}"),
                new("Deployment Specialist", CardText.Decision(delivery, Checks.ScheduleAcknowledgedByDeployment)
                    ?? $"waiting for {CardText.Holders(delivery, Role.DeploymentSpecialist, context.Now)}"),
            ],
            Shared: (s.SchedulePublishedAt is { } at
                    ? $"Shared with the stakeholders at {delivery.Time(at)}. "
                    : "Not shared yet. ")
                + (sent switch
                {
                    null => "Initial client communication not sent yet.",
                    { SendId: null }
                        => $"Initial client communication sent {delivery.Time(sent.SentAt)}: {sent.Summary}",
                    _ => $"Initial client communication to {sent.To} {sent.Outcome(delivery.Time)}: {sent.Summary}",
                }),
            Active: active,
            Scheduled: s.Schedule is not null,
            Published: s.SchedulePublishedAt is not null,
            InitialSent: sent is { State: not CommunicationState.Failed },
            InitialDraft: ClientMessages.InitialCommunicationDraft(delivery),
            InitialSummary: $"Scope and schedule shared with {s.Client}",
            CanSend: canSend,
            SendTo: sendTo,
            Closed: delivery.IsClosed,
            Cadence: s.Settings.Cadence is { } c
                ? $"Every {(c.EveryWeeks == 1 ? "week" : $"{c.EveryWeeks} weeks")} on {c.Day} at {c.Time:HH:mm} "
                    + $"({s.Settings.Calendar.TimeZoneId}): you get the drafted update to send."
                : "No cadence agreed yet.",
            CadenceDay: (s.Settings.Cadence?.Day ?? DayOfWeek.Monday).ToString(),
            CadenceTime: (s.Settings.Cadence?.Time ?? new TimeOnly(10, 0))
                .ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            CadenceWeeks: s.Settings.Cadence?.EveryWeeks ?? 1,
            Days: Weekdays,
            Reminders: PacingOf(s.Settings),
            // Moving one date is for a shared schedule (before that the form above is edited and saved); the card
            // keeps to Teams' six buttons: "Share" and "Move a milestone" are never shown together.
            CanMove: movable.Count > 0 && !delivery.IsClosed && (s.SchedulePublishedAt is not null || !active),
            Movable: movable));
    }

    /// <summary>The milestones whose target can still move: planned, not reached, not skipped.</summary>
    private static List<MilestoneChoice> Movable(Delivery delivery)
        => [.. delivery.State.Milestones
            .Where(m => m.Target is not null && m.Actual is null && !m.Skipped)
            .Select(m => new MilestoneChoice(
                m.Milestone.ToString(), $"{m.Milestone.Number()}. {m.Milestone.Title()} ({CardText.Date(m.Target)})"))];

    private static Pacing PacingOf(DeliverySettings settings)
    {
        var c = settings.Calendar;
        string Hm(TimeOnly t) => t.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var days = string.Join(
            ", ", Weekdays.Where(d => c.WorkDays.Contains(Enum.Parse<DayOfWeek>(d))).Select(d => d[..3]));
        var summary = $"{days}, {Hm(c.DayStart)}–{Hm(c.DayEnd)} ({c.TimeZoneId}); "
            + (c.Holidays.Count == 0
                ? "no holidays"
                : $"holidays {string.Join(", ", c.Holidays.Select(h => $"{CardText.Date(h.Date)} {h.Name}"))}")
            + ". A gate left unanswered is nudged after "
            + $"{Counted.Of(settings.NudgeAfterBusinessHours, "business hour")}, "
            + $"the DM told after {Counted.Of(settings.NudgesBeforeTellingDm, "nudge")}; "
            + $"check-ins every {Counted.Of(settings.CheckInEveryBusinessDays, "business day")}; "
            + $"an open blocker escalates to the CTO after "
            + $"{Counted.Of(settings.BlockerAcceptableDelayDays, "business day")}.";
        return new Pacing(
            Summary: summary,
            TimeZone: c.TimeZoneId,
            TimeZones: [.. Forms.IntakeForm.TimeZones.Prepend(c.TimeZoneId).Distinct()],
            WorkDays: string.Join(",", c.WorkDays),
            DayStart: Hm(c.DayStart),
            DayEnd: Hm(c.DayEnd),
            Holidays: string.Join("\n", c.Holidays.Select(h => $"{CardText.Date(h.Date)} {h.Name}")),
            NudgeAfterHours: settings.NudgeAfterBusinessHours,
            NudgesBeforeDm: settings.NudgesBeforeTellingDm,
            CheckInDays: settings.CheckInEveryBusinessDays,
            BlockerDays: settings.BlockerAcceptableDelayDays);
    }

    public IReadOnlyList<Person> Actors(Delivery delivery, string focus, DateTimeOffset now)
        => delivery.IsClosed ? [] : delivery.ActorsFor(Role.DeliveryManager, now);
}
