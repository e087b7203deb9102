using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Incidents;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Policies;
using DeliveryBot.Domain.Record;
using DeliveryBot.Domain.Rendering;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Incidents;

/// <summary>
/// The post-incident review (the seed's REVIEW step): run by the DM or the commander once the incident is resolved,
/// with lessons and action items owned by people and not due in the past; amended by adding items; each item marked
/// done once by its owner or the DM; the owners nudged from the due date; the DM asked for a missing review once; the
/// report's Action Items and Lessons Learned written from it.
/// </summary>
public sealed class IncidentReviewTests
{
    private static Scenario Resolved()
    {
        var s = Scenario.Opened().ToHandover();
        s.Ok(Pablo, new DeclareIncident("Invoices stuck in the triage queue", Severity.Sev2, "Invoice intake",
            s.Clock.GetUtcNow().AddMinutes(-5), IsOutage: true));
        s.Ok(Diego, new AcknowledgeIncident("I1"));
        s.Ok(Diego, new ResolveIncident("I1", "Restarted the consumer", "A 40 MB invoice"));
        return s;
    }

    private static DateOnly Today(Scenario s) => s.Delivery.Calendar.LocalDate(s.Clock.GetUtcNow());

    private static ReviewIncident Review(params NewActionItem[] items)
        => new("I1", "Paged within minutes", "No alert on the queue's depth", "Share with the platform team", items);

    private static NewActionItem Item(Scenario s, string action, Person? owner, int inDays = 3)
        => new(action, owner, Today(s).AddDays(inDays));

    private static List<DueReminder> Planned(Scenario s, ReminderKind kind)
        => [.. ReminderPolicy.Plan(s.Delivery, s.Clock.GetUtcNow()).Where(r => r.Kind == kind)];

    [Fact]
    public void The_commander_reviews_a_resolved_incident_with_its_action_items_on_the_timeline()
    {
        var s = Resolved();

        var reviewed = s.Ok(Diego,
            Review(Item(s, "Alert on queue depth", Quinn), Item(s, "Cap invoice size", Pablo)));

        var review = Assert.Single(s.Delivery.State.Incidents).Review!;
        Assert.Equal(("Paged within minutes", "No alert on the queue's depth", Diego),
            (review.WentWell, review.CouldImprove, review.By));
        Assert.Equal([("A1", Quinn), ("A2", Pablo)], review.ActionItems.Select(a => (a.Id, a.Owner)));
        Assert.StartsWith("Incident D1-I1: Post-incident review by Diego: 2 action items\n- D1-I1-A1: Alert on queue "
            + "depth (Quinn, due", reviewed.Message);
        var last = s.Delivery.State.Incidents[0].Timeline[^1];
        Assert.Equal(
            (IncidentEventKind.Reviewed, "Post-incident review by Diego: 2 action items"), (last.Kind, last.What));
        Assert.Contains(s.Delivery.State.Audit, a => a.Action == "review-incident");
    }

    [Fact]
    public void An_open_incident_others_than_the_commander_or_dm_and_bad_items_are_refused_and_change_nothing()
    {
        var s = Scenario.Opened().ToHandover();
        s.Ok(Pablo, new DeclareIncident("Slow", Severity.Sev3, "API", s.Clock.GetUtcNow().AddMinutes(-5)));
        Assert.Contains("not resolved yet", s.Do(Dana, Review(Item(s, "x", Quinn))).Message);
        s.Ok(Diego, new ResolveIncident("I1", "Fix", "Cause"));
        var before = s.Delivery.State;

        Assert.Equal(OutcomeKind.Forbidden, s.Do(Pablo, Review(Item(s, "x", Quinn))).Kind);
        Assert.Contains("at least one action item", s.Do(Dana, Review()).Message);
        Assert.Contains("needs an owner: a person", s.Do(Dana, Review(Item(s, "x", null))).Message);
        Assert.Contains("needs an owner", s.Do(Dana, Review(Item(s, "x", Person.System))).Message);
        Assert.Contains("is before today", s.Do(Dana, Review(Item(s, "x", Quinn, inDays: -1))).Message);
        Assert.Contains("What went well is required",
            s.Do(Dana, Review(Item(s, "x", Quinn)) with { WentWell = " " }).Message);
        Assert.Contains("There is no incident I9", s.Do(Dana, Review(Item(s, "x", Quinn)) with
        {
            IncidentId = "I9",
        }).Message);
        Assert.Same(before, s.Delivery.State);
    }

    [Fact]
    public void None_needed_is_a_review_and_adding_items_later_amends_it()
    {
        var s = Resolved();

        s.Ok(Dana, Review() with { NoActionItemsNeeded = true });
        Assert.Contains("already reviewed", s.Do(Dana, Review() with { NoActionItemsNeeded = true }).Message);
        var amended = s.Ok(Diego, Review(Item(s, "Alert on queue depth", Quinn, inDays: 0)));

        var review = s.Delivery.State.Incidents[0].Review!;
        Assert.Equal(Dana, review.By);
        Assert.Equal(["A1"], review.ActionItems.Select(a => a.Id));
        Assert.Contains("Post-incident review amended by Diego: 1 action item added", amended.Message);
        Assert.Equal(
            ["Post-incident review by Dana: no action items needed",
                "Post-incident review amended by Diego: 1 action item added"],
            s.Delivery.State.Incidents[0].Timeline
                .Where(e => e.Kind == IncidentEventKind.Reviewed)
                .Select(e => e.What));
    }

    [Fact]
    public void The_owner_or_the_dm_marks_an_action_item_done_once_and_a_second_click_says_by_whom()
    {
        var s = Resolved();
        s.Ok(Diego, Review(Item(s, "Alert on queue depth", Quinn), Item(s, "Cap invoice size", Pablo)));

        Assert.Equal(OutcomeKind.Forbidden, s.Do(Pablo, new MarkActionItemDone("D1-I1-A1")).Kind);
        Assert.Contains("has A1 to A2", s.Do(Quinn, new MarkActionItemDone("D1-I1-A3")).Message);
        Assert.Contains("give it as D1-I1-A1", s.Do(Quinn, new MarkActionItemDone("nonsense")).Message);

        var done = s.Ok(Quinn, new MarkActionItemDone("d1-i1-a1", "Alert live"));
        s.Ok(Dana, new MarkActionItemDone("I1-A2"));

        Assert.Equal("Incident D1-I1: Action item A1 (Alert on queue depth) done by Quinn: Alert live", done.Message);
        var before = s.Delivery.State;
        var again = s.Do(Dana, new MarkActionItemDone("D1-I1-A1"));
        Assert.Equal(OutcomeKind.AlreadyDecided, again.Kind);
        Assert.Contains("already done by Quinn", again.Message);
        Assert.Same(before, s.Delivery.State);
        Assert.Equal(2, s.Delivery.State.Incidents[0].Timeline.Count(e => e.Kind == IncidentEventKind.ActionItemDone));
    }

    [Fact]
    public void A_review_card_is_stale_only_when_a_review_changed_not_when_another_incident_moved()
    {
        var s = Resolved();
        var drawn = s.Delivery.Version;
        s.Ok(Pablo, new DeclareIncident("Another", Severity.Sev3, "API", s.Clock.GetUtcNow()));

        Assert.Equal(OutcomeKind.Applied,
            s.Do(Dana, Review(Item(s, "Alert on queue depth", Quinn)), version: drawn).Kind);
        // a card drawn before that review changed is out of date for the next one
        var after = s.Delivery.Version - 1;
        Assert.Equal(OutcomeKind.Stale,
            s.Do(Dana, Review(Item(s, "More", Quinn)), version: after).Kind);
    }

    [Fact]
    public void Action_items_are_nudged_to_their_owner_from_their_due_date_until_done_also_once_closed()
    {
        var s = Resolved();
        s.Ok(Dana, Review(Item(s, "Alert on queue depth", Quinn)));
        var due = Today(s).AddDays(3);

        var nudge = Assert.Single(Planned(s, ReminderKind.ActionItemDue));
        Assert.Equal(("action-item:I1-A1:1", Quinn, s.Delivery.Calendar.StartOf(due)),
            (nudge.Key, nudge.Recipient, nudge.DueAt));
        Assert.Contains("done D1-I1-A1", nudge.Subject);

        var sent = SchedulerSimulation.Run(s, s.Delivery.Calendar.StartOf(due.AddDays(1)).AddHours(2),
            TimeSpan.FromMinutes(30));
        var nudges = sent.Where(x => x.Reminder.Kind == ReminderKind.ActionItemDue).ToList();
        Assert.Equal(2, nudges.Count);
        var calendar = s.Delivery.Calendar;
        Assert.Equal(calendar.NextWorkingMoment(calendar.AddBusinessHours(nudges[0].At, TimeSpan.FromHours(8))),
            nudges[1].At);

        s.Ok(Quinn, new MarkActionItemDone("D1-I1-A1"));
        Assert.Empty(Planned(s, ReminderKind.ActionItemDue));
    }

    [Fact]
    public void A_closed_delivery_still_nudges_open_action_items()
    {
        var s = Scenario.Opened().Reviewed();
        s.Ok(Dana, new CloseDelivery());
        s.Ok(Pablo, new DeclareIncident("Slow", Severity.Sev3, "API", s.Clock.GetUtcNow().AddMinutes(-5)));
        s.Ok(Diego, new ResolveIncident("I1", "Fix", "Cause"));
        s.Ok(Diego, Review(Item(s, "Alert on queue depth", Quinn)));

        Assert.Equal(Quinn, Assert.Single(Planned(s, ReminderKind.ActionItemDue)).Recipient);
    }

    [Fact]
    public void The_dm_is_asked_once_for_the_review_a_business_day_after_the_resolution()
    {
        var s = Resolved();
        var resolved = s.Delivery.State.Incidents[0].Resolution!.At;

        var ask = Assert.Single(Planned(s, ReminderKind.IncidentReviewDue));
        Assert.Equal(("incident-review:I1", Dana, s.Delivery.Calendar.AddBusinessDays(resolved, 1)),
            (ask.Key, ask.Recipient, ask.DueAt));
        Assert.Contains("postmortem D1-I1", ask.Subject);

        var sent = SchedulerSimulation.Run(s, resolved.AddDays(10), TimeSpan.FromHours(1));
        Assert.Single(sent, x => x.Reminder.Kind == ReminderKind.IncidentReviewDue);

        s.Ok(Dana, Review() with { NoActionItemsNeeded = true });
        Assert.Empty(Planned(s, ReminderKind.IncidentReviewDue));
    }

    [Fact]
    public void The_report_lists_the_action_items_and_the_lessons_learned_from_the_review()
    {
        var s = Resolved();
        var before = IncidentMarkdown.Render(s.Delivery, s.Delivery.State.Incidents[0]);
        Assert.Contains("| Not reviewed yet. | | | |", before);
        Assert.Contains("- What went well: not reviewed yet\n", before);

        s.Ok(Dana, Review(Item(s, "Alert on queue depth | p95", Quinn), Item(s, "Cap invoice size", Pablo)));
        s.Ok(Quinn, new MarkActionItemDone("D1-I1-A1"));
        var md = IncidentMarkdown.Render(s.Delivery, s.Delivery.State.Incidents[0]);

        var due = Today(s).AddDays(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"| D1-I1-A1: Alert on queue depth \\| p95 | Quinn | {due} | Done (Quinn, ", md);
        Assert.Contains($"| D1-I1-A2: Cap invoice size | Pablo | {due} | Open |", md);
        Assert.Contains("## Lessons Learned\n- What went well: Paged within minutes\n- What could improve: No alert on "
            + "the queue's depth\n- Follow-up items: Share with the platform team\n", md);
    }
}
