using System.Text.Json;
using System.Text.Json.Nodes;
using DeliveryBot.Domain.People;
using DeliveryBot.Teams.Tests.Support;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Teams.Tests.Cards;

/// <summary>
/// `metrics` and `metrics D1` through real messages, and the card's Refresh through real invokes: the figures of the
/// worked delivery (<see cref="WorkedDelivery"/>, worked out by hand in the domain's metrics tests) on the card, month
/// on month; an organisation without deliveries; someone without a role refused; another organisation's D1 unknown.
/// </summary>
public sealed class MetricsCardTests : DeliveryCardClicks
{
    private const string Fabrikam = "tenant-fabrikam";
    private int _ids;

    private void ClockAt(int month, int day, int hour)
        => Clock.Advance(new DateTimeOffset(2026, month, day, hour, 0, 0, TimeSpan.Zero) - Clock.GetUtcNow());

    /// <summary>The bot's reply to <paramref name="who"/> typing <paramref name="text"/> in an organisation.</summary>
    private async Task<JsonElement> AskAsync(Person who, string text, string tenant = Activities.Tenant)
    {
        var id = $"metrics-{++_ids}";
        using var response = await PostAsync(Activities.Message(Connector.ServiceUrl, text, id: id, tenant: tenant,
            fromOid: who.ObjectId!, fromName: who.DisplayName));
        Assert.True(response.IsSuccessStatusCode, $"the bot answered {(int)response.StatusCode}");
        var reply = Connector.Sends.Last(c => c.Path.EndsWith($"/activities/{id}", StringComparison.Ordinal));
        return JsonDocument.Parse(reply.Body).RootElement.Clone();
    }

    private static string Text(JsonElement reply) => reply.GetProperty("text").GetString()!;

    /// <summary>The card a reply carries.</summary>
    private static JsonElement Card(JsonElement reply)
        => reply.GetProperty("attachments")[0].GetProperty("content");

    private static string[] Lines(JsonElement card) => Texts(card).Split(" | ");

    /// <summary>A click on the card's Refresh, with the data the card carries.</summary>
    private async Task<JsonElement> RefreshAsync(Person who, JsonElement card)
    {
        var refresh = Drawn(card).GetProperty("actions").EnumerateArray()
            .Single(a => a.GetProperty("verb").GetString() == "card.refresh").GetProperty("data");
        var activity = Activities.Invoke(Connector.ServiceUrl, "card.refresh", refresh.GetRawText(), who.ObjectId!,
            who.DisplayName, $"refresh-{++_ids}");
        using var response = await PostAsync(activity);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task The_worked_delivery_adds_up_on_the_card_for_march_and_month_on_month_in_april()
    {
        await StoreAsync(WorkedDelivery.Run());
        ClockAt(3, 31, 12);

        var march = Card(await AskAsync(Pablo, "metrics"));

        var lines = Lines(march);
        Assert.Equal(["DELIVERY PERFORMANCE - March 2026", "All of your organisation's deliveries (1 open)",
            "Delivery metrics"], lines[..3]);
        // the seed's four (no SLA figure, so no availability): one go-live in 31 days, 628 hours from production
        // start (4 March 11:00) to go-live (30 March 15:00), none failed, no incident
        Assert.Equal(
            [
                "Deployment frequency (go-lives per week): 0.23 (1 go-live) · target 10+ · ❌ missed · "
                    + "no figure for February",
                "Lead time, production start to go-live (hours): 628 · target under 24 · ❌ missed · "
                    + "no figure for February",
                "Change failure rate: 0 % · target under 5 % · ✅ met · no figure for February",
                "MTTR (hours): no data · target under 1 · no data · no figure for February",
                // live since March without an outage: the SLA's figure
                "Availability: 100.0 % · target 99.9 % or more · ✅ met · no figure for February",
                "Lifecycle",
                "On-time delivery: no data · no figure for February",
                // milestones reached in March: 0, -3, +2, +1, -2, 0, -2
                "Average slip (business days): -0.57 · no figure for February",
                "QA first-pass yield: 0 % · no figure for February",
                "Gate answer time, Delivery Manager (hours): 1 over 1 answer, 0 nudges each on average · "
                    + "no figure for February",
                "Gate answer time, Client Intake Manager (hours): 3 over 1 answer, 0 nudges each on average · "
                    + "no figure for February",
                // 2 h and 479 h
                "Gate answer time, Production Line Architect (hours): 240.5 over 2 answers, 0 nudges each on "
                    + "average · no figure for February",
                "Gate answer time, QA Engineer (hours): 2 over 1 answer, 0 nudges each on average · "
                    + "no figure for February",
                // 25 h (one nudge) and 123 h
                "Gate answer time, Deployment Specialist (hours): 74 over 2 answers, 0.5 nudges each on average · "
                    + "no figure for February",
                // February had none: one more is worse
                "Escalations: 1 · ▲ +1 on February, worse",
                "Escalation time to resolve (hours): 3 · no figure for February",
                "Lead time, intake to handover (days): no data · no figure for February",
                "Incident summary",
                "Total: 0", "SEV-1: 0", "SEV-2: 0", "SEV-3: 0", "SEV-4: 0", "MTTR: no data", "MTTD: no data",
                "Upcoming releases",
                // deployed on 30 March: nothing to come
                "No deployment windows in the next 8 weeks.",
            ],
            lines[3..^1]);
        Assert.StartsWith("Counted from every delivery of your organisation, each event in the month", lines[^1]);
        Assert.Equal(["Refresh"], Buttons(march));

        // two days on it is April, in the reader's own view: handed over on time, fewer escalations, a smaller slip
        ClockAt(4, 2, 12);
        var april = Lines(await RefreshAsync(Dana, march));

        Assert.Equal("DELIVERY PERFORMANCE - April 2026", april[0]);
        Assert.Contains("On-time delivery: 100 % of 1 handed over · no figure for March", april);
        Assert.Contains("Escalations: 0 · ▼ -1 on March, better", april);
        Assert.Contains("Average slip (business days): -1 · ▼ -0.43 on March, better", april);
        Assert.Contains("Deployment frequency (go-lives per week): no data · target 10+ · no data · March: 0.23",
            april);
        Assert.Contains("Lead time, intake to handover (days): 31 · no figure for March", april);
    }

    [Fact]
    public async Task One_deliverys_card_adds_its_slips_time_in_stage_and_gate_answers()
    {
        await StoreAsync(WorkedDelivery.Run());
        ClockAt(3, 31, 12);

        var card = Card(await AskAsync(Diego, "metrics D1"));

        var lines = Lines(card);
        Assert.Equal("D1 · Contoso Ltd — Invoice Triage Agent", lines[1]);
        Assert.Contains("D1 on its own, as of today", lines);
        Assert.Contains("Slip, Production complete: +2 business days (target 20 Mar, reached 24 Mar)", lines);
        Assert.Contains("Answered, Does the deployment window fit this schedule?: in 25 hours by the Deployment "
            + "Specialist at 2026-03-04 11:00, after 1 nudge", lines);
        Assert.Contains(lines, l => l.StartsWith("Stage 4 · ", StringComparison.Ordinal));
        Assert.Contains("Counted from this delivery's record. ▲▼ compare with last month: better or worse as the "
            + "figure goes.", lines);
        // its Refresh names the delivery again
        Assert.Contains("Slip, Production complete: +2 business days (target 20 Mar, reached 24 Mar)",
            Lines(await RefreshAsync(Diego, card)));
    }

    [Fact]
    public async Task The_deployment_windows_to_come_are_listed_and_only_people_with_a_role_see_the_card()
    {
        await StoreAsync(Scenario.Opened().Planned());

        Assert.Contains("D1 · Contoso Ltd: ○ 30 Mar – 1 Apr (planned)", Lines(Card(await AskAsync(Dana, "metrics"))));

        Assert.Equal("Only the people with a role on one of your organisation's open deliveries can see its metrics.",
            Text(await AskAsync(Mallory, "metrics")));
        Assert.Equal("Only the people with a role on D1 can see its metrics; `status D1` shows who they are.",
            Text(await AskAsync(Mallory, "metrics D1")));
        var card = Card(await AskAsync(Dana, "metrics D1"));
        Assert.True(IsRefused(await RefreshAsync(Mallory, card)));
        Assert.Equal("`X9` is not a delivery id (they look like D12). Type `metrics` for your organisation's, or "
            + "`metrics D12` for one delivery's.", Text(await AskAsync(Dana, "metrics X9")));
    }

    [Fact]
    public async Task A_cto_sets_the_organisations_targets_and_the_card_judges_against_them()
    {
        await StoreAsync(WorkedDelivery.Run());
        ClockAt(3, 31, 12);

        Assert.StartsWith("Your organisation's metric targets (the delivery-manager seed's, as no one has set others): "
            + "deployment frequency 10+ a week, lead time under 1 day,", Text(await AskAsync(Dana, "metrics targets")));
        Assert.Equal("🚫 Only the CTO of one of your organisation's open deliveries may set its metric targets; "
            + "you hold that role on none.", Text(await AskAsync(Dana, "metrics targets frequency 0.2")));
        Assert.Equal("The frequency target \"twelve\" is not a number. Nothing changed.",
            Text(await AskAsync(Clara, "metrics targets frequency twelve")));
        Assert.Contains("target 10+ · ❌ missed", Texts(Card(await AskAsync(Dana, "metrics"))));

        Assert.StartsWith("✅ Metric targets set by Clara: deployment frequency 0.2+ a week, lead time under 30 days,",
            Text(await AskAsync(Clara, "metrics targets frequency 0.2 lead-time 30d")));

        var judged = Texts(Card(await AskAsync(Dana, "metrics")));
        Assert.Contains("target 0.2+ · ✅ met", judged);
        Assert.Contains("target under 720 · ✅ met", judged);
        Assert.Contains("target 0.2+ · ✅ met", Texts(Card(await AskAsync(Dana, "metrics D1"))));
        // another organisation's targets are its own
        Assert.Contains("the delivery-manager seed's", Text(await AskAsync(Dana, "metrics targets", Fabrikam)));
    }

    [Fact]
    public async Task An_organisation_without_deliveries_is_told_so_and_another_organisations_d1_is_unknown()
    {
        await Store.SaveAsync(Support.Fabrikam.PlannedD1(), 0, Scenario.Start);

        Assert.Equal("Your organisation has no deliveries yet, so there is nothing to measure: `new` opens one.",
            Text(await AskAsync(Dana, "metrics")));
        Assert.Equal("There is no delivery D1. `list` shows the open ones.", Text(await AskAsync(Dana, "metrics D1")));
        var tampered = JsonNode.Parse("""{"card":"metrics","deliveryId":"D1","focus":"","version":0}""")!;
        var refused = await PostAsync(Activities.Invoke(Connector.ServiceUrl, "card.refresh", tampered.ToJsonString(),
            Dana.ObjectId!, Dana.DisplayName, "tampered"));
        Assert.Contains("There is no delivery D1.", await refused.Content.ReadAsStringAsync());
        // Fabrikam's own DM sees Fabrikam's delivery, its client's name and nothing of Contoso's
        var theirs = Texts(Card(await AskAsync(Dana, "metrics", Fabrikam)));
        Assert.Contains("D1 · Fabrikam Inc: ○ 30 Mar – 1 Apr (planned)", theirs);
        Assert.DoesNotContain("Contoso", theirs);
    }
}
