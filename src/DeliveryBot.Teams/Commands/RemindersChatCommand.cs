using System.Text;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Policies;
using DeliveryBot.Domain.Rendering;
using DeliveryBot.Teams.Turns;

namespace DeliveryBot.Teams.Commands;

/// <summary>
/// `reminders &lt;id&gt;`: what is scheduled for a delivery and when, in the reader's time zone (as their Teams client
/// reports it; else the delivery's), soonest first.
/// </summary>
internal sealed class RemindersChatCommand(IDeliveryStore store, TimeProvider clock) : IChatCommand
{
    private const int Shown = 15;

    public string Name => "reminders";
    public string Usage => "reminders <id>";
    public string Description
        => "What is scheduled for a delivery (nudges, check-ins, updates, escalations) and when, in your time zone";

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        if (await DeliveryArgument.LoadAsync(turn, store, arguments, Usage, ct) is not { } delivery) return;
        var now = clock.GetUtcNow();
        var zone = ReaderTime.ZoneFor(turn.Activity, delivery);
        var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var plan = ReminderPolicy.Plan(delivery, now).OrderBy(r => r.DueAt).ToList();
        var text = new StringBuilder($"**Scheduled for {delivery.Id}** (times in {zone}):\n\n");
        if (delivery.State.RemindersPaused is { } paused)
            text.Append("⏸️ Nudges, check-ins and status-update reminders are paused (by ")
                .Append(MarkdownText.Escape(paused.By.DisplayName))
                .Append(", ").Append(delivery.Time(paused.At))
                .Append("); `resume ").Append(delivery.Id).Append("` restarts them.\n\n");
        if (plan.Count == 0) text.Append("Nothing is scheduled.");
        foreach (var r in plan.Take(Shown))
            text.Append("- ")
                .Append(TimeZoneInfo.ConvertTime(r.DueAt, tz)
                    .ToString("ddd yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture))
                .Append(r.DueAt <= now ? " (due now)" : "")
                .Append(" · ").Append(Label(r.Kind))
                .Append(" to ").Append(MarkdownText.Escape(r.Recipient.DisplayName))
                .Append(": ").Append(MarkdownText.Escape(r.Subject)).Append('\n');
        if (plan.Count > Shown) text.Append("…and ").Append(plan.Count - Shown).Append(" more.");
        await turn.ReplyAsync(text.ToString(), ct);
    }

    private static string Label(ReminderKind kind) => kind switch
    {
        ReminderKind.GateNudge => "Nudge",
        ReminderKind.RevisedScheduleNudge => "Nudge (revised schedule)",
        ReminderKind.NudgesExhausted => "Nudges exhausted, DM told",
        ReminderKind.ProductionCheckIn => "Check-in",
        ReminderKind.StatusUpdateDue => "Status update due",
        ReminderKind.EscalationDue => "Escalation",
        ReminderKind.EscalationNotice => "Escalation notice",
        ReminderKind.EscalationNudge => "Escalation re-nudge",
        ReminderKind.ReviewStart => "Review starts",
        ReminderKind.FollowUpDue => "Follow-up nudge",
        ReminderKind.IncidentStatusDue => "Incident status update due",
        ReminderKind.ActionItemDue => "Incident action item nudge",
        ReminderKind.IncidentReviewDue => "Post-incident review due",
        ReminderKind.ErrorBudgetAlert => "Error budget alert",
        ReminderKind.ReleaseScopeFinalizedDue => "Communication plan T-7",
        ReminderKind.GoNoGoDecisionDue => "Communication plan T-1",
        ReminderKind.ReleaseNotesDue => "Communication plan T-0",
        ReminderKind.ChangelogEmailDue => "Communication plan T+1",
        ReminderKind.SuccessMetricsDue => "Success metrics due",
        _ => "Delegation ends",
    };
}

/// <summary>`pause &lt;id&gt;`: no nudges, check-ins or status-update reminders until `resume` (DM only).</summary>
internal sealed class PauseChatCommand(Application.Deliveries.DeliveryService deliveries)
    : ChangeChatCommand(deliveries)
{
    public override string Name => "pause";
    public override string Usage => "pause <id>";
    public override string Description
        => "Pause a delivery's nudges, check-ins and status-update reminders (escalations go on; DM only)";

    protected override (Domain.Deliveries.DeliveryCommand?, string?) Build(string first, string rest)
        => (new Domain.Commands.PauseReminders(), null);
}

/// <summary>`resume &lt;id&gt;`: the reminders again; what fell due meanwhile comes once.</summary>
internal sealed class ResumeChatCommand(Application.Deliveries.DeliveryService deliveries)
    : ChangeChatCommand(deliveries)
{
    public override string Name => "resume";
    public override string Usage => "resume <id>";
    public override string Description => "Resume a delivery's reminders (DM only)";

    protected override (Domain.Deliveries.DeliveryCommand?, string?) Build(string first, string rest)
        => (new Domain.Commands.ResumeReminders(), null);
}
