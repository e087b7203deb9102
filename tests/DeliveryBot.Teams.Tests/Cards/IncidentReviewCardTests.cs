using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Incidents;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Teams.Tests.Cards;

/// <summary>
/// The post-incident review through real activities: `postmortem D1-I1` posts its card; the DM or the commander saves
/// the lessons and action items (owners from the people picker, due dates); bad dates and owners, the wrong person and
/// a second click change nothing and say why; an owner or the DM marks an item done on the card or with `done`.
/// </summary>
public sealed class IncidentReviewCardTests : DeliveryCardClicks
{
    private static Scenario Resolved()
    {
        var s = Scenario.Opened().ToHandover();
        s.Ok(Pablo, new DeclareIncident("Invoices stuck in the triage queue", Severity.Sev2, "Invoice intake",
            s.Clock.GetUtcNow(), IsOutage: true));
        s.Ok(Diego, new ResolveIncident("I1", "Restarted the worker", "A 40 MB invoice"));
        return s;
    }

    private static Dictionary<string, System.Text.Json.Nodes.JsonNode?> Review(
        params (string Name, System.Text.Json.Nodes.JsonNode? Value)[] changes)
    {
        var values = Values(("wentWell", "Paged within minutes"), ("couldImprove", "No alert on the queue's depth"),
            ("action1", "Alert on queue depth"), ("owner1", Quinn.ObjectId), ("due1", "2026-03-05"));
        foreach (var (name, value) in changes) values[name] = value;
        return values;
    }

    private async Task ReviewedAsync()
    {
        var s = Resolved();
        s.Ok(Diego, new ReviewIncident("I1", "Paged", "Alerting", null,
            [new NewActionItem("Alert on queue depth", Quinn, new DateOnly(2026, 3, 5))]));
        await StoreAsync(s);
    }

    private static string Said(System.Text.Json.JsonElement reply) => reply.GetProperty("text").GetString()!;

    [Fact]
    public async Task Postmortem_posts_the_review_card_and_an_unknown_incident_is_answered_clearly()
    {
        await StoreAsync(Resolved());

        var posted = await SayAsync(Dana, "postmortem D1-I1");
        var unknown = await SayAsync(Dana, "postmortem D1-I7");
        var bare = await SayAsync(Dana, "postmortem D1");

        Assert.Contains("\"card\":\"incident-review\"", posted.GetRawText(), StringComparison.Ordinal);
        Assert.Equal("There is no incident `I7` on D1: it has I1 to I1.", Said(unknown));
        Assert.Equal("Which incident? Usage: `postmortem <id>-I<n>`, e.g. `postmortem D1-I1`.", Said(bare));
        var card = await SeenByAsync(Dana, "incident-review", "I1");
        Assert.Contains("Save the review", Buttons(card));
        Assert.Contains(Quinn.ObjectId!, Choices(card, "owner1"));
        Assert.NotNull(Input(card, "due5"));
        Assert.Contains("SEV-2 · Invoices stuck in the triage queue · resolved by Diego", Texts(card),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Save_records_the_lessons_and_the_action_items_with_their_owners()
    {
        await StoreAsync(Resolved());

        var saved = await ClickAsync(Dana, "incident-review", "incident.review", Review(
            ("action2", "Cap invoice size"), ("owner2", Pablo.ObjectId), ("due2", "2026-03-09")), focus: "I1");

        var review = Assert.Single((await NowAsync()).State.Incidents).Review!;
        Assert.Equal([("A1", Quinn), ("A2", Pablo)], review.ActionItems.Select(a => (a.Id, a.Owner)));
        Assert.Contains("D1-I1-A1: Alert on queue depth · Quinn · due 2026-03-05", Texts(saved),
            StringComparison.Ordinal);
        Assert.Contains("What went well: Paged within minutes", Texts(saved), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_dates_and_owners_and_the_wrong_person_change_nothing_and_say_why()
    {
        var stored = await StoreAsync(Resolved());

        var noOwner = await ClickAsync(Dana, "incident-review", "incident.review", Review(("owner1", null)),
            focus: "I1");
        var nobody = await ClickAsync(Dana, "incident-review", "incident.review",
            Review(("owner1", "00000000-0000-0000-0000-00000000beef")), focus: "I1");
        var past = await ClickAsync(Dana, "incident-review", "incident.review", Review(("due1", "2026-03-01")),
            focus: "I1");
        var notADate = await ClickAsync(Dana, "incident-review", "incident.review", Review(("due1", "soon")),
            focus: "I1");
        var none = await ClickAsync(Dana, "incident-review", "incident.review",
            Review(("action1", null), ("owner1", null), ("due1", null)), focus: "I1");
        var pablo = await ClickAsync(Pablo, "incident-review", "incident.review", Review(), focus: "I1");

        Assert.Contains("Action item 1 needs an owner: pick a person.", Texts(noOwner), StringComparison.Ordinal);
        Assert.Contains("Action item 1's owner is nobody I can find", Texts(nobody), StringComparison.Ordinal);
        Assert.Contains("Action item 1's due date (2026-03-01) is before today (2026-03-02)", Texts(past),
            StringComparison.Ordinal);
        Assert.Contains("Action item 1's due date: 'soon' is not a date", Texts(notADate), StringComparison.Ordinal);
        Assert.Contains("at least one action item", Texts(none), StringComparison.Ordinal);
        Assert.Contains("🚫 Only its commander (Diego) or", Texts(pablo), StringComparison.Ordinal);
        Assert.Equal(stored.Version, (await NowAsync()).Version);
        Assert.Null(Assert.Single((await NowAsync()).State.Incidents).Review);
    }

    [Fact]
    public async Task The_owner_marks_an_item_done_on_the_card_others_are_refused_and_a_second_click_is_answered()
    {
        await ReviewedAsync();
        Assert.Contains("Done", Buttons(await SeenByAsync(Quinn, "incident-review", "I1")));
        Assert.DoesNotContain("Save the review", Buttons(await SeenByAsync(Quinn, "incident-review", "I1")));
        Assert.DoesNotContain("Done", Buttons(await SeenByAsync(Pablo, "incident-review", "I1")));

        var pablo = await ClickAsync(Pablo, "incident-review", "incident.action-done", Values(("item", "A1")),
            focus: "I1");
        var noItem = await ClickAsync(Quinn, "incident-review", "incident.action-done", focus: "I1");
        var done = await ClickAsync(Quinn, "incident-review", "incident.action-done", Values(("item", "A1")),
            focus: "I1");
        var again = await ClickAsync(Dana, "incident-review", "incident.action-done", Values(("item", "A1")),
            focus: "I1");

        Assert.Contains("🚫 Only the Delivery Manager (Dana)", Texts(pablo), StringComparison.Ordinal);
        Assert.Contains("Which action item?", Texts(noItem), StringComparison.Ordinal);
        Assert.Contains("✅ Done by Quinn", Texts(done), StringComparison.Ordinal);
        Assert.Contains("already done by Quinn", Texts(again), StringComparison.Ordinal);
        var item = Assert.Single(Assert.Single((await NowAsync()).State.Incidents).Review!.ActionItems);
        Assert.True(Quinn.IsSameAs(item.Done!.By));
    }

    [Fact]
    public async Task Done_in_the_chat_marks_an_action_item_done_once()
    {
        await ReviewedAsync();

        var pablo = await SayAsync(Pablo, "done D1-I1-A1");
        var unknown = await SayAsync(Quinn, "done D1-I1-A4");
        var done = await SayAsync(Quinn, "done d1-i1-a1 alert is live");
        var again = await SayAsync(Dana, "done D1-I1-A1");

        Assert.StartsWith("🚫 Only the Delivery Manager (Dana)", Said(pablo), StringComparison.Ordinal);
        Assert.Equal("⛔ There is no action item I1-A4: incident D1-I1 has A1 to A1.", Said(unknown));
        Assert.Equal("✅ Incident D1-I1: Action item A1 (Alert on queue depth) done by Quinn: alert is live",
            Said(done));
        Assert.Contains("already done by Quinn", Said(again), StringComparison.Ordinal);
        Assert.Contains("alert is live", Said(again), StringComparison.Ordinal);
    }
}
