using System.Globalization;
using System.Text;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Domain.Rendering;

/// <summary>
/// How a draft is written: Markdown for a chat message, or plain text for a card's text run or an email.
/// </summary>
public enum TextFormat { Markdown, Plain }

/// <summary>
/// The four client messages (SPEC §4), drafted from the record for the DM to send: the initial communication, the
/// status update, the delay notice and the handover communication. Internal matters (escalations, who owes what
/// inside the team) stay out of them. Beside them, the four messages of the release's communication plan
/// (<see cref="Policies.CommunicationPlan"/>), three of them for the team. In Markdown, text people typed is escaped so
/// it stays inert.
/// </summary>
public static class ClientMessages
{
    /// <summary>Stage 2: the scope, the schedule, and who to contact.</summary>
    public static string InitialCommunicationDraft(Delivery delivery, TextFormat format = TextFormat.Plain)
    {
        var s = delivery.State;
        var w = new Writer(format);
        w.Bold($"Delivery of {s.DigitalTalent} for {s.Client}").Line().Line();
        w.Text("Scope: ").User(s.Scope).Line().Line();
        w.Text("Schedule:").Line();
        foreach (var (milestone, target) in s.Schedule?.Targets() ?? [])
            w.Text("- ").Text(milestone.Title()).Text(": ").Text(Date(target)).Line();
        if (s.AgreedDeliveryDate is { } agreed)
            w.Line().Text("Agreed delivery date: ").Text(Date(agreed)).Text(".").Line();
        if (delivery.HolderOf(Role.DeliveryManager) is { } dm)
        {
            w.Line().Text("Your contact throughout is ").User(dm.DisplayName)
                .Text(dm.Email is { } mail ? $" ({mail})" : "").Text(".").Line();
        }
        return w.ToString();
    }

    /// <summary>
    /// The status update at the agreed cadence: stage, milestones, open risks that concern the client, next step.
    /// </summary>
    public static string StatusUpdateDraft(
        Delivery delivery, DateTimeOffset now, TextFormat format = TextFormat.Markdown)
    {
        var s = delivery.State;
        var w = new Writer(format);
        w.Bold($"Status update: {s.DigitalTalent} for {s.Client}").Line().Line();
        w.Text("Where we are: ").Text(delivery.Status.Label())
            .Text(" (").Text(delivery.CurrentStage.Title()).Text(").");
        if (s.AgreedDeliveryDate is { } agreed) w.Text(" Agreed delivery date: ").Text(Date(agreed)).Text(".");
        w.Line().Line().Text("Milestones:").Line();
        foreach (var v in delivery.MilestoneViews(now)
            .Where(v => v.Entry.Target is not null || v.Entry.Actual is not null))
        {
            w.Text("- ").Text(v.Entry.Milestone.Title()).Text(": ");
            w.Text(v.Entry.Actual is { } actual ? $"done {Date(actual)}" : $"planned {Date(v.Entry.Target!.Value)}");
            if (v.IsLate) w.Text(" (running late)");
            w.Line();
        }
        var risks = s.Risks.Where(r => r.IsOpen && r.ConcernsClient).ToList();
        if (risks.Count > 0)
        {
            w.Line().Text("Risks we are managing:").Line();
            foreach (var r in risks) w.Text("- ").User(r.Description).Text(": ").User(r.Mitigation).Line();
        }
        w.Line().Text("Next: ").Text(NextStep(delivery)).Line();
        return w.ToString();
    }

    /// <summary>
    /// A delay: what slipped (late milestones, the last QA failure), the new dates, what is being done.
    /// </summary>
    public static string DelayNoticeDraft(Delivery delivery, DateTimeOffset now, TextFormat format = TextFormat.Plain)
    {
        var s = delivery.State;
        var w = new Writer(format);
        w.Bold($"Delay notice: {s.DigitalTalent} for {s.Client}").Line().Line();
        var late = delivery.MilestoneViews(now).Where(v => v.IsLate).ToList();
        var failed = s.QaAttempts.LastOrDefault(a => a.Verdict == QaVerdict.Fail);
        // the dates moved since the client last heard of a delay (their reasons are the team's, not the client's)
        var told = s.StatusUpdates.LastOrDefault(u => u.Type == CommunicationType.DelayNotice && u.IsSent)?.SentAt;
        var moved = s.MilestoneMoves.Where(m => told is null || m.At > told).ToList();
        if (late.Count == 0 && failed is null && moved.Count == 0)
            w.Text("What slipped: (describe what is late)").Line();
        foreach (var v in late)
        {
            w.Text("- ").Text(v.Entry.Milestone.Title()).Text(": planned ").Text(Date(v.Entry.Target!.Value))
                .Text(", not yet done").Line();
        }
        foreach (var m in moved)
        {
            w.Text("- ").Text(m.Milestone.Title()).Text(": moved ")
                .Text(m.From is { } from ? $"from {Date(from)} " : "").Text("to ").Text(Date(m.To)).Line();
        }
        if (failed is not null)
        {
            w.Text("- Quality check ").Text(failed.Number.ToString(CultureInfo.InvariantCulture))
                .Text(" did not pass; the issues found are being fixed").Line();
        }
        w.Line().Text("The dates now:").Line();
        foreach (var m in s.Milestones.Where(m => m.Target is not null && m.Actual is null && !m.Skipped))
            w.Text("- ").Text(m.Milestone.Title()).Text(": ").Text(Date(m.Target!.Value)).Line();
        w.Line().Text("What we are doing: ").Text(NextStep(delivery)).Line();
        return w.ToString();
    }

    /// <summary>Stage 6: the handover package, as the client receives it.</summary>
    public static string HandoverCommunicationDraft(Delivery delivery, TextFormat format = TextFormat.Plain)
    {
        var s = delivery.State;
        var w = new Writer(format);
        w.Bold($"Handover: {s.DigitalTalent} for {s.Client}").Line().Line();
        if (s.Handover is not { } p) return w.Text("(Prepare the handover package first.)").Line().ToString();
        w.Text("What was delivered: ").User(p.ScopeConfirmation).Line().Line();
        w.Text("How to access and use it: ").User(p.AccessInstructions).Line().Line();
        w.Text("Configuration notes: ").User(p.ConfigurationNotes).Line().Line();
        w.Text("Support and next steps: ").User(p.SupportAndNextSteps).Line().Line();
        return w.Text("Please confirm you have received it, and tell us your first impressions.").Line().ToString();
    }

    /// <summary>
    /// Stage 6, by email to a client contact outside Teams: the newest sign-off link, asking them to confirm receipt on
    /// its page. The link itself is not in the draft, only its place (<see cref="SignOffLinkPlace"/>): the draft is
    /// kept in the outbox, and a usable link is made from the record only as the email goes.
    /// </summary>
    public static string SignOffLinkDraft(Delivery delivery, TextFormat format = TextFormat.Plain)
    {
        var s = delivery.State;
        var w = new Writer(format);
        w.Bold($"Please confirm you received {s.DigitalTalent}").Line().Line();
        if (s.SignOffLinks.Count == 0) return w.Text("(Issue a sign-off link first.)").Line().ToString();
        var link = s.SignOffLinks[^1];
        w.Text("We handed over ").User(s.DigitalTalent).Text(" to ").User(s.Client).Text(". This page shows the ")
            .Text("handover package and asks you to confirm you received it, with your satisfaction and any feedback:")
            .Line().Line();
        w.Text(SignOffLinkPlace(link.Id)).Line().Line();
        w.Text($"The link works once, until {delivery.Time(link.ExpiresAt)}. It is yours alone: whoever opens it can ")
            .Text("confirm for you.").Line();
        if (delivery.HolderOf(Role.DeliveryManager) is { } dm)
            w.Line().Text("Questions: ").User(dm.DisplayName).Text(dm.Email is { } mail ? $" ({mail})" : "")
                .Text(".").Line();
        return w.ToString();
    }

    /// <summary>Where a sign-off link goes in a draft, until the email is sent.</summary>
    public static string SignOffLinkPlace(string linkId) => $"[sign-off link {linkId}]";

    /// <summary>The ids of the sign-off links whose places a text holds.</summary>
    public static IReadOnlyList<string> SignOffLinksIn(string text)
    {
        const string opening = "[sign-off link ";
        var ids = new List<string>();
        for (var at = text.IndexOf(opening, StringComparison.Ordinal); at >= 0;
             at = text.IndexOf(opening, at + 1, StringComparison.Ordinal))
        {
            var end = text.IndexOf(']', at);
            var id = end < 0 ? "" : text[(at + opening.Length)..end];
            if (id.Length is > 1 and <= 5 && id[0] == 'L' && id.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0
                && !ids.Contains(id))
                ids.Add(id);
        }
        return ids;
    }

    /// <summary>Communication plan, T-7, to the internal teams: the scope is final, and when it goes out.</summary>
    public static string ReleaseScopeFinalizedDraft(Delivery delivery, TextFormat format = TextFormat.Plain)
    {
        var s = delivery.State;
        var w = new Writer(format);
        w.Bold($"Release scope finalized: {s.DigitalTalent} for {s.Client}").Line().Line();
        w.Text("Scope: ").User(s.Scope).Line();
        Changes(delivery, w);
        Window(delivery, w);
        if (delivery.GoNoGoDate is { } due) w.Text("Go/No-Go decision: ").Text(Date(due)).Text(".").Line();
        return w.Line().Text("Nothing more goes into this release.").Line().ToString();
    }

    /// <summary>
    /// Communication plan, T-1, to all stakeholders: the go/no-go decision of the DM and the client contact, with the
    /// exit criteria it rests on.
    /// </summary>
    public static string GoNoGoDecisionDraft(Delivery delivery, TextFormat format = TextFormat.Plain)
    {
        var s = delivery.State;
        var w = new Writer(format);
        w.Bold($"Go/No-Go decision: {s.DigitalTalent} for {s.Client}").Line().Line();
        // a no-go ends its round: until someone decides in the next one, the no-go is the decision
        var lastNoGo = s.GoNoGoDecisions.LastOrDefault(d => !d.Go);
        var round = lastNoGo is not null && !ExitCriteria.Deciders.Any(r => delivery.GoNoGoOf(r) is not null)
            ? lastNoGo.Round
            : delivery.GoNoGoRound;
        w.Text("Decision: ").Text(delivery.ReleaseApproved ? "Go: the deployment goes ahead as planned."
            : round < delivery.GoNoGoRound ? "No-go: the deployment does not start until a new go."
            : "not decided yet.").Line();
        foreach (var decider in ExitCriteria.Deciders)
        {
            w.Text("- ").Text(decider.Title()).Text(": ");
            if (s.GoNoGoDecisions.Find(d => d.Round == round && d.As == decider) is not { } given) w.Text("awaited");
            else
            {
                w.Text(given.Go ? "go" : "no-go").Text(" (").User(given.By.DisplayName).Text(")");
                if (given.Reason is { } why) w.Text(": ").User(why);
            }
            w.Line();
        }
        w.Line().Text($"Exit criteria: {ExitCriteria.All.Count - delivery.OpenExitCriteria.Count} of "
            + $"{ExitCriteria.All.Count} met.").Line();
        foreach (var c in delivery.OpenExitCriteria) w.Text("- Open: ").Text(c.Name).Line();
        Window(delivery, w);
        return w.ToString();
    }

    /// <summary>
    /// Communication plan, T-0, to customer success: what is released, what changed since it was agreed (the approved
    /// change requests), and when.
    /// </summary>
    public static string ReleaseNotesDraft(Delivery delivery, TextFormat format = TextFormat.Plain)
    {
        var s = delivery.State;
        var w = new Writer(format);
        w.Bold($"Release notes: {s.DigitalTalent} for {s.Client}").Line().Line();
        w.Text("Scope: ").User(s.Scope).Line();
        Changes(delivery, w);
        Window(delivery, w);
        return w.ToString();
    }

    /// <summary>Communication plan, T+1, to the client: the changelog of what was released.</summary>
    public static string ChangelogEmailDraft(Delivery delivery, TextFormat format = TextFormat.Plain)
    {
        var s = delivery.State;
        var w = new Writer(format);
        w.Bold($"Changelog: {s.DigitalTalent} for {s.Client}").Line().Line();
        w.Text("What is released: ").User(s.Scope).Line();
        Changes(delivery, w);
        Window(delivery, w);
        if (delivery.HolderOf(Role.DeliveryManager) is { } dm)
            w.Line().Text("Questions about it: ").User(dm.DisplayName).Text(dm.Email is { } mail ? $" ({mail})" : "")
                .Text(".").Line();
        return w.ToString();
    }

    /// <summary>The draft of a message of this kind, as the card shows it and the bot sends or posts it.</summary>
    public static string Draft(Delivery delivery, CommunicationType type, DateTimeOffset now, TextFormat format)
        => type switch
        {
            CommunicationType.InitialCommunication => InitialCommunicationDraft(delivery, format),
            CommunicationType.StatusUpdate => StatusUpdateDraft(delivery, now, format),
            CommunicationType.DelayNotice => DelayNoticeDraft(delivery, now, format),
            CommunicationType.ReleaseScopeFinalized => ReleaseScopeFinalizedDraft(delivery, format),
            CommunicationType.GoNoGoDecision => GoNoGoDecisionDraft(delivery, format),
            CommunicationType.ReleaseNotes => ReleaseNotesDraft(delivery, format),
            CommunicationType.ChangelogEmail => ChangelogEmailDraft(delivery, format),
            CommunicationType.SignOffLink => SignOffLinkDraft(delivery, format),
            _ => HandoverCommunicationDraft(delivery, format),
        };

    /// <summary>What changed since the scope was agreed: the approved change requests, by number and title.</summary>
    private static void Changes(Delivery delivery, Writer w)
    {
        var approved = delivery.State.ChangeRequests.Where(c => c.State == ChangeState.Approved).ToList();
        w.Line().Text("What changed:").Line();
        if (approved.Count == 0) w.Text("- Nothing since the scope was agreed.").Line();
        foreach (var c in approved) w.Text("- ").Text(delivery.ChangeNumber(c)).Text(": ").User(c.Title).Line();
    }

    private static void Window(Delivery delivery, Writer w)
    {
        w.Line();
        if (delivery.State.DeploymentWindow is not { } window)
            w.Text("Deployment window: to be confirmed.").Line();
        else if (window.Start == window.End) w.Text("Deployment window: ").Text(Date(window.Start)).Text(".").Line();
        else
            w.Text("Deployment window: ").Text(Date(window.Start)).Text(" to ").Text(Date(window.End)).Text(".").Line();
    }

    /// <summary>An email's subject: the title line of its draft, e.g. "Status update: Invoice Triage Agent".</summary>
    public static string Subject(Delivery delivery, CommunicationType type, DateTimeOffset now)
        => Draft(delivery, type, now, TextFormat.Plain).Split('\n', 2)[0];

    private static string NextStep(Delivery delivery) => delivery.CurrentStage switch
    {
        Stage.IntakeHandoff => "confirming the requirements and timeline with you.",
        Stage.DeliveryPlanning => "finalising the delivery schedule.",
        Stage.ProductionTracking => $"completing production (target {Target(delivery, Milestone.ProductionComplete)}).",
        Stage.QaGate => $"quality certification (target {Target(delivery, Milestone.QaCertified)}).",
        Stage.DeploymentCoordination => $"deployment (target {Target(delivery, Milestone.DeploymentComplete)}).",
        _ => "handing the delivery over to you and reviewing it together.",
    };

    private static string Target(Delivery delivery, Milestone m)
        => delivery.State.Milestones[(int)m].Target is { } t ? Date(t) : "to be confirmed";

    private static string Date(DateOnly date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>Writes a draft in one format: in Markdown, text people typed is escaped and titles are bold.</summary>
    private sealed class Writer(TextFormat format)
    {
        private readonly StringBuilder _text = new();

        public Writer Text(string text)
        {
            _text.Append(text);
            return this;
        }

        public Writer User(string text) => Text(format == TextFormat.Markdown ? MarkdownText.Escape(text) : text);

        public Writer Bold(string text)
            => format == TextFormat.Markdown ? Text("**").User(text).Text("**") : Text(text);

        public Writer Line() => Text("\n");

        public override string ToString() => _text.ToString();
    }
}
