using DeliveryBot.Domain.Calendar;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Policies;
using DeliveryBot.Domain.Record;
using DeliveryBot.Domain.Rendering;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Policies;

/// <summary>
/// The Release Plan's communication plan: T-7 internal teams (release scope finalized), T-1 all stakeholders (the
/// go/no-go decision), T-0 customer success (release notes), T+1 customers (the changelog email), on the delivery's
/// business calendar from the deployment window, each drafted for the DM at its time and recorded once when it went.
/// </summary>
public sealed class CommunicationPlanTests
{
    private static readonly ReminderKind[] PlanKinds =
    [
        ReminderKind.ReleaseScopeFinalizedDue, ReminderKind.GoNoGoDecisionDue, ReminderKind.ReleaseNotesDue,
        ReminderKind.ChangelogEmailDue,
    ];

    private static DateTimeOffset Utc(int mo, int d, int h) => new(2026, mo, d, h, 0, 0, TimeSpan.Zero);

    /// <summary>Stage 5 with Wednesday 25 March and Tuesday 31 March holidays, no window yet.</summary>
    private static Scenario InDeployment()
        => Scenario.Opened(DeliverySettings.For("Europe/London") with
        {
            Calendar = new WorkingPattern
            {
                TimeZoneId = "Europe/London",
                Holidays = [new(new(2026, 3, 25), "Founders' day"), new(new(2026, 3, 31), "Spring day")],
            },
        }).ToDeployment();

    private static Scenario Windowed(DateOnly start, DateOnly? end = null)
    {
        var s = InDeployment();
        s.Ok(Diego, new ConfirmDeploymentWindow(start, end ?? new(2026, 4, 1)));
        return s;
    }

    private static List<(CommunicationType, string, string, DateOnly)> Rows(Scenario s)
        => [.. CommunicationPlan.Of(s.Delivery).Select(i => (i.Type, i.When, i.Who, i.Due))];

    private static List<DueReminder> Planned(Scenario s)
        => [.. ReminderPolicy.Plan(s.Delivery, s.Clock.GetUtcNow()).Where(r => PlanKinds.Contains(r.Kind))];

    [Fact]
    public void The_four_fall_on_business_days_from_the_window_s_start_skipping_weekends_and_holidays()
    {
        var s = Windowed(new(2026, 3, 30)); // a Monday

        Assert.Equal(
        [
            // seven business days back: Fri 27, Thu 26, (Wed 25 a holiday), Tue 24, Mon 23, Fri 20, Thu 19, Wed 18
            (CommunicationType.ReleaseScopeFinalized, "T-7", "internal teams", new DateOnly(2026, 3, 18)),
            (CommunicationType.GoNoGoDecision, "T-1", "all stakeholders", new DateOnly(2026, 3, 27)),
            (CommunicationType.ReleaseNotes, "T-0", "customer success", new DateOnly(2026, 3, 30)),
            // the business day after T: Tuesday 31 is a holiday
            (CommunicationType.ChangelogEmail, "T+1", "customers", new DateOnly(2026, 4, 1)),
        ],
        Rows(s));
        Assert.Equal(s.Delivery.GoNoGoDate, CommunicationPlan.Of(s.Delivery)[1].Due);
        // each reminds the DM at the start of its day (09:00 London: GMT, then BST from 29 March)
        Assert.Equal(
        [
            (ReminderKind.ReleaseScopeFinalizedDue, Utc(3, 18, 9)),
            (ReminderKind.GoNoGoDecisionDue, Utc(3, 27, 9)),
            (ReminderKind.ReleaseNotesDue, Utc(3, 30, 8)),
            (ReminderKind.ChangelogEmailDue, Utc(4, 1, 8)),
        ],
        Planned(s).OrderBy(r => r.DueAt).Select(r => (r.Kind, r.DueAt)));
        Assert.All(Planned(s), r => Assert.Equal(Dana, r.Recipient));
        Assert.Equal(
            "Communication plan T-1, to all stakeholders: Go/No-Go decision (due 2026-03-27) is drafted for you "
                + "to send.",
            Planned(s).Single(r => r.Kind == ReminderKind.GoNoGoDecisionDue).Subject);
    }

    [Fact]
    public void A_window_opening_on_a_saturday_has_its_release_notes_out_the_working_day_before()
    {
        var s = Windowed(new(2026, 3, 28));

        Assert.Equal(
            [new DateOnly(2026, 3, 18), new(2026, 3, 27), new(2026, 3, 27), new(2026, 3, 30)],
            Rows(s).Select(r => r.Item4));
    }

    [Fact]
    public void Nothing_is_planned_before_the_window_is_confirmed_and_no_plan_message_can_be_logged()
    {
        var s = InDeployment();
        var before = s.Delivery.State;

        var marked = s.Do(Dana, new RecordClientCommunication(CommunicationType.ReleaseScopeFinalized, "Scope"));
        var posted = s.Do(Dana, new PostPlanCommunication(CommunicationType.GoNoGoDecision, "Decision"));

        Assert.Empty(CommunicationPlan.Of(s.Delivery));
        Assert.Empty(Planned(s));
        Assert.Equal(
            ("The communication plan starts once the deployment window is confirmed.", OutcomeKind.Refused),
            (marked.Message, marked.Kind));
        Assert.Equal(OutcomeKind.Refused, posted.Kind);
        Assert.Same(before, s.Delivery.State);
        Assert.DoesNotContain("## Communication plan", RecordMarkdown.Render(s.Delivery, s.Clock.GetUtcNow()),
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_window_moved_before_t_minus_7_moves_the_plan_and_one_that_went_is_not_sent_again()
    {
        var s = Windowed(new(2026, 3, 30));
        s.Ok(Diego, new ConfirmDeploymentWindow(new(2026, 4, 1), new(2026, 4, 1)));

        Assert.Equal(
            [new DateOnly(2026, 3, 19), new(2026, 3, 30), new(2026, 4, 1), new(2026, 4, 2)],
            Rows(s).Select(r => r.Item4));

        var sent = SchedulerSimulation.Run(s, Utc(3, 23, 12), TimeSpan.FromHours(1))
            .Where(x => PlanKinds.Contains(x.Reminder.Kind)).Select(x => (x.Reminder.Key, x.At)).ToList();
        Assert.Equal([("comms-plan:ReleaseScopeFinalized", Utc(3, 19, 9))], sent);

        // moved again after T-7 went: the rest follows, T-7 is not sent twice
        s.Ok(Diego, new ConfirmDeploymentWindow(new(2026, 3, 30), new(2026, 4, 1)));
        Assert.Equal(
            [ReminderKind.GoNoGoDecisionDue, ReminderKind.ReleaseNotesDue, ReminderKind.ChangelogEmailDue],
            Planned(s).OrderBy(r => r.DueAt).Select(r => r.Kind));
        Assert.Equal(Utc(3, 27, 9), Planned(s).Single(r => r.Kind == ReminderKind.GoNoGoDecisionDue).DueAt);
    }

    [Fact]
    public void Days_that_passed_while_the_bot_was_down_go_once_each()
    {
        var s = Windowed(new(2026, 3, 30));
        s.Clock.Advance(Utc(4, 2, 10) - s.Clock.GetUtcNow());

        var sent = SchedulerSimulation.Run(s, Utc(4, 10, 10), TimeSpan.FromHours(1))
            .Where(x => PlanKinds.Contains(x.Reminder.Kind)).ToList();

        Assert.Equal(4, sent.Count);
        Assert.Equal(4, sent.Select(x => x.Reminder.Key).Distinct().Count());
        Assert.All(sent, x => Assert.Equal(Utc(4, 2, 10), x.At));
    }

    [Fact]
    public void A_message_already_sent_is_not_reminded_of_and_each_is_recorded_once()
    {
        var s = Windowed(new(2026, 3, 30));

        var marked = s.Ok(Dana, new RecordClientCommunication(CommunicationType.ReleaseNotes, "Notes to the team"));
        var again = s.Do(Dana, new RecordClientCommunication(CommunicationType.ReleaseNotes, "Once more"));
        var posted = s.Do(Dana, new PostPlanCommunication(CommunicationType.ReleaseNotes, "And again"));

        Assert.Equal("Release notes logged as sent (Teams): Notes to the team", marked.Message);
        Assert.Equal(OutcomeKind.Refused, again.Kind);
        Assert.StartsWith(
            "The release notes already went: marked sent (Teams)", again.Message, StringComparison.Ordinal);
        Assert.Equal(again.Message, posted.Message);
        Assert.Single(s.Delivery.State.StatusUpdates, u => u.Type == CommunicationType.ReleaseNotes);
        Assert.DoesNotContain(Planned(s), r => r.Kind == ReminderKind.ReleaseNotesDue);
        var record = RecordMarkdown.Render(s.Delivery, s.Clock.GetUtcNow());
        Assert.Contains("| 2026-03-02 | Release notes | Notes to the team |", record, StringComparison.Ordinal);
        Assert.Contains("## Communication plan", record, StringComparison.Ordinal);
        Assert.Contains(
            "| T-7 | internal teams | Release scope finalized | 2026-03-18 | not yet |",
            record,
            StringComparison.Ordinal);
        Assert.Contains(
            "| T-0 | customer success | Release notes | 2026-03-30 | 2026-03-02 10:00",
            record,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Post_sends_an_internal_message_to_the_stakeholders_in_teams_and_records_it_as_posted()
    {
        var s = Windowed(new(2026, 3, 30));

        var scope = s.Do(
            Dana, new PostPlanCommunication(CommunicationType.ReleaseScopeFinalized, "Scope final"), id: "p1");
        var decision = s.Do(Dana, new PostPlanCommunication(CommunicationType.GoNoGoDecision, "Not decided yet"));

        Assert.Equal(OutcomeKind.Applied, scope.Kind);
        var posted = Assert.Single(scope.Events.OfType<PlanCommunicationPosted>());
        // internal teams: every stakeholder but the client contact, and not the DM who posts it
        Assert.Equal(
            ["Clara", "Diego", "Ivy", "Pablo", "Quinn"],
            posted.To.Select(p => p.DisplayName).Order(StringComparer.Ordinal));
        Assert.StartsWith("**Release scope finalized: Invoice Triage Agent for Contoso Ltd**", posted.Text,
            StringComparison.Ordinal);
        // all stakeholders: the client contact too
        Assert.Contains(
            Assert.Single(decision.Events.OfType<PlanCommunicationPosted>()).To, p => p.IsSameAs(Cora));
        var row = s.Delivery.State.StatusUpdates.First(u => u.Type == CommunicationType.ReleaseScopeFinalized);
        Assert.Equal(
            (CommunicationState.Sent, "p1", "Teams to 5 stakeholders", "Scope final"),
            (row.State, row.SendId, row.Channel, row.Summary));
        Assert.Equal("posted by the bot in Teams to 5 stakeholders at 2026-03-02 10:00", row.Outcome(s.Delivery.Time));
    }

    [Fact]
    public void The_changelog_goes_to_the_client_the_internal_ones_do_not()
    {
        var s = Windowed(new(2026, 3, 30));

        var toClient = s.Do(Dana, new SendClientCommunication(CommunicationType.GoNoGoDecision, "Decision"));
        var toTeam = s.Do(Dana, new PostPlanCommunication(CommunicationType.ChangelogEmail, "Changelog"));
        Assert.Equal(
            "The go/no-go decision is for the team, not the client: post it to the stakeholders.", toClient.Message);
        Assert.Equal("The changelog email is not posted to the team.", toTeam.Message);

        var sent = s.Ok(Dana, new SendClientCommunication(CommunicationType.ChangelogEmail, "Changelog"));
        var sending = Assert.Single(sent.Events.OfType<ClientMessageSending>());
        Assert.Equal(("Changelog: Invoice Triage Agent for Contoso Ltd", "oid-cora"),
            (sending.Subject, sending.Route.To.ObjectId));
    }

    [Fact]
    public void The_drafts_say_the_scope_the_window_the_decision_and_what_changed()
    {
        var s = Windowed(new(2026, 3, 30));
        var scope = ClientMessages.ReleaseScopeFinalizedDraft(s.Delivery);
        Assert.Equal(
            "Release scope finalized: Invoice Triage Agent for Contoso Ltd\n\n"
            + "Scope: An agent that triages supplier invoices.\n\n"
            + "What changed:\n- Nothing since the scope was agreed.\n\n"
            + "Deployment window: 30 March 2026 to 1 April 2026.\n"
            + "Go/No-Go decision: 27 March 2026.\n\nNothing more goes into this release.\n",
            scope);

        var undecided = ClientMessages.GoNoGoDecisionDraft(s.Delivery);
        Assert.Contains("Decision: not decided yet.\n- Delivery Manager: awaited\n- Client contact: awaited\n",
            undecided, StringComparison.Ordinal);
        Assert.Contains("Exit criteria: 0 of 7 met.\n- Open: All P1/P2 bugs resolved\n", undecided,
            StringComparison.Ordinal);

        s.Go();
        var go = ClientMessages.GoNoGoDecisionDraft(s.Delivery);
        Assert.Contains("Decision: Go: the deployment goes ahead as planned.\n- Delivery Manager: go (Dana)\n"
            + "- Client contact: go (Cora)\n\nExit criteria: 7 of 7 met.\n\nDeployment window:", go,
            StringComparison.Ordinal);

        s.Ok(Quinn, Scenario.SampleChange(ChangeType.Standard, new(2026, 3, 3), title: "Supplier column"));
        Assert.Contains("What changed:\n- CHG-D1-1: Supplier column\n",
            ClientMessages.ReleaseNotesDraft(s.Delivery), StringComparison.Ordinal);
        var changelog = ClientMessages.ChangelogEmailDraft(s.Delivery, TextFormat.Markdown);
        Assert.StartsWith("**Changelog: Invoice Triage Agent for Contoso Ltd**\n\nWhat is released: ", changelog,
            StringComparison.Ordinal);
        Assert.Contains("- CHG-D1-1: Supplier column\n\nDeployment window: 30 March 2026 to 1 April 2026.\n",
            changelog, StringComparison.Ordinal);
        Assert.Contains("Questions about it: Dana (dana@contoso.test).", changelog, StringComparison.Ordinal);
    }

    [Fact]
    public void A_no_go_is_the_decision_until_someone_decides_again()
    {
        var s = Windowed(new(2026, 3, 30));
        s.Ok(Cora, new DecideGoNoGo(Role.ClientContact, Go: false, Reason: "UAT is not signed off"));

        var draft = ClientMessages.GoNoGoDecisionDraft(s.Delivery);

        Assert.Contains("Decision: No-go: the deployment does not start until a new go.\n"
            + "- Delivery Manager: awaited\n- Client contact: no-go (Cora): UAT is not signed off\n", draft,
            StringComparison.Ordinal);
    }
}
