using DeliveryBot.Application.Messages;
using DeliveryBot.Domain.Record;
using DeliveryBot.Teams.Tests.Cards;
using DeliveryBot.TestKit;
using Microsoft.Extensions.DependencyInjection;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Teams.Tests;

/// <summary>
/// A Normal change through the real bot: `change D1` posts the form, the PLA requests the change on it, the Technical
/// Lead, the Product Owner and the CAB each get its card in their 1:1 chat and approve it there; a wrong person, a
/// double click and a card drawn before the CAB changed change nothing; `changes D1` lists it as Markdown.
/// </summary>
public sealed class ChangeRequestTests : DeliveryCardClicks
{
    private Task IdleAsync() => Bot.Services.GetRequiredService<OutboxDispatcher>().WhenIdleAsync();

    private IReadOnlyList<string> ApprovalCardsSent()
        => [.. Connector.Sends.Where(c => c.Method == "POST"
            && c.Body.Contains("\"card\":\"change-approval\"", StringComparison.Ordinal)).Select(c => c.Body)];

    private static Dictionary<string, System.Text.Json.Nodes.JsonNode?> Form(string date, string type = "Normal")
        => Values(("title", "Schema migration"), ("type", type), ("risk", "Medium"), ("environment", "Production"),
            ("description", "Add the supplier column"), ("justification", "Per-supplier triage"),
            ("systems", "Invoice DB"), ("services", "Triage agent"), ("users", "40"), ("downtime", "10 minutes"),
            ("implementation", "Migrate"), ("rollback", "Restore"), ("testing", "UAT"), ("date", date),
            ("start", "02:00"), ("minutes", "120"), ("freezeException", "false"));

    [Fact]
    public async Task A_normal_change_requested_on_the_form_is_approved_by_its_three_approvers_on_their_cards()
    {
        await StoreAsync(Scenario.Opened().ToProduction());
        foreach (var who in new[] { Dana, Pablo, Clara, Cora, Quinn }) await SayAsync(who, "help");

        var form = await SayAsync(Pablo, "change D1");
        Assert.Contains("\"card\":\"change\"", form.GetRawText(), StringComparison.Ordinal);
        var tooSoon = await ClickAsync(Pablo, "change", "change.request", Form("2026-03-04"));
        Assert.Contains("A Normal change needs 5 business days: the earliest is Fri 6 Mar; an Expedited change could "
            + "run then (Wed 4 Mar 02:00) with the DM's approval.", Texts(tooSoon), StringComparison.Ordinal);
        Assert.Empty((await NowAsync()).State.ChangeRequests);

        await ClickAsync(Pablo, "change", "change.request", Form("2026-03-09"));
        await IdleAsync();

        Assert.Single((await NowAsync()).State.ChangeRequests);
        // the Technical Lead (Pablo), the Product Owner (Cora) and the CAB (Clara and Dana): one card each
        Assert.Equal(4, ApprovalCardsSent().Count);
        var wrong = await ClickAsync(Quinn, "change-approval", "change.approve", focus: "C1");
        Assert.Contains("Only the approvers CHG-D1-1 awaits can approve it", Texts(wrong), StringComparison.Ordinal);
        var drawn = (await NowAsync()).Version;
        var clara = await ClickAsync(Clara, "change-approval", "change.approve", focus: "C1");
        Assert.Contains("CAB: Clara", Texts(clara), StringComparison.Ordinal);
        var twice = await ClickAsync(Clara, "change-approval", "change.approve", focus: "C1", version: drawn);
        Assert.Contains("You already approved CHG-D1-1 (CAB)", Texts(twice), StringComparison.Ordinal);
        await ClickAsync(Pablo, "change-approval", "change.approve", focus: "C1");
        var cora = await ClickAsync(Cora, "change-approval", "change.approve", focus: "C1", version: drawn);
        await IdleAsync();

        Assert.Contains("Approved at", Texts(cora), StringComparison.Ordinal);
        Assert.Empty(Buttons(cora));
        var change = Assert.Single((await NowAsync()).State.ChangeRequests);
        Assert.Equal(ChangeState.Approved, change.State);
        Assert.Equal(["Clara", "Pablo", "Cora"], change.Approvals.Select(a => a.By.DisplayName));
        var listed = (await SayAsync(Dana, "changes D1")).GetRawText();
        Assert.Contains("| CHG-D1-1 | Schema migration | Normal | Medium | 2026-03-09 02:00 | Approved 2026-03-02 |",
            listed, StringComparison.Ordinal);
        var one = (await SayAsync(Dana, "changes D1-C1")).GetRawText();
        Assert.Contains("# Change Request: CHG-D1-1", one, StringComparison.Ordinal);
        Assert.Contains("There is no change", (await SayAsync(Dana, "changes D1-C7")).GetRawText(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejection_on_the_card_closes_the_request_and_a_card_drawn_before_the_cab_changed_is_refreshed()
    {
        var s = Scenario.Opened().ToProduction();
        s.Ok(Pablo, Scenario.SampleChange(ChangeType.Normal, new(2026, 3, 9)));
        s.Ok(Pablo, Scenario.SampleChange(ChangeType.Normal, new(2026, 3, 9), title: "Second"));
        await StoreAsync(s);
        var drawn = (await NowAsync()).Version;

        Assert.Contains("The CAB of D1 is now the CTO (Clara)",
            (await SayAsync(Dana, "cab D1 cto")).GetRawText(), StringComparison.Ordinal);
        var stale = await ClickAsync(Clara, "change-approval", "change.approve", focus: "C2", version: drawn);
        Assert.Contains("This card was out of date", Texts(stale), StringComparison.Ordinal);
        var noReason = await ClickAsync(Clara, "change-approval", "change.reject", focus: "C1");
        Assert.Contains("Say why it is rejected.", Texts(noReason), StringComparison.Ordinal);
        var rejected = await ClickAsync(Clara, "change-approval", "change.reject",
            Values(("reason", "Month-end freeze")), focus: "C1");

        Assert.Contains("Rejected by Clara", Texts(rejected), StringComparison.Ordinal);
        Assert.Empty(Buttons(rejected));
        var state = await NowAsync();
        Assert.Equal(ChangeState.Rejected, state.State.ChangeRequests[0].State);
        Assert.Empty(state.State.ChangeRequests[1].Approvals);
    }
}
