using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Domain.Policies;

/// <summary>
/// One row of the release's communication plan: when (relative to the deployment window), who hears it, what, the
/// business day it is due, and the row of "Status updates sent" that shows it went (null while it has not).
/// </summary>
public sealed record CommunicationPlanItem(
    CommunicationType Type, string When, string Who, DateOnly Due, ReminderKind Reminder, StatusUpdate? Went);

/// <summary>
/// The seed's Release Plan "Communication Plan", on the delivery's business calendar, from the confirmed deployment
/// window (T = the window's first day): T-7 business days, internal teams, release scope finalized; T-1, all
/// stakeholders, the go/no-go decision (the day <see cref="Delivery.GoNoGoDate"/> is due); T-0, customer success,
/// release notes (the window's first day, or the working day before it when it opens on a day off, so the notes are
/// out before the release is); T+1, customers, the changelog email (the business day after T). Each is a drafted
/// message the DM is reminded of on its day; nothing is planned before the window is confirmed, and moving the
/// window moves what has not gone yet. The changelog is the only one for the client; the others go to the team.
/// </summary>
public static class CommunicationPlan
{
    public static readonly IReadOnlyList<CommunicationType> Types =
    [
        CommunicationType.ReleaseScopeFinalized,
        CommunicationType.GoNoGoDecision,
        CommunicationType.ReleaseNotes,
        CommunicationType.ChangelogEmail,
    ];

    public static bool IsPlanned(CommunicationType type) => Types.Contains(type);

    /// <summary>
    /// Posted by the bot to the delivery's stakeholders, not sent to the client contact. The seed's "customer success"
    /// has no role in a delivery: the team that supports the client is the delivery team, so the release notes are
    /// theirs.
    /// </summary>
    public static bool IsInternal(CommunicationType type)
        => IsPlanned(type) && type != CommunicationType.ChangelogEmail;

    /// <summary>The plan's rows, in the seed's order; none before the deployment window is confirmed.</summary>
    public static IReadOnlyList<CommunicationPlanItem> Of(Delivery delivery)
    {
        if (delivery.State.DeploymentWindow is not { } window || delivery.GoNoGoDate is not { } dayBefore) return [];
        var calendar = delivery.Calendar;
        var t = window.Start;
        var sevenBefore = t;
        for (var i = 0; i < 7; i++) sevenBefore = PreviousWorkingDay(delivery, sevenBefore);
        var onT = calendar.IsWorkingDay(t) ? t : dayBefore;
        return
        [
            Item(delivery, CommunicationType.ReleaseScopeFinalized, sevenBefore),
            Item(delivery, CommunicationType.GoNoGoDecision, dayBefore),
            Item(delivery, CommunicationType.ReleaseNotes, onT),
            Item(delivery, CommunicationType.ChangelogEmail, calendar.NextWorkingDay(t)),
        ];
    }

    /// <summary>
    /// Who a plan message is posted to in Teams when the DM presses Send: every stakeholder reachable in Teams (a
    /// delegate standing in too), the client contact only for the go/no-go (all stakeholders), never the sender.
    /// </summary>
    public static IReadOnlyList<Person> Audience(
        Delivery delivery, CommunicationType type, Person sender, DateTimeOffset now)
        => [.. delivery.State.Stakeholders
            .Where(a => type == CommunicationType.GoNoGoDecision || a.Role != Role.ClientContact)
            .SelectMany(a => delivery.ActorsFor(a.Role, now))
            .Where(p => p.ObjectId is not null && !p.IsSameAs(sender))
            .DistinctBy(p => p.Key)];

    public static string When(CommunicationType type) => type switch
    {
        CommunicationType.ReleaseScopeFinalized => "T-7",
        CommunicationType.GoNoGoDecision => "T-1",
        CommunicationType.ReleaseNotes => "T-0",
        _ => "T+1",
    };

    public static string Who(CommunicationType type) => type switch
    {
        CommunicationType.ReleaseScopeFinalized => "internal teams",
        CommunicationType.GoNoGoDecision => "all stakeholders",
        CommunicationType.ReleaseNotes => "customer success",
        _ => "customers",
    };

    private static CommunicationPlanItem Item(Delivery delivery, CommunicationType type, DateOnly due)
        => new(
            type,
            When(type),
            Who(type),
            due,
            type switch
            {
                CommunicationType.ReleaseScopeFinalized => ReminderKind.ReleaseScopeFinalizedDue,
                CommunicationType.GoNoGoDecision => ReminderKind.GoNoGoDecisionDue,
                CommunicationType.ReleaseNotes => ReminderKind.ReleaseNotesDue,
                _ => ReminderKind.ChangelogEmailDue,
            },
            delivery.State.StatusUpdates.Find(u => u.Type == type && u.State != CommunicationState.Failed));

    private static DateOnly PreviousWorkingDay(Delivery delivery, DateOnly before)
    {
        var day = before.AddDays(-1);
        for (var guard = 0; guard < 366 && !delivery.Calendar.IsWorkingDay(day); guard++) day = day.AddDays(-1);
        return day;
    }
}
