using System.Globalization;
using System.Text.Json;
using DeliveryBot.Application.Messages;
using DeliveryBot.Application.Storage;
using DeliveryBot.Teams.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace DeliveryBot.Teams.Tests;

/// <summary>
/// A whole delivery, from `new` to `close`, in Microsoft's Agents Playground: the playground's six users hold the
/// roles, each clicks the cards the bot sends them (in the group chat, or in their own 1:1 chat with the bot),
/// through the same activities Teams sends.
/// </summary>
public sealed class WholeDeliveryTests(ITestOutputHelper output) : IAsyncLifetime
{
    // The playground's users. Alex is its current user: messages in chats come from him.
    private const string Alex = "user-id-0", Megan = "user-id-1", Adele = "user-id-2", Isaiah = "user-id-3", Patti =
        "user-id-4", Lynne = "user-id-5";

    private ChannelFactory _bot = null!;
    private Playground _playground = null!;
    // what the bot sends Teams, for the fan-out figures printed at the end
    private readonly ConnectorTraffic _traffic = new();

    public async Task InitializeAsync()
    {
        _bot = new ChannelFactory(new Dictionary<string, string?>()) { TestServices = _traffic.Register };
        _bot.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        _bot.StartServer();
        var address = _bot.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
        _playground = await Playground.StartAsync(new Uri(new Uri(address), "/api/messages"));
    }

    private string Chat => _playground.GroupChatId;

    private static string Oid(string user)
        => $"00000000-0000-0000-0000-00000000000{20 + int.Parse(user[^1..], CultureInfo.InvariantCulture)}";

    private static string Today(int plusDays = 0)
        => DateTime.UtcNow.AddDays(plusDays).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Alex types a command to the bot in the group chat; the card or text it answers with.</summary>
    private async Task<JsonElement> AskAsync(string command)
    {
        await _playground.SayToBotAsync(Chat, command, Alex);
        return (await _playground.NextBotMessageAsync(TimeSpan.FromSeconds(30), Chat)).GetProperty("message");
    }

    /// <summary>Waits until everything the last change set off (cards redrawn, 1:1 cards) has reached the
    /// playground.</summary>
    private Task SettledAsync()
        => _bot.Services.GetRequiredService<OutboxDispatcher>().WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>A card where someone can click it: its conversation, its message, and the card as it stands.</summary>
    private sealed record CardAt(string Conversation, string MessageId, JsonElement Card);

    /// <summary>The card the bot sent a user in their own 1:1 chat for this template and focus (the latest
    /// such).</summary>
    private async Task<CardAt> PostedAsync(string template, string focus = "", string? to = null)
    {
        await SettledAsync();
        var chat = to is null ? null : await OneToOneAsync(to);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        // the playground writes its recording as it answers
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (true)
        {
            var found = (await _playground.BotSendsAsync())
                .LastOrDefault(s => s.Method == "POST" && s.ConversationId != Chat
                && (chat is null || s.ConversationId == chat) && Refresh(s.Activity) is { } data
                && data.GetProperty("card").GetString() == template && data.GetProperty("focus").GetString() == focus);
            if (found is not null) return new CardAt(
                found.ConversationId, found.MessageId, Card(found.Activity)!.Value);
            try
            {
                await poll.WaitForNextTickAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"no {template} card ({focus}) was sent to {to}");
            }
        }
    }

    /// <summary>The card as it stands now: the latest version the bot posted or put in that message.</summary>
    private async Task<CardAt> LatestAsync(CardAt at)
    {
        await SettledAsync();
        // the playground writes its recording as it answers: on a busy machine a reply can be a moment behind
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (true)
        {
            var latest = (await _playground.BotSendsAsync())
                .LastOrDefault(s => s.ConversationId == at.Conversation && s.MessageId == at.MessageId);
            if (latest is not null) return at with { Card = Card(latest.Activity)!.Value };
            try
            {
                await poll.WaitForNextTickAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"the playground recorded no message {at.MessageId} in {at.Conversation} within 20 s");
            }
        }
    }

    /// <summary>The 1:1 chat the bot opened with a user (it remembers each by the user's Entra object id).</summary>
    private async Task<string?> OneToOneAsync(string user)
        => (await _bot.Services.GetRequiredService<DeliveryBot.Teams.Conversations.ConversationReferences>()
            .FindUserAsync(Oid(user), CancellationToken.None))?.ConversationId;

    private static JsonElement? Refresh(JsonElement activity)
        => Card(activity) is { } card && card.TryGetProperty("refresh", out var r) ? r.GetProperty("action")
            .GetProperty("data") : null;

    /// <summary>Alex posts a card in the group chat with a command; where it is.</summary>
    private async Task<CardAt> CardInChatAsync(string command)
    {
        var message = await AskAsync(command);
        return new CardAt(Chat, message.GetProperty("messageId").GetString()!, Card(message)!.Value);
    }

    /// <summary>Alex types a command in the group chat; the bot's text answer.</summary>
    private async Task<string> SayAsync(string command) => (await AskAsync(command)).GetProperty("text").GetString()!;

    private static JsonElement? Card(JsonElement activity)
        => activity.TryGetProperty("attachments", out var a) && a.GetArrayLength() > 0 ? a[0].GetProperty("content")
            : null;

    /// <summary>A user clicks a button on a card, with what they typed in its inputs: the card as redrawn for
    /// them.</summary>
    /// <remarks>
    /// The click is on the card as the user sees it now: the bot updates every copy in place after each change (pass
    /// <paramref name="stale"/> to click an old copy, as a client that missed the update would).
    /// </remarks>
    private async Task<JsonElement> ClickAsync(
        string user, CardAt at, string verb, Dictionary<string, object>? inputs = null, bool stale = false)
    {
        if (!stale) at = await LatestAsync(at);
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        var refresh = at.Card.GetProperty("refresh").GetProperty("action").GetProperty("data");
        foreach (var p in refresh.EnumerateObject()) data[p.Name] = p.Value.Clone();
        foreach (var (k, v) in inputs ?? []) data[k] = v;
        var response = await _playground.ClickAsync(at.Conversation, user, at.MessageId, verb, data);
        Assert.Equal("application/vnd.microsoft.card.adaptive", response.GetProperty("type").GetString());
        return response.GetProperty("value");
    }

    private static string Text(JsonElement card) => card.GetRawText();

    private async Task<Domain.Deliveries.Delivery> DeliveryAsync()
        => (await _bot.Services.GetRequiredService<IDeliveryStore>()
        .FindAsync(Domain.Deliveries.DeliveryKey.Of(_playground.TenantId, "D1")))!;

    [Fact]
    public async Task A_delivery_runs_from_new_to_close_with_the_six_users_holding_the_roles()
    {
        // Stage 1: Alex (the DM) opens the delivery from the group chat; the intake form becomes the living status
        // card.
        var form = await AskAsync("new");
        var status = await _playground.ClickAsync(
            Chat, Alex, form.GetProperty("messageId").GetString()!, "delivery.open", new Dictionary<string, object>
        {
            ["form"] = "intake", ["client"] = "Contoso Ltd", ["talent"] = "Invoice Triage Agent", ["scope"] =
                "Reads, classifies and routes supplier invoices",
            ["timeline"] = "Live before the quarter closes", ["intakeDate"] = Today(), ["agreedDate"] =
                Today(90), ["timeZone"] = "Europe/London",
            ["clientIntakeManager"] = Oid(Megan), ["pla"] = Oid(Adele), ["qa"] = Oid(Isaiah), ["deployment"] =
                Oid(Patti), ["cto"] = Oid(Lynne),
            ["clientContactEmail"] = "cora@contoso.example",
        });
        Assert.Contains("D1 · Contoso Ltd — Invoice Triage Agent", status.GetRawText());

        // The intake gate reaches Alex and Megan in their own 1:1 chats; each confirms their check.
        var intakeForAlex = await PostedAsync("intake-gate", to: Alex);
        var alexChat = intakeForAlex.Conversation;
        var intakeForMegan = await PostedAsync("intake-gate", to: Megan);
        Assert.Contains("Requirements confirmed unambiguous by Alex Wilber",
            Text(await ClickAsync(
                Alex, intakeForAlex, "intake.confirm", new() { ["check"] = "requirements-unambiguous" })));
        await ClickAsync(Megan, intakeForMegan, "intake.confirm", new() { ["check"] = "client-timeline-acknowledged" });

        // Stage 2: Alex plans in the group chat. Isaiah pressing a button on Alex's form changes nothing and is told
        // who can.
        var planning = await CardInChatAsync("plan D1");
        var refused = await ClickAsync(Isaiah, planning, "plan.save", Schedule());
        Assert.Contains("Only the Delivery Manager (Alex Wilber) can do this.", Text(refused));
        var bad = await ClickAsync(Alex, planning, "plan.save", Schedule(("qaSubmission", "next tuesday")));
        Assert.Contains("QA submission: 'next tuesday' is not a date", Text(bad));
        planning = planning with { Card = await ClickAsync(Alex, planning, "plan.save", Schedule()) };
        planning = planning with { Card = await ClickAsync(Alex, planning, "plan.publish") };
        Assert.Contains("Shared with the stakeholders at", Text(planning.Card));
        await ClickAsync(Alex, planning, "plan.initial-sent",
            new() { ["initialSummary"] = "Scope and schedule emailed to Contoso", ["initialChannel"] = "Email" });
        await ClickAsync(
            Adele, await PostedAsync("schedule", "schedule-acknowledged-pla", to: Adele), "gate.acknowledge");
        await ClickAsync(
            Patti, await PostedAsync("schedule", "schedule-acknowledged-deployment", to: Patti), "gate.acknowledge");

        // Stage 3: Adele starts production and checks in. Alex raises a blocker with what it delays; it holds
        // "production complete" until Adele resolves it on the card it brought her, and then she marks it complete.
        var checkin = await PostedAsync("checkin", to: Adele);
        await ClickAsync(Adele, checkin, "production.start");
        await ClickAsync(Adele, checkin, "production.checkin", new() { ["status"] = "OnTrack" });
        Assert.Contains("Blocker B1 raised by Alex Wilber", await SayAsync(
            "blocker D1 the client's test invoices have not arrived, delays qa submitted by 2 days"));
        var blocker = await PostedAsync("blocker", "B1", to: Adele);
        Assert.Contains("QA submitted by 2 business days", Text(blocker.Card), StringComparison.Ordinal);
        Assert.Contains("Blocker B1 is still open",
            Text(await ClickAsync(Adele, await PostedAsync("production-complete", to: Adele), "production.complete")));
        Assert.Contains("Resolved by Adele Vance", Text(await ClickAsync(Adele, blocker, "blocker.resolve",
            new() { ["resolution"] = "Contoso sent 200 sample invoices" })));
        await ClickAsync(Adele, await PostedAsync("production-complete", to: Adele), "production.complete");

        // A Normal change during production, on the form Alex posts in the group chat: 5 business days' notice, then
        // the Technical Lead (Adele), the CAB (by default Lynne, the CTO, and Alex) and the Product Owner (the client,
        // not in Teams: Alex records their approval with its evidence) approve it on their cards.
        var changeForm = await CardInChatAsync("change D1");
        await ClickAsync(Alex, changeForm, "change.request", new()
        {
            ["title"] = "Route credit notes separately", ["type"] = "Normal", ["risk"] = "Medium",
            ["environment"] = "Production", ["description"] = "A second queue for credit notes",
            ["justification"] = "Contoso's finance team asked for it", ["systems"] = "Triage agent",
            ["services"] = "Invoice intake", ["users"] = "40", ["downtime"] = "None",
            ["implementation"] = "Add the queue, then the rule", ["rollback"] = "Remove the rule",
            ["testing"] = "UAT with 50 credit notes", ["date"] = Today(14), ["start"] = "02:00", ["minutes"] = "60",
            ["freezeException"] = "false",
        });
        await ClickAsync(Adele, await PostedAsync("change-approval", "C1", to: Adele), "change.approve");
        Assert.Contains("Approved at", Text(await ClickAsync(Alex, await PostedAsync("change-approval", "C1", to: Alex),
            "change.approve", new() { ["evidence"] = "Contoso's product owner approved it by email today" })));
        Assert.Contains("| CHG-D1-1 | Route credit notes separately | Normal | Medium |", await SayAsync("changes D1"));

        // Stage 4: Isaiah fails attempt 1 with a report; Adele remediates and resubmits; a stale click on the first
        // card changes nothing; Isaiah passes attempt 2, and his double click answers with the first outcome.
        var firstQa = await PostedAsync("qa", to: Isaiah);
        var noReport = await ClickAsync(Isaiah, firstQa, "qa.fail", new() { ["attempt"] = 1 });
        Assert.Contains("A FAIL needs its failure report", Text(noReport));
        await ClickAsync(Isaiah, firstQa, "qa.fail",
            new() { ["attempt"] = 1, ["failureReport"] = "Credit notes are routed as invoices" });
        // Alex, the DM, gets the same failure notice: he coordinates the remediation and tells the client of the delay,
        // whose notice the bot drafts for him. He moves the handover a week, with the reason; the record keeps it.
        Assert.Contains("Credit notes are routed as invoices",
            (await PostedAsync("qa-failure", to: Alex)).Card.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("Delay notice", Text((await PostedAsync("update", "DelayNotice", to: Alex)).Card),
            StringComparison.Ordinal);
        Assert.Contains("Client handover moved from", await SayAsync(
            $"replan D1 client handover {Today(52)} QA needed a second attempt"));
        await ClickAsync(Adele, await PostedAsync("qa-failure", to: Adele), "qa.resubmit",
            new() { ["remediation"] = "Credit-note rule added and tested" });
        var secondQa = await PostedAsync("qa", to: Isaiah);
        Assert.NotEqual(firstQa.MessageId, secondQa.MessageId);
        Assert.Contains(
            "out of date", Text(await ClickAsync(Isaiah, firstQa, "qa.pass", new() { ["attempt"] = 2 }, stale: true)));
        Assert.Contains("PASS", Text(await ClickAsync(Isaiah, secondQa, "qa.pass", new() { ["attempt"] = 2 })));
        var again = await ClickAsync(Isaiah, secondQa, "qa.pass", new() { ["attempt"] = 2 });
        Assert.Contains("QA attempt 2: PASS recorded by Isaiah Langer", Text(again));
        Assert.Equal(2, (await DeliveryAsync()).State.QaAttempts.Count);

        // Stage 5: release readiness first. Each owner confirms their exit criteria on the release card in their 1:1
        // chat; Patti confirms the window; Alex says go and records the client's go with its evidence (the client is
        // not in Teams). Only then can Patti start; she works through the checklist at once and confirms success.
        static Dictionary<string, object> Met(string criteria) => new() { ["met"] = criteria, ["shown"] = "" };
        await ClickAsync(Isaiah, await PostedAsync("release", to: Isaiah), "release.criteria",
            Met("All P1/P2 bugs resolved,Performance benchmarks met,Load testing complete"));
        await ClickAsync(Adele, await PostedAsync("release", to: Adele), "release.criteria",
            Met("Security scan passed,Documentation updated"));
        var deployment = await PostedAsync("deployment", to: Patti);
        await ClickAsync(Patti, deployment, "deployment.window",
            new() { ["windowStart"] = Today(40), ["windowEnd"] = Today(42) });
        Assert.Contains("Deployment cannot start without a go", Text(await ClickAsync(Patti, deployment,
            "deployment.start")));
        await ClickAsync(Patti, await PostedAsync("release", to: Patti), "release.criteria", Met("Runbook reviewed"));
        var release = await PostedAsync("release", to: Alex);
        await ClickAsync(Alex, release, "release.criteria", Met("UAT sign-off received"));
        Assert.Contains("go by Alex Wilber", Text(await ClickAsync(Alex, release, "release.go",
            new() { ["as"] = "DeliveryManager" })));
        Assert.Contains("the deployment may start", Text(await ClickAsync(Alex, release, "release.client",
            new() { ["clientDecision"] = "go", ["evidence"] = "Contoso's go by email, T-1" })));
        // each next click is on the card as the previous click's answer drew it for her
        deployment = deployment with { Card = await ClickAsync(Patti, deployment, "deployment.start") };
        Dictionary<string, object> Checklist(string shown) => new()
        {
            ["ticked"] = shown,
            ["ticked-pre-deployment"] = string.Join(",", Domain.Lifecycle.DeploymentChecklist.PreDeployment),
            ["ticked-deployment"] = string.Join(",", Domain.Lifecycle.DeploymentChecklist.Deployment),
            ["ticked-post-deployment"] = string.Join(",", Domain.Lifecycle.DeploymentChecklist.PostDeployment),
        };
        deployment = deployment with
        {
            Card = await ClickAsync(Patti, deployment, "deployment.checklist", Checklist(""), stale: true),
        };
        Assert.Contains("22 of 22 done", Text(deployment.Card));
        var succeeded = await ClickAsync(Patti, deployment, "deployment.succeeded",
            Checklist(string.Join(",", Domain.Lifecycle.DeploymentChecklist.AllItems)), stale: true);
        Assert.True((await DeliveryAsync()).Progress(Domain.Lifecycle.Stage.DeploymentCoordination).IsDone,
            Text(succeeded));

        // Stage 6: Alex prepares the package and sends it; closing now is refused with what is missing.
        var handover = await PostedAsync("handover", to: Alex);
        handover = handover with { Card = await ClickAsync(Alex, handover, "handover.prepare", new()
        {
            ["scope"] = "Invoice triage for supplier invoices", ["access"] = "Open DeliveryBot in Teams",
                ["configuration"] = "Default thresholds",
            ["support"] = "support@contoso.example; weekly check-in for a month",
        }) };
        await ClickAsync(
            Alex, handover, "handover.sent", new() { ["summary"] = "Handover package emailed", ["channel"] = "Email" });
        var close = await SayAsync("close D1");
        Assert.StartsWith("⛔ Delivery D1 cannot be closed yet", close);
        Assert.Contains("The client has not acknowledged receipt.", close);

        // The client is not in Teams: Alex records the acknowledgement with its evidence; the review starts.
        await ClickAsync(Alex, await PostedAsync("client-ack", to: Alex), "client.ack-evidence", new()
        {
            ["evidenceDate"] = Today(), ["evidenceChannel"] = "Email", ["evidenceQuote"] =
                "Received, thank you: it works on our test invoices",
            ["feedback"] = "Happy with the first results",
        });

        // Stage 7: the review, then the close.
        await ClickAsync(Alex, await PostedAsync("review", to: Alex), "review.complete", new()
        {
            ["wentWell"] = "Clear gates\nQuick QA turnaround", ["couldImprove"] = "Credit notes in the first test set",
                ["followUp1"] = "Add credit notes to the QA suite",
            ["owner1"] = "Isaiah Langer",
        });
        var closed = await ClickAsync(Alex, await PostedAsync("close", to: Alex), "delivery.close");
        Assert.Contains("🔒 Closed at", Text(closed));
        var review = await SayAsync("review D1");
        Assert.Contains(
            "- F1: Add credit notes to the QA suite — owner Isaiah Langer", review, StringComparison.Ordinal);

        // After go-live the service has a SEV-2: Adele declares it from the form Alex posts; Patti, the Deployment
        // Specialist, commands it from her 1:1 chat: she acknowledges, posts an update (Alex hears it) and resolves it.
        var incidentForm = await CardInChatAsync("incident D1");
        await ClickAsync(Adele, incidentForm, "incident.declare", new()
        {
            ["title"] = "Invoices stuck in the triage queue", ["severity"] = "Sev2", ["services"] = "Invoice intake",
            ["outage"] = "false",
        });
        var incident = await PostedAsync("incident", "I1", to: Patti);
        Assert.Contains("Acknowledge this incident", Text(incident.Card));
        await ClickAsync(Patti, incident, "incident.acknowledge");
        await ClickAsync(Patti, incident, "incident.update", new() { ["update"] = "Worker restarted; draining." });
        var resolved = await ClickAsync(Patti, incident, "incident.resolve", new()
        {
            ["fix"] = "Restarted the queue worker", ["rootCause"] = "A stuck lease after a network blip",
        });
        Assert.Contains("Resolved by Patti Fernandez", Text(resolved));
        var report = await SayAsync("incident D1-I1");
        Assert.Contains("# Incident Report: INC-D1-1", report);
        Assert.Contains("Acknowledged by Patti Fernandez (within the 30 min response target", report);
        Assert.Contains("A stuck lease after a network blip", report);

        // The record, and every copy of the status card, tell the whole story.
        var record = await SayAsync("record D1");
        Assert.Contains("- **Status:** Complete", record);
        Assert.Contains("| Deployment start |", record);
        Assert.Contains("| 1 | Client contact | Go | Alex Wilber for the client |", record); // the go/no-go
        Assert.Contains("- **Done:** 22 of 22", record); // the deployment checklist
        Assert.Contains("Scope and schedule emailed to Contoso", record);
        Assert.Contains("Handover package emailed", record);
        Assert.Contains("QA needed a second attempt", record); // the schedule change
        Assert.Contains("Contoso sent 200 sample invoices", record); // the blocker's resolution
        Assert.Contains("## Post-delivery review", record);
        var sends = await _playground.BotSendsAsync();
        var statusNow = sends.Last(x => x.Method == "PUT" && x.MessageId == form.GetProperty("messageId").GetString());
        Assert.Contains("\"Complete\"", statusNow.Activity.GetRawText());

        // Alex heard every gate outcome someone else decided, in his 1:1 chat.
        var toAlex = string.Join(
            "\n", sends.Where(x => x.ConversationId == alexChat && x.Activity.TryGetProperty("text", out _))
            .Select(x => x.Activity.GetProperty("text").GetString()));
        Assert.Contains("Client timeline acknowledged by Megan Bowen", toAlex);
        Assert.Contains("Schedule acknowledged by Adele Vance", toAlex);
        Assert.DoesNotContain("QA attempt 1: FAIL", toAlex); // he read it on the failure notice, not twice
        Assert.Contains("Stage 4 (QA gate) passed.", toAlex);
        Assert.Contains("update by Patti Fernandez: Worker restarted; draining.", toAlex);

        // What the fan-out cost for the whole delivery, and how long each person waited for their turn's card (printed;
        // docs/performance.md keeps the figures). No posted card is updated more than once per change.
        await SettledAsync();
        var changes = (int)(await DeliveryAsync()).Version;
        Assert.InRange(_traffic.Report(_playground, changes, output.WriteLine), 1, changes);
    }

    private static Dictionary<string, object> Schedule(params (string Field, string Value)[] overrides)
    {
        var fields = new Dictionary<string, object>
        {
            ["productionStart"] = Today(7), ["productionComplete"] = Today(28), ["qaSubmission"] =
                Today(30), ["qaCertification"] = Today(35),
            ["deploymentStart"] = Today(40), ["deploymentEnd"] = Today(42), ["clientHandover"] =
                Today(45), ["delay-qaCertification"] = "3",
        };
        foreach (var (field, value) in overrides) fields[field] = value;
        return fields;
    }

    public async Task DisposeAsync()
    {
        await _playground.DisposeAsync();
        await _bot.DisposeAsync();
    }
}
