using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Policies;
using DeliveryBot.Domain.Record;
using DeliveryBot.Domain.Rendering;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Lifecycle;

/// <summary>The review's follow-ups: whose they are, marking them done, and the nudges until they are.</summary>
public sealed class FollowUpTests
{
    private static readonly DateOnly Thursday = new(2026, 3, 5);

    private static DateTimeOffset Utc(int mo, int d, int h) => new(2026, mo, d, h, 0, 0, TimeSpan.Zero);

    /// <summary>Reviewed on Monday 2 March 10:00 London (UTC): F1 Quinn's, F2 text only, both due Thursday.</summary>
    private static Scenario Reviewed(params FollowUp[] followUps)
    {
        var s = Scenario.Opened().ToReview();
        s.Ok(Dana, new CompleteReview(["Gates held"], ["Earlier QA"], followUps.Length > 0
            ? followUps
            :
            [
                new FollowUp("Automate QA smoke", "qa", Thursday),
                new FollowUp("Send the case study", "Marketing", Thursday),
            ]));
        return s;
    }

    private static List<DueReminder> FollowUpNudges(Scenario s)
        => [.. ReminderPolicy.Plan(s.Delivery, s.Clock.GetUtcNow()).Where(r => r.Kind == ReminderKind.FollowUpDue)];

    [Fact]
    public void An_owner_naming_a_stakeholder_by_role_email_or_name_keeps_the_person_else_stays_text()
    {
        var s = Reviewed(
            new FollowUp("a", "QA Engineer"),
            new FollowUp("b", "PABLO@contoso.test"),
            new FollowUp("c", " cora "),
            new FollowUp("d", "dm"),
            new FollowUp("e", "The marketing team"));

        var owners = s.Delivery.State.Review!.FollowUps.Select(f => f.OwnedBy).ToList();

        Assert.Equal([Quinn, Pablo, Cora, Dana, null], owners);
        Assert.Equal("The marketing team", s.Delivery.State.Review.FollowUps[4].Owner);
    }

    [Fact]
    public void The_owner_or_the_dm_marks_a_follow_up_done_once_and_others_cannot()
    {
        var s = Reviewed();

        Assert.Equal(OutcomeKind.Forbidden, s.Do(Pablo, new MarkFollowUpDone("F1")).Kind);
        Assert.Equal(OutcomeKind.Forbidden, s.Do(Quinn, new MarkFollowUpDone("F2")).Kind);
        var unknown = s.Do(Quinn, new MarkFollowUpDone("F3"));
        Assert.Equal(OutcomeKind.Refused, unknown.Kind);
        Assert.Contains("no follow-up F3", unknown.Message);
        Assert.Contains("F1 to F2", unknown.Message);

        var done = s.Ok(Quinn, new MarkFollowUpDone("f1", "Smoke suite runs nightly"));
        s.Ok(Dana, new MarkFollowUpDone("F2"));

        Assert.Contains("marked done by Quinn", done.Message);
        var again = s.Do(Dana, new MarkFollowUpDone("F1", "again"));
        Assert.Equal(OutcomeKind.AlreadyDecided, again.Kind);
        Assert.Contains("already marked done by Quinn", again.Message);
        Assert.Contains("Smoke suite runs nightly", again.Message);
        var f1 = s.Delivery.State.Review!.FollowUps[0].Done!;
        Assert.Equal((Quinn, Utc(3, 2, 10), "Smoke suite runs nightly"), (f1.By, f1.At, f1.Note));
        Assert.Contains(s.Delivery.State.Audit, a => a.Action == "follow-up-done");
    }

    [Fact]
    public void The_review_shows_which_follow_ups_are_done_by_whom_and_when()
    {
        var s = Reviewed();
        s.Ok(Quinn, new MarkFollowUpDone("F1", "Nightly"));

        var md = ReviewMarkdown.Render(s.Delivery)!;

        Assert.Contains("- F1: Automate QA smoke — owner Quinn, due 2026-03-05 — **done** by Quinn on 2026-03-02", md);
        Assert.Contains(": Nightly\n", md);
        Assert.Contains("- F2: Send the case study — owner Marketing, due 2026-03-05\n", md);
    }

    [Fact]
    public void A_follow_up_is_not_nudged_before_its_due_date_then_on_it_then_at_the_nudge_pacing()
    {
        var s = Reviewed();

        // (the success metrics after go-live are asked for too: only the follow-ups count here)
        Assert.DoesNotContain(ReminderPolicy.Due(s.Delivery, Utc(3, 5, 8)), r => r.Kind == ReminderKind.FollowUpDue);
        var nudges = FollowUpNudges(s);
        Assert.Equal(
            [("follow-up:F1:1", Quinn, Utc(3, 5, 9)), ("follow-up:F2:1", Dana, Utc(3, 5, 9))],
            nudges.Select(r => (r.Key, r.Recipient, r.DueAt)));
        Assert.Contains("done D1-F1", nudges[0].Subject);
        Assert.Contains("Its owner is Marketing", nudges[1].Subject);

        var sent = SchedulerSimulation.Run(s, Utc(3, 9, 12), TimeSpan.FromMinutes(30));

        // 8 business hours apart: Thursday, Friday and Monday at the start of the day, each to the same person
        Assert.Equal(
            [Utc(3, 5, 9), Utc(3, 6, 9), Utc(3, 9, 9)],
            sent.Where(x => x.Reminder.Reference == "F1").Select(x => x.At));
        Assert.All(sent.Where(x => x.Reminder.Reference == "F2"), x => Assert.Equal(Dana, x.Reminder.Recipient));
    }

    [Fact]
    public void A_closed_delivery_is_still_nudged_about_open_follow_ups_and_not_once_they_are_done()
    {
        var s = Reviewed();
        s.Ok(Dana, new CloseDelivery());

        Assert.Equal(Utc(3, 5, 9), ReminderPolicy.NextDueAt(s.Delivery, s.Clock.GetUtcNow()));
        var sent = SchedulerSimulation.Run(s, Utc(3, 5, 12), TimeSpan.FromMinutes(30));
        Assert.Equal(["follow-up:F1:1", "follow-up:F2:1"], sent.Select(x => x.Reminder.Key));

        s.Ok(Quinn, new MarkFollowUpDone("F1"));
        s.Ok(Dana, new MarkFollowUpDone("F2", "Sent"));

        Assert.Empty(FollowUpNudges(s));
        Assert.Null(ReminderPolicy.NextDueAt(s.Delivery, s.Clock.GetUtcNow()));
        Assert.Empty(SchedulerSimulation.Run(s, Utc(3, 20, 12), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void A_follow_up_without_a_due_date_is_never_nudged()
        => Assert.Empty(FollowUpNudges(Scenario.Opened().Reviewed().Later(TimeSpan.FromDays(60))));
}
