using System.Text.Json;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.Teams.Tests.Cards;
using DeliveryBot.Teams.Tests.Support;
using DeliveryBot.TestKit;
using Microsoft.Extensions.DependencyInjection;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Teams.Tests;

/// <summary>
/// The release calendar and the change freezes through real activities: `freeze` set, listed and ended by a DM or the
/// CTO only, bad dates and the wrong person refused, a Teams retry applied once; a window confirmed on the deployment
/// card inside a freeze refused until an approved freeze-exception change covers it; `releases` showing each
/// organisation only its own deliveries and freezes. The clock is Monday 2 March 2026, 11:00 London.
/// </summary>
public sealed class ReleaseCalendarTests : DeliveryCardClicks
{
    private const string Fabrikam = "tenant-fabrikam";
    private int _said;

    /// <summary>The text of the bot's reply to <paramref name="who"/> typing <paramref name="text"/>.</summary>
    private async Task<string> SayTextAsync(
        Person who, string text, string tenant = Activities.Tenant, string? id = null)
    {
        id ??= $"said-{++_said}";
        using var response = await PostAsync(Activities.Message(Connector.ServiceUrl, text, id: id, tenant: tenant,
            fromOid: who.ObjectId!, fromName: who.DisplayName));
        Assert.True(response.IsSuccessStatusCode, $"the bot answered {(int)response.StatusCode}");
        var reply = Connector.Sends.Last(c => c.Path.EndsWith($"/activities/{id}", StringComparison.Ordinal));
        return JsonDocument.Parse(reply.Body).RootElement.GetProperty("text").GetString()!;
    }

    /// <summary>Fabrikam's D1: planned like Contoso's (Dana its DM, by the same Entra id), its own client.</summary>
    private async Task StoreFabrikamAsync()
    {
        await Store.SaveAsync(Support.Fabrikam.PlannedD1(), 0, Scenario.Start);
    }

    /// <summary>Contoso's D1 in stage 5, with an Expedited freeze-exception change not yet approved.</summary>
    private static Scenario WithPendingException()
    {
        var s = Scenario.Opened().ToDeployment();
        var day = new DateOnly(2026, 3, 30);
        s.Ok(Dana, Scenario.SampleChange(ChangeType.Expedited, day, schedule: new ChangeSchedule(
            day, new TimeOnly(0, 0), TimeSpan.FromDays(3), FreezeException: true)));
        return s;
    }

    [Fact]
    public async Task Freezes_are_set_listed_and_ended_by_a_dm_or_the_cto_and_nobody_else()
    {
        await StoreAsync(Scenario.Opened().Planned());

        Assert.Equal("Your organisation has no change freezes. `freeze 2026-12-21 2027-01-04 year-end` sets one.",
            await SayTextAsync(Pablo, "freeze list"));
        var set = await SayTextAsync(Dana, "freeze 2026-03-28 2026-04-05 Easter weekend", id: "freeze-easter");
        Assert.Equal("✅ Change freeze F1 (2026-03-28 to 2026-04-05: Easter weekend) set by Dana: a deployment "
            + "window in it needs an approved change marked as a change-freeze exception.", set);
        // a Teams retry of the same activity sets nothing more
        Assert.Equal($"ℹ️ {set[2..].TrimStart()}",
            await SayTextAsync(Dana, "freeze 2026-03-28 2026-04-05 Easter weekend", id: "freeze-easter"));

        Assert.StartsWith("🚫 Only a Delivery Manager or the CTO of one of your organisation's open deliveries may set",
            await SayTextAsync(Pablo, "freeze 2026-12-21 2027-01-04 Year end"));
        Assert.StartsWith("🚫 Only a Delivery Manager or the CTO",
            await SayTextAsync(Mallory, "freeze end F1"));
        Assert.Equal("`2026-13-01` is not a date: give it as yyyy-mm-dd, e.g. `freeze 2026-12-21 2027-01-04 "
            + "year-end`.", await SayTextAsync(Dana, "freeze 2026-13-01 2026-12-31 Year end"));
        Assert.StartsWith("Give the freeze's first and last day and why.",
            await SayTextAsync(Dana, "freeze 2026-12-21 2027-01-04"));
        Assert.Equal("⛔ The freeze's end (2026-12-01) cannot be before its start (2026-12-21).",
            await SayTextAsync(Dana, "freeze 2026-12-21 2026-12-01 Year end"));
        Assert.StartsWith("Which freeze?", await SayTextAsync(Dana, "freeze end soon"));
        Assert.Equal("⛔ There is no change freeze F9. Type freeze list to see them.",
            await SayTextAsync(Clara, "freeze end F9"));

        var list = await SayTextAsync(Quinn, "freeze list");
        Assert.Equal("**Change freezes** (1 in force):\n\n"
            + "- ❄ **F1** Sat 28 Mar 2026 – Sun 5 Apr 2026: Easter weekend (set by Dana 2026-03-02)\n", list);

        Assert.StartsWith("✅ Change freeze F1 (2026-03-28 to 2026-04-05: Easter weekend) ended by Clara",
            await SayTextAsync(Clara, "freeze end 1"));
        Assert.StartsWith("ℹ️ Change freeze F1 was already ended by Clara", await SayTextAsync(Dana, "freeze end F1"));
        Assert.Contains("(0 in force)", await SayTextAsync(Quinn, "freeze"));
    }

    [Fact]
    public async Task A_window_in_a_freeze_is_refused_on_the_card_and_confirmed_once_its_exception_is_approved()
    {
        await StoreAsync(WithPendingException());
        Assert.StartsWith("✅", await SayTextAsync(Dana, "freeze 2026-03-28 2026-04-05 Easter"));
        var window = Values(("windowStart", "2026-03-30"), ("windowEnd", "2026-04-01"));

        var refused = Texts(await ClickAsync(Diego, "deployment", "deployment.window", window));

        Assert.Contains("⛔ The deployment window 2026-03-30 to 2026-04-01 falls in the change freeze F1 "
            + "(2026-03-28 to 2026-04-05: Easter). Allowed: a window ending by 2026-03-27 or starting on 2026-04-06",
            refused, StringComparison.Ordinal);
        Assert.Contains("CHG-D1-1 is still awaiting approval.", refused, StringComparison.Ordinal);
        Assert.Null((await NowAsync()).State.DeploymentWindow);
        Assert.Contains("⚠ in freeze F1, no approved exception", await SayTextAsync(Dana, "releases"));

        await ClickAsync(Dana, "change-approval", "change.approve", focus: "C1");
        var confirmed = Texts(await ClickAsync(Diego, "deployment", "deployment.window", window));

        Assert.Contains("Confirmed window | 2026-03-30 to 2026-04-01, by Diego", confirmed, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2026, 3, 30), (await NowAsync()).State.DeploymentWindow!.Start);
        var calendar = await SayTextAsync(Dana, "releases");
        Assert.Contains("**Week of Mon 30 Mar** · ❄ F1 freeze\n- ◆ **D1** Contoso Ltd — Invoice Triage Agent: "
            + "Mon 30 Mar – Wed 1 Apr (confirmed by Diego) · ❄ in freeze F1, exception CHG-D1-1 · go/no-go due "
            + "Fri 27 Mar, awaiting Delivery Manager and Client contact", calendar, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_organisation_s_calendar_shows_only_its_own_deliveries_and_freezes()
    {
        var contoso = Scenario.Opened().ToDeployment();
        contoso.Ok(Diego, new ConfirmDeploymentWindow(new(2026, 3, 30), new(2026, 4, 1)));
        await StoreAsync(contoso);
        await StoreFabrikamAsync();
        Assert.StartsWith("✅", await SayTextAsync(Dana, "freeze 2026-03-16 2026-03-20 Fabrikam audit", Fabrikam));

        var ours = await SayTextAsync(Dana, "releases");
        var theirs = await SayTextAsync(Dana, "releases", Fabrikam);

        Assert.StartsWith("**Release calendar**: 8 weeks, Mon 2 Mar 2026 to Sun 26 Apr 2026 (today in UTC;", ours);
        Assert.Contains("- ◆ **D1** Contoso Ltd — Invoice Triage Agent: Mon 30 Mar – Wed 1 Apr (confirmed by Diego)",
            ours, StringComparison.Ordinal);
        Assert.Contains("**Change freezes:** none in these weeks.", ours, StringComparison.Ordinal);
        Assert.DoesNotContain("Fabrikam", ours, StringComparison.Ordinal);
        Assert.Contains("- ○ **D1** Fabrikam Inc — Invoice Triage Agent: Mon 30 Mar – Wed 1 Apr (planned)", theirs,
            StringComparison.Ordinal);
        Assert.Contains("❄ **F1** Mon 16 Mar – Fri 20 Mar: Fabrikam audit", theirs, StringComparison.Ordinal);
        Assert.DoesNotContain("Contoso", theirs, StringComparison.Ordinal);
        // Fabrikam's F1 is nothing to Contoso, and holds none of its windows
        Assert.StartsWith("Your organisation has no change freezes.", await SayTextAsync(Dana, "freeze list"));
        Assert.Equal("⛔ There is no change freeze F1. Type freeze list to see them.",
            await SayTextAsync(Dana, "freeze end F1"));
        Assert.True((await Bot.Services.GetRequiredService<Application.Storage.ITenantSettingsStore>()
            .GetAsync(Fabrikam)).Freezes.Single().IsActive);
    }

    [Theory]
    [InlineData("releases 0")]
    [InlineData("releases 27")]
    [InlineData("releases soon")]
    public async Task A_bad_number_of_weeks_gets_the_usage(string command)
        => Assert.EndsWith("is not a number of weeks (1–26). Type `releases [weeks]`, e.g. `releases 12`.",
            await SayTextAsync(Dana, command));

    [Fact]
    public async Task Releases_12_shows_twelve_weeks_each_with_its_windows_or_none()
    {
        await StoreAsync(Scenario.Opened().Planned());

        var calendar = await SayTextAsync(Pablo, "releases 12");

        Assert.StartsWith("**Release calendar**: 12 weeks, Mon 2 Mar 2026 to Sun 24 May 2026", calendar);
        Assert.Equal(12, calendar.Split("**Week of").Length - 1);
        Assert.Equal(11, calendar.Split("- no deployment windows").Length - 1);
    }
}
