using DeliveryBot.Domain.Calendar;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.Domain.Rendering;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Calendar;

/// <summary>
/// Change freezes: who may set and end them, their dates, and the rule that a deployment window in one needs an
/// approved change of the delivery marked as a freeze exception and covering the window. The scenario's clock is
/// Monday 2 March 2026, 10:00 London; D1's planned window is 30 March to 1 April.
/// </summary>
public sealed class ChangeFreezeTests
{
    private static readonly Role[] Dm = [Role.DeliveryManager];
    private static readonly DateOnly Mar30 = new(2026, 3, 30);
    private static readonly DateOnly Apr1 = new(2026, 4, 1);

    private static CommandMeta Meta(Person who, string id = "freeze-1") => new(id, who, Scenario.Start, "test");

    /// <summary>Easter: 28 March to 5 April 2026, set by Dana.</summary>
    private static TenantSettings Easter(TenantSettings? settings = null)
    {
        var (set, outcome) = (settings ?? new TenantSettings("contoso"))
            .Freeze(new(2026, 3, 28), new(2026, 4, 5), "Easter", Dm, Meta(Dana), "Europe/London");
        Assert.Equal(OutcomeKind.Applied, outcome.Kind);
        return set;
    }

    private static ConfirmDeploymentWindow Window(DateOnly start, DateOnly end, TenantSettings settings)
        => new ConfirmDeploymentWindow(start, end) with { Freezes = settings.Freezes };

    /// <summary>An approved change of D1 marked as a freeze exception over the days given.</summary>
    private static void Exception(Scenario s, DateOnly from, int days, ChangeType type = ChangeType.Expedited)
    {
        var change = Scenario.SampleChange(type, from, schedule: new ChangeSchedule(
            from, new TimeOnly(0, 0), TimeSpan.FromDays(days), FreezeException: true));
        s.Ok(Dana, change);
        if (type == ChangeType.Expedited) s.Ok(Dana, new ApproveChange(s.Delivery.State.ChangeRequests[^1].Id));
    }

    [Fact]
    public void A_delivery_manager_or_the_cto_sets_a_freeze_anyone_else_is_told_who_may()
    {
        var settings = Easter();
        Assert.Equal("F1", settings.Freezes.Single().Name);
        Assert.Equal(1, settings.Version);

        var (_, cto) = settings.Freeze(
            new(2026, 12, 21), new(2027, 1, 4), "Year end", [Role.Cto], Meta(Clara, "f-2"), "UTC");
        Assert.Equal(OutcomeKind.Applied, cto.Kind);

        foreach (var held in new[] { Array.Empty<Role>(), [Role.ProductionLineArchitect, Role.ClientContact] })
        {
            var (after, refused) = settings.Freeze(
                new(2026, 12, 21), new(2027, 1, 4), "Year end", held, Meta(Pablo, "f-3"), "UTC");
            Assert.Equal(OutcomeKind.Forbidden, refused.Kind);
            Assert.StartsWith("Only a Delivery Manager or the CTO", refused.Message);
            Assert.Same(settings, after);
        }
        var (kept, ending) = settings.EndFreeze(1, [Role.QaEngineer], Meta(Quinn, "f-4"));
        Assert.Equal(OutcomeKind.Forbidden, ending.Kind);
        Assert.True(kept.Freezes[0].IsActive);
    }

    [Theory]
    [InlineData("2026-03-10", "2026-03-09", "Easter", "cannot be before its start (2026-03-10)")]
    [InlineData("2026-02-01", "2026-03-01", "Easter", "The freeze's end (2026-03-01) cannot be before 2026-03-02")]
    [InlineData("2026-03-10", "2027-03-12", "Easter", "A freeze lasts at most 366 days")]
    [InlineData("2026-03-10", "2026-03-12", "  ", "The reason for the freeze is required.")]
    public void Bad_dates_or_no_reason_are_refused_and_change_nothing(
        string start, string end, string reason, string why)
    {
        var settings = new TenantSettings("contoso");
        var (after, outcome) = settings.Freeze(
            DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture),
            DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture),
            reason, Dm, Meta(Dana), "Europe/London");

        Assert.Equal(OutcomeKind.Refused, outcome.Kind);
        Assert.Contains(why, outcome.Message, StringComparison.Ordinal);
        Assert.Same(settings, after);
    }

    [Fact]
    public void A_freeze_already_under_way_may_be_set_the_same_command_twice_sets_it_once()
    {
        var (set, first) = new TenantSettings("contoso")
            .Freeze(new(2026, 2, 20), new(2026, 3, 6), "Audit", Dm, Meta(Dana), "Europe/London");
        Assert.Equal(OutcomeKind.Applied, first.Kind);

        var (again, retry) = set.Freeze(new(2026, 2, 20), new(2026, 3, 6), "Audit", Dm, Meta(Dana), "Europe/London");
        Assert.Equal(OutcomeKind.Duplicate, retry.Kind);
        Assert.Equal(first.Message, retry.Message);
        Assert.Single(again.Freezes);

        var (_, same) = set.Freeze(
            new(2026, 2, 20), new(2026, 3, 6), "Audit", Dm, Meta(Dana, "other"), "Europe/London");
        Assert.Equal(OutcomeKind.Refused, same.Kind);
        Assert.Contains("F1 (2026-02-20 to 2026-03-06: Audit) already covers these days", same.Message);
    }

    [Fact]
    public void Ending_a_freeze_lifts_it_once_and_an_unknown_one_is_named()
    {
        var settings = Easter();
        var (ended, outcome) = settings.EndFreeze(1, Dm, Meta(Dana, "end-1"));
        Assert.Equal(OutcomeKind.Applied, outcome.Kind);
        Assert.Empty(ended.ActiveFreezes);
        Assert.Equal(Dana, ended.Freezes[0].EndedBy);

        var (_, twice) = ended.EndFreeze(1, Dm, Meta(Clara, "end-2"));
        Assert.Equal(OutcomeKind.AlreadyDecided, twice.Kind);
        Assert.StartsWith("Change freeze F1 was already ended by Dana", twice.Message);
        var (_, unknown) = ended.EndFreeze(7, Dm, Meta(Dana, "end-3"));
        Assert.Equal("There is no change freeze F7. Type freeze list to see them.", unknown.Message);
    }

    [Fact]
    public void A_window_in_a_freeze_is_refused_naming_it_and_what_would_be_allowed()
    {
        var s = Scenario.Opened().ToDeployment();
        var before = s.Delivery.Version;

        var refused = s.Do(Diego, Window(Mar30, Apr1, Easter()));

        Assert.Equal(OutcomeKind.Refused, refused.Kind);
        Assert.Equal(
            "The deployment window 2026-03-30 to 2026-04-01 falls in the change freeze F1 (2026-03-28 to "
            + "2026-04-05: Easter). Allowed: a window ending by 2026-03-27 or starting on 2026-04-06 or later; or this "
            + "window once a change of D1 marked as a change-freeze exception, scheduled over 2026-03-30 to "
            + "2026-04-01, is approved (change D1 posts the form).",
            refused.Message);
        Assert.Equal(before, s.Delivery.Version);
        Assert.Null(s.Delivery.State.DeploymentWindow);

        // the days either side are free, and a window meeting no freeze is confirmed as before
        s.Ok(Diego, Window(new(2026, 3, 25), new(2026, 3, 27), Easter()));
        s.Ok(Diego, Window(new(2026, 4, 6), new(2026, 4, 7), Easter()));
    }

    [Fact]
    public void An_approved_exception_covering_the_window_lets_it_in_a_pending_or_partial_one_does_not()
    {
        var s = Scenario.Opened().ToDeployment();
        s.Ok(Dana, Scenario.SampleChange(ChangeType.Expedited, Mar30, schedule: new ChangeSchedule(
            Mar30, new TimeOnly(0, 0), TimeSpan.FromDays(3), FreezeException: true)));
        var pending = s.Do(Diego, Window(Mar30, Apr1, Easter()));
        Assert.Equal(OutcomeKind.Refused, pending.Kind);
        Assert.EndsWith("CHG-D1-1 is still awaiting approval.", pending.Message);

        Exception(s, Mar30, days: 1); // covers 30 March only
        Assert.Equal(OutcomeKind.Refused, s.Do(Diego, Window(Mar30, Apr1, Easter())).Kind);
        Exception(s, Mar30, days: 1, ChangeType.Standard); // pre-approved: nobody approved the freeze
        Assert.Equal(OutcomeKind.Refused, s.Do(Diego, Window(Mar30, Apr1, Easter())).Kind);

        s.Ok(Dana, new ApproveChange("C1"));
        var confirmed = s.Ok(Diego, Window(Mar30, Apr1, Easter()));
        Assert.EndsWith("It falls in change freeze F1, as CHG-D1-1 allows.", confirmed.Message);
        Assert.Equal(Mar30, s.Delivery.State.DeploymentWindow!.Start);
    }

    [Fact]
    public void An_ended_freeze_holds_no_window()
    {
        var s = Scenario.Opened().ToDeployment();
        var (ended, _) = Easter().EndFreeze(1, Dm, Meta(Dana, "end"));

        s.Ok(Diego, Window(Mar30, Apr1, ended));
    }

    [Fact]
    public void The_calendar_shows_windows_week_by_week_with_freezes_exceptions_and_the_go_no_go()
    {
        var confirmed = Scenario.Opened().ToDeployment();
        Exception(confirmed, Mar30, days: 3);
        confirmed.Ok(Diego, Window(Mar30, Apr1, Easter()));
        var planned = Scenario.Opened().Planned(); // its schedule plans 30 March to 1 April
        var other = Delivery.Restore(planned.Delivery.State with { Id = "D2", Client = "Fabrikam <b>" });

        var md = ReleaseCalendarMarkdown.Render(
            [confirmed.Delivery, other], Easter().Freezes, new(2026, 3, 2), weeks: 5, "Europe/London");

        Assert.StartsWith("**Release calendar**: 5 weeks, Mon 2 Mar 2026 to Sun 5 Apr 2026", md);
        Assert.Contains("- ❄ **F1** Sat 28 Mar – Sun 5 Apr: Easter (set by Dana)", md);
        Assert.Contains("**Week of Mon 23 Mar** · ❄ F1 freeze\n- no deployment windows", md);
        Assert.Contains(
            "**Week of Mon 30 Mar** · ❄ F1 freeze\n"
            + "- ◆ **D1** Contoso Ltd — Invoice Triage Agent: Mon 30 Mar – Wed 1 Apr (confirmed by Diego) · ❄ in "
            + "freeze F1, exception CHG-D1-1 · go/no-go due Fri 27 Mar, awaiting Delivery Manager and Client contact\n"
            + "- ○ **D2** Fabrikam \\<b\\> — Invoice Triage Agent: Mon 30 Mar – Wed 1 Apr (planned) · ⚠ in freeze F1, "
            + "no approved exception · go/no-go once the window is confirmed\n",
            md);
        Assert.Equal(5, md.Split("**Week of").Length - 1);

        confirmed.Go();
        Assert.Contains("go/no-go: **go**", ReleaseCalendarMarkdown.Render(
            [confirmed.Delivery], [], new(2026, 3, 2), weeks: 5, "Europe/London"));
        // a window before today or after the weeks asked for is not shown
        Assert.DoesNotContain("**D1**", ReleaseCalendarMarkdown.Render(
            [confirmed.Delivery], [], new(2026, 3, 2), weeks: 2, "Europe/London"));
        Assert.DoesNotContain("**D1**", ReleaseCalendarMarkdown.Render(
            [confirmed.Delivery], [], new(2026, 4, 2), weeks: 2, "Europe/London"));
    }
}
