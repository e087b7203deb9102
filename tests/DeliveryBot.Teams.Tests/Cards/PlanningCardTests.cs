using System.Text.Json;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.Record;
using DeliveryBot.Teams.Tests.Support;
using DeliveryBot.TestKit;
using Microsoft.Extensions.DependencyInjection;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Teams.Tests.Cards;

/// <summary>
/// Stage 2 through real activities: `plan D1` posts the planning card; the DM saves the schedule and the acceptable
/// delays, shares it and records the initial client communication; the PLA and the Deployment Specialist acknowledge it
/// on their schedule cards. The wrong person, a date or delay that does not parse, a missing summary and a stale card
/// change nothing, and the card says why.
/// </summary>
public sealed class PlanningCardTests : CardClickTest
{
    private const string Card = "planning";

    /// <summary>The planning form as the DM fills it: the sample schedule, a few delays, with any field
    /// changed.</summary>
    private static Dictionary<string, string> Form(params (string Input, string Value)[] changes)
    {
        var form = new Dictionary<string, string>
        {
            ["productionStart"] = "2026-03-09", ["productionComplete"] = "2026-03-20", ["qaSubmission"] = "2026-03-23",
            ["qaCertification"] = "2026-03-27", ["deploymentStart"] = "2026-03-30", ["deploymentEnd"] = "2026-04-01",
            ["clientHandover"] = "2026-04-03", ["delay-productionComplete"] = "3", ["delay-clientHandover"] = "1",
        };
        foreach (var (input, value) in changes) form[input] = value;
        return form;
    }

    [Fact]
    public async Task A_name_written_as_a_markdown_link_shows_as_typed_and_links_nowhere()
    {
        const string Lure = "[Renew your password](https://evil.example/x@contoso.com)";
        var s = Scenario.Opened().Planned();
        await Store.SaveAsync(Contoso.Own(Domain.Deliveries.Delivery.Restore(s.Delivery.State with
        {
            Stakeholders = [.. s.Delivery.State.Stakeholders.Select(
                h => h.Person.IsSameAs(Pablo) ? h with { Person = Pablo with { DisplayName = Lure } } : h)],
        })), 0, Scenario.Start);

        var card = (await SeenByAsync(Dana, Card)).GetRawText();

        // nowhere on the card: not in a fact, not in a text block
        Assert.DoesNotContain("](", card, StringComparison.Ordinal);
        Assert.Contains(
            "[Renew your password]\u2060(https://evil.example/x@contoso.com)", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_posts_the_planning_card_with_the_schedule_filled_in()
    {
        await StoreAsync(Scenario.Opened().Planned());

        await PostAsync(Activities.Message(Connector.ServiceUrl, "plan D1", fromOid: "oid-dana", fromName: "Dana"));

        var shown = JsonDocument.Parse(Connector.Sends[^1].Body).RootElement.GetProperty("attachments")[0]
            .GetProperty("content").Clone();
        Assert.Equal("2026-03-09", InputValue(shown, "productionStart"));
        Assert.Equal("2026-04-03", InputValue(shown, "clientHandover"));
        Assert.Contains("Save the schedule", Buttons(shown));
        Assert.Contains(await Bot.Services.GetRequiredService<IConversationStore>().PostedCardsAsync(Contoso.Key("D1")),
            p => p.Template == Card);
    }

    [Fact]
    public async Task The_dm_saves_the_schedule_shares_it_and_records_the_initial_communication()
    {
        await StoreAsync(Scenario.Opened().ToPlanning());

        var empty = await ClickAsync(Dana, Card, "card.refresh");
        Assert.True(string.IsNullOrEmpty(InputValue(empty, "productionStart")));
        Assert.DoesNotContain("Share with the stakeholders", Buttons(empty));

        var saved = await ClickAsync(Dana, Card, "plan.save", Form());
        var d = await NowAsync();
        Assert.Equal(Scenario.SampleSchedule, d.State.Schedule);
        Assert.Equal(3, d.State.Milestones[(int)Milestone.ProductionComplete].AcceptableDelayDays);
        Assert.Equal(1, d.State.Milestones[(int)Milestone.ClientHandover].AcceptableDelayDays);
        Assert.Equal("2026-03-27", InputValue(saved, "qaCertification"));
        Assert.Equal("3", InputValue(saved, "delay-productionComplete"));
        Assert.Contains("Share with the stakeholders", Buttons(saved));
        // the initial communication, drafted from the schedule
        Assert.Contains("- Production start: 9 March 2026", Texts(saved));

        var shared = await ClickAsync(Dana, Card, "plan.publish");
        Assert.NotNull((await NowAsync()).State.SchedulePublishedAt);
        Assert.Contains("Shared with the stakeholders at", Texts(shared));
        Assert.DoesNotContain("Share with the stakeholders", Buttons(shared));

        var sent = await ClickAsync(Dana, Card, "plan.initial-sent",
            new Dictionary<string, string> { ["initialSummary"] = "Scope and schedule emailed to Contoso",
                ["initialChannel"] = "Email" });
        Assert.Contains("Initial client communication sent", Texts(sent));
        Assert.Single((await NowAsync()).State.StatusUpdates, u => u.Type == CommunicationType.InitialCommunication
            && u.Summary == "Scope and schedule emailed to Contoso");
        Assert.DoesNotContain("Initial client communication", Buttons(sent));
    }

    [Theory]
    [InlineData("Pablo")]
    [InlineData("Ivy")]
    [InlineData("Mallory")]
    public async Task The_wrong_person_changes_nothing_and_is_told_who_can(string who)
    {
        var stored = await StoreAsync(Scenario.Opened().ToPlanning());
        var person = Cast.Everyone.Single(p => p.DisplayName == who);

        var response = await ClickAsync(person, Card, "plan.save", Form());

        Assert.Contains("Only the Delivery Manager (Dana) can do this.", Texts(response));
        Assert.Empty(Buttons(response)); // their own view of the DM's form
        var now = await NowAsync();
        Assert.Equal((stored.Version, null), (now.Version, now.State.Schedule));
    }

    [Theory]
    [InlineData("qaSubmission", "next tuesday",
        "QA submission: 'next tuesday' is not a date (use the date picker, or yyyy-MM-dd).")]
    [InlineData("productionStart", "09/03/2026", "Production start: '09/03/2026' is not a date")]
    [InlineData("deploymentEnd", "2026-04-31", "Deployment window closes: '2026-04-31' is not a date")]
    [InlineData("clientHandover", "", "Client handover: pick a date.")]
    [InlineData("delay-qaSubmission", "two", "The acceptable delay of qa submission: 'two' is not a whole number.")]
    public async Task A_date_or_delay_that_does_not_parse_changes_nothing_and_the_card_says_why(
        string input, string typed, string told)
    {
        var stored = await StoreAsync(Scenario.Opened().ToPlanning());

        var response = await ClickAsync(Dana, Card, "plan.save", Form((input, typed)));

        Assert.Contains($"⛔ {told}", Texts(response));
        Assert.Contains("Nothing changed.", Texts(response));
        var now = await NowAsync();
        Assert.Equal((stored.Version, null), (now.Version, now.State.Schedule));
    }

    [Theory]
    [InlineData(
        "qaSubmission", "2026-03-19", "QA submitted (2026-03-19) cannot be before Production complete (2026-03-20).")]
    [InlineData("delay-productionComplete", "45", "An acceptable delay must be between 0 and 30 business days.")]
    public async Task A_schedule_the_domain_refuses_changes_nothing_and_the_card_says_why(
        string input, string typed, string told)
    {
        var stored = await StoreAsync(Scenario.Opened().ToPlanning());

        var response = await ClickAsync(Dana, Card, "plan.save", Form((input, typed)));

        Assert.Contains(told, Texts(response));
        Assert.Equal(stored.Version, (await NowAsync()).Version);
    }

    [Fact]
    public async Task Sharing_needs_a_schedule_and_the_initial_communication_needs_a_summary()
    {
        var stored = await StoreAsync(Scenario.Opened().ToPlanning());

        Assert.Contains("Plan the schedule before sharing it.", Texts(await ClickAsync(Dana, Card, "plan.publish")));
        Assert.Contains("⛔ Give a summary of what was sent. Nothing changed.",
            Texts(await ClickAsync(
                Dana, Card, "plan.initial-sent", new Dictionary<string, string> { ["initialSummary"] = "  " })));
        Assert.Equal(stored.Version, (await NowAsync()).Version);
    }

    [Fact]
    public async Task A_stale_form_changes_nothing()
    {
        var stored = await StoreAsync(Scenario.Opened().ToPlanning());
        await ClickAsync(Dana, Card, "plan.save", Form());
        var saved = await NowAsync();

        var response = await ClickAsync(
            Dana, Card, "plan.save", Form(("clientHandover", "2026-04-10")), version: stored.Version);

        Assert.Contains("This card was out of date", Texts(response));
        Assert.Equal("2026-04-03", InputValue(response, "clientHandover")); // redrawn as the record stands
        Assert.Equal(saved.Version, (await NowAsync()).Version);
    }

    [Theory]
    [InlineData(
        "schedule-acknowledged-pla", "Pablo", "Diego", "Only the Production Line Architect (Pablo) can do this.")]
    [InlineData(
        "schedule-acknowledged-deployment", "Diego", "Pablo", "Only the Deployment Specialist (Diego) can do this.")]
    public async Task The_schedule_card_is_acknowledged_by_its_own_holder_only(
        string focus, string holder, string other, string told)
    {
        var stored = await StoreAsync(Scenario.Opened().Planned());
        var person = (string name) => Cast.Everyone.Single(p => p.DisplayName == name);

        var shown = await ClickAsync(person(holder), "schedule", "card.refresh", focus: focus);
        Assert.Contains("Production start | 2026-03-09 (2 business days' grace)", Texts(shown));
        Assert.Contains("Client handover | 2026-04-03 (2 business days' grace)", Texts(shown));
        Assert.DoesNotContain("Intake handoff", Texts(shown)); // what they acknowledge: the planned targets
        Assert.Contains("Acknowledge the schedule", Buttons(shown));

        var refused = await ClickAsync(person(other), "schedule", "gate.acknowledge", focus: focus);
        Assert.Contains(told, Texts(refused));
        Assert.Equal(stored.Version, (await NowAsync()).Version);

        var done = await ClickAsync(person(holder), "schedule", "gate.acknowledge", focus: focus);
        Assert.Contains($"✅ Schedule acknowledged by {holder} at", Texts(done));
        Assert.Empty(Buttons(done));
        Assert.NotNull((await NowAsync()).DecisionFor(FindCheck(focus)!));
    }

    [Theory]
    [InlineData("production-complete")]
    [InlineData("requirements-unambiguous")]
    [InlineData("")]
    public async Task The_schedule_card_takes_only_the_two_schedule_checks(string focus)
    {
        var stored = await StoreAsync(Scenario.Opened().Planned());

        var response = await ClickAsync(Pablo, "schedule", "gate.acknowledge", focus: focus);

        Assert.Equal("application/vnd.microsoft.error", response.GetProperty("type").GetString());
        Assert.Equal(stored.Version, (await NowAsync()).Version);
    }

    [Fact]
    public async Task Before_the_schedule_is_shared_there_is_nothing_to_acknowledge()
    {
        var s = Scenario.Opened().ToPlanning();
        s.Ok(Dana, new Domain.Commands.PlanDelivery(Scenario.SampleSchedule));
        var stored = await StoreAsync(s);

        var shown = await ClickAsync(Pablo, "schedule", "card.refresh", focus: Checks.ScheduleAcknowledgedByPla.Key);
        Assert.Contains("The schedule has not been shared yet.", Texts(shown));
        Assert.Empty(Buttons(shown));

        await ClickAsync(Pablo, "schedule", "gate.acknowledge", focus: Checks.ScheduleAcknowledgedByPla.Key);
        Assert.Equal(stored.Version, (await NowAsync()).Version);
        Assert.Equal(Stage.DeliveryPlanning, (await NowAsync()).CurrentStage);
    }

    /// <summary>The calendar and reminders form as the DM fills it, with any field changed.</summary>
    private static Dictionary<string, string> Pacing(params (string Input, string Value)[] changes)
    {
        var form = new Dictionary<string, string>
        {
            ["timeZone"] = "Europe/London", ["workDays"] = "Monday,Tuesday,Wednesday,Thursday", ["dayStart"] =
                "08:30", ["dayEnd"] = "16:30",
            ["holidays"] = "2026-04-03 Good Friday\n2026-04-06 Easter Monday", ["nudgeAfterHours"] =
                "4", ["nudgesBeforeDm"] = "3",
            ["checkInDays"] = "1", ["blockerDays"] = "0",
        };
        foreach (var (input, value) in changes) form[input] = value;
        return form;
    }

    [Fact]
    public async Task The_dm_sets_the_working_calendar_and_reminder_pacing_and_the_card_shows_them()
    {
        await StoreAsync(Scenario.Opened().Planned());

        var saved = await ClickAsync(Dana, Card, "plan.reminders", Pacing());

        var settings = (await NowAsync()).State.Settings;
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday],
            settings.Calendar.WorkDays.ToArray());
        Assert.Equal(
            (new TimeOnly(8, 30), new TimeOnly(16, 30)), (settings.Calendar.DayStart, settings.Calendar.DayEnd));
        Assert.Equal(["Good Friday", "Easter Monday"], settings.Calendar.Holidays.Select(h => h.Name));
        Assert.Equal((4, 3, 1, 0), (settings.NudgeAfterBusinessHours, settings.NudgesBeforeTellingDm,
            settings.CheckInEveryBusinessDays, settings.BlockerAcceptableDelayDays));
        Assert.Contains("Mon, Tue, Wed, Thu, 08:30–16:30 (Europe/London); holidays 2026-04-03 Good Friday, " +
            "2026-04-06 Easter Monday", Texts(saved));
        Assert.Equal("2026-04-03 Good Friday\n2026-04-06 Easter Monday", InputValue(saved, "holidays"));
        Assert.Equal("Monday,Tuesday,Wednesday,Thursday", InputValue(saved, "workDays"));
    }

    [Theory]
    [InlineData("holidays", "Good Friday 2026-04-03",
        "Holiday line 1, 'Good Friday 2026-04-03': write the date (yyyy-MM-dd), a space, then its name.")]
    [InlineData("holidays", "2026-04-03", "Holiday line 1, '2026-04-03': write the date")]
    [InlineData("workDays", "", "Pick at least one working day.")]
    [InlineData("workDays", "Monday,Funday", "'Funday' is not a day of the week.")]
    [InlineData("dayEnd", "five", "The working day's end: 'five' is not a time")]
    [InlineData("dayEnd", "08:00", "The working day must end after it starts.")]
    [InlineData("timeZone", "Mars/Olympus", "'Mars/Olympus' is not a known time zone")]
    [InlineData("nudgeAfterHours", "", "Nudge after how many business hours: enter a number.")]
    [InlineData("nudgeAfterHours", "0", "Nudges must come after 1 to 80 business hours.")]
    public async Task A_calendar_or_pacing_that_does_not_hold_changes_nothing_and_the_card_says_why(
        string input, string typed, string told)
    {
        var stored = await StoreAsync(Scenario.Opened().Planned());

        var response = await ClickAsync(Dana, Card, "plan.reminders", Pacing((input, typed)));

        Assert.Contains(told, Texts(response));
        var now = await NowAsync();
        Assert.Equal((stored.Version, 8, 0),
            (now.Version, now.State.Settings.NudgeAfterBusinessHours, now.State.Settings.Calendar.Holidays.Count));
    }

    [Fact]
    public async Task Only_the_dm_sets_the_calendar_and_reminders()
    {
        var stored = await StoreAsync(Scenario.Opened().Planned());

        var response = await ClickAsync(Pablo, Card, "plan.reminders", Pacing());

        Assert.Contains("Only the Delivery Manager (Dana) can do this.", Texts(response));
        Assert.Equal(stored.Version, (await NowAsync()).Version);
    }
}
