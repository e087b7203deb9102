using System.Text.Json;
using System.Text.Json.Nodes;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Record;
using DeliveryBot.Teams.Actions;
using DeliveryBot.Teams.Cards;
using DeliveryBot.Teams.Cards.Views;
using DeliveryBot.Teams.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;

namespace DeliveryBot.Teams.Tests.Cards;

/// <summary>
/// A card that names fewer subjects than every one (<see cref="IDeliveryCard.AsksAbout"/>) covers what every button on
/// it asks about, as the domain says (<see cref="Delivery.AsksAbout(DeliveryCommand)"/>): each button, with what a
/// person would enter, is built into its command by the verb behind it, and the command's subjects are among the
/// card's. Otherwise a click would be refused as out of date after a change the card never showed.
/// </summary>
public sealed class CardSubjectsTests : ChannelTest
{
    /// <summary>
    /// The buttons of each card that names its subjects, by focus, with what is entered before a click.
    /// </summary>
    private static readonly Dictionary<(string Template, string Focus), Dictionary<string, JsonObject>> Buttons =
        ButtonsByCard();

    private static Dictionary<(string Template, string Focus), Dictionary<string, JsonObject>> ButtonsByCard()
    {
        var buttons = new Dictionary<(string Template, string Focus), Dictionary<string, JsonObject>>
        {
            [(Templates.Status, "")] = [],
            [(Templates.Schedule, Checks.ScheduleAcknowledgedByPla.Key)] = new() { ["gate.acknowledge"] = [] },
            [(Templates.Schedule, Checks.ScheduleAcknowledgedByDeployment.Key)] = new() { ["gate.acknowledge"] = [] },
            [(Templates.Schedule, ScheduleCard.Revised)] = new() { ["schedule.acknowledge-revised"] = [] },
            [(Templates.Schedule, ScheduleCard.Shared)] = [],
            [(Templates.Planning, "")] = new()
            {
                ["plan.save"] = ScheduleForm(),
                ["plan.publish"] = [],
                ["plan.cadence"] = new()
                {
                    ["cadenceDay"] = "Monday", ["cadenceTime"] = "10:00", ["cadenceWeeks"] = "1",
                },
                ["plan.reminders"] = new()
                {
                    ["timeZone"] = "Europe/London", ["workDays"] = "Monday,Tuesday", ["dayStart"] = "09:00",
                    ["dayEnd"] = "17:00", ["nudgeAfterHours"] = "8", ["nudgesBeforeDm"] = "3", ["checkInDays"] = "2",
                    ["blockerDays"] = "3",
                },
                ["plan.move"] = new()
                {
                    ["milestone"] = "ClientHandover", ["newTarget"] = "2026-05-04", ["reason"] = "The client asked",
                },
                ["plan.initial-send"] = new() { ["initialSummary"] = "The schedule" },
                ["plan.initial-sent"] = new() { ["initialSummary"] = "The schedule", ["initialChannel"] = "email" },
                ["plan.assign"] = new() { ["role"] = "qa", ["person"] = "quinn@contoso.test" },
            },
            [(Templates.Change, "")] = new() { ["change.request"] = ChangeForm() },
            [(Templates.CheckIn, "")] = new()
            {
                ["production.start"] = [],
                ["production.checkin"] = new() { ["status"] = "AtRisk", ["note"] = "Vendor API quota" },
            },
            [(Templates.ProductionComplete, "")] = new() { ["production.complete"] = [] },
            [(Templates.Qa, "")] = new()
            {
                ["qa.pass"] = new() { ["attempt"] = "1" },
                ["qa.fail"] = new() { ["attempt"] = "1", ["failureReport"] = "Credit notes misrouted" },
            },
            [(Templates.QaFailure, "")] = new() { ["qa.resubmit"] = new() { ["remediation"] = "Routing fixed" } },
            [(Templates.Release, "")] = new()
            {
                ["release.criteria"] = new() { ["shown"] = "", [ReleaseCard.Input] = "Runbook reviewed" },
                ["release.go"] = new() { ["as"] = "DeliveryManager" },
                ["release.no-go"] = new() { ["as"] = "DeliveryManager", ["noGoReason"] = "P1 open" },
                ["release.client"] = new() { ["clientDecision"] = "go", ["evidence"] = "Email of 2 April" },
            },
            [(Templates.Deployment, "")] = new()
            {
                ["deployment.window"] = new()
                {
                    ["windowStart"] = "2026-03-30", ["windowEnd"] = "2026-04-01", ["rolloutMethod"] = "canary",
                },
                ["deployment.start"] = [],
                ["deployment.checklist"] = new()
                {
                    ["ticked"] = "",
                    [DeploymentCard.Inputs.Values.First()] = Domain.Lifecycle.DeploymentChecklist.AllItems.First(),
                },
                ["deployment.override"] = new() { ["overrideReason"] = "Signed off by the CTO" },
                ["deployment.succeeded"] = new() { ["ticked"] = "" },
                ["deployment.failed"] = new() { ["failure"] = "Migration timed out" },
                ["deployment.resolve"] = new() { ["blocker"] = "B1", ["resolution-B1"] = "Retried" },
                ["deployment.canary"] = new() { ["percent"] = "25" },
                ["deployment.switch"] = [],
                ["deployment.rolling"] = new() { ["updated"] = "2", ["instances"] = "4" },
                ["deployment.rollback"] = new()
                {
                    ["trigger"] = "Error rate", ["seen"] = "5xx at 4 %", ["rollbackOutcome"] = "clean",
                },
                ["deployment.metrics"] = [],
                ["deployment.incident"] = new() { ["incidentSeen"] = "Logins failing" },
            },
            [(Templates.Handover, "")] = new()
            {
                ["handover.prepare"] = new()
                {
                    ["scope"] = "The agent", ["access"] = "SSO", ["configuration"] = "In the repo",
                    ["support"] = "30 days",
                },
                ["handover.send"] = new() { ["summary"] = "Handover package" },
                ["handover.sent"] = new() { ["summary"] = "Handover package", ["channel"] = "email" },
            },
            [(Templates.IntakeGate, "")] = new()
            {
                ["intake.confirm"] = new() { ["check"] = Checks.ClientTimelineAcknowledged.Key },
                ["intake.ambiguity"] = new() { ["question"] = "Which invoices count?" },
                ["intake.resolve"] = new() { ["ambiguity"] = "A1", ["resolution-A1"] = "Supplier invoices only" },
                ["intake.date"] = new() { ["agreedDate"] = "2026-05-04", ["dateReason"] = "The client asked" },
            },
            [(Templates.Manager, "")] = new()
            {
                ["management.confirm"] = [],
                ["management.decline"] = new() { ["declineReason"] = "I am on leave" },
            },
            [(Templates.Blocker, "B1")] = new() { ["blocker.resolve"] = new() { ["resolution"] = "Quota raised" } },
            [(Templates.Escalation, "D1-E1")] = new()
            {
                ["escalation.acknowledge"] = [],
                ["escalation.resolve"] = new() { ["resolution"] = "Second QA engineer" },
            },
            [(Templates.ChangeApproval, "C1")] = new()
            {
                ["change.approve"] = new() { ["evidence"] = "Email of 2 April" },
                ["change.reject"] = new() { ["reason"] = "Too close to the window" },
            },
            [(Templates.Incident, "I1")] = new()
            {
                ["incident.acknowledge"] = [],
                ["incident.update"] = new() { ["update"] = "Rolling back" },
                ["incident.severity"] = new() { ["severity"] = "Sev1", ["reason"] = "Data loss" },
                ["incident.resolve"] = new() { ["fix"] = "Rolled back", ["rootCause"] = "Bad migration" },
            },
            [(Templates.IncidentReview, "I1")] = new()
            {
                ["incident.review"] = new()
                {
                    ["wentWell"] = "Paged at once", ["couldImprove"] = "Alert earlier", ["action1"] = "Add an alert",
                    ["owner1"] = "oid-quinn", ["due1"] = "2026-06-01",
                },
                ["incident.action-done"] = new() { ["item"] = "A1" },
            },
            [(Templates.Risk, "")] = new()
            {
                ["risk.add"] = new()
                {
                    ["description"] = "Vendor API quota", ["likelihood"] = "High", ["impact"] = "Medium",
                    ["mitigation"] = "Ask for more", ["concernsClient"] = "true",
                },
                ["risk.close"] = new() { ["risk"] = "R1" },
            },
            [(Templates.Sla, "")] = new()
            {
                ["sla.record"] = new() { ["latency"] = "420", ["errorRate"] = "0.05" },
                ["sla.targets"] = new() { ["availability"] = "99.95", ["latency"] = "400", ["errorRate"] = "0.1" },
                ["sla.maintenance"] = new()
                {
                    ["startDate"] = "2026-05-10", ["startTime"] = "22:00", ["endDate"] = "2026-05-10",
                    ["endTime"] = "23:00", ["reason"] = "Database upgrade",
                },
            },
            [(Templates.IncidentForm, "")] = new()
            {
                ["incident.declare"] = new()
                {
                    ["title"] = "Logins failing", ["severity"] = "Sev2", ["services"] = "Triage", ["outage"] = "true",
                },
                ["incident.clock"] = new() { ["clock"] = "Wall" },
            },
            [(Templates.Review, "")] = new()
            {
                ["review.start"] = [],
                ["review.complete"] = new()
                {
                    ["wentWell"] = "Clear handover", ["couldImprove"] = "Earlier QA",
                    ["followUp1"] = "Automate smoke tests", ["owner1"] = "qa", ["due1"] = "2026-06-01",
                },
            },
            [(Templates.ClientAck, "")] = new()
            {
                ["client.ack"] = new() { ["feedback"] = "Works well", ["satisfaction"] = "5" },
                ["client.ack-evidence"] = new()
                {
                    ["evidenceDate"] = "2026-05-05", ["evidenceChannel"] = "email",
                    ["evidenceQuote"] = "Received, thanks",
                },
            },
        };
        foreach (var check in AllChecks)
        {
            buttons[(Templates.Gate, check.Key)] = new() { ["gate.acknowledge"] = [] };
            buttons[(Templates.Nudge, check.Key)] = new() { ["gate.acknowledge"] = [] };
        }
        foreach (var kind in UpdateCard.Kinds)
            buttons[(Templates.Update, kind.ToString())] = new()
            {
                ["update.post"] = new() { ["summary"] = "Scope final" },
                ["update.send"] = new() { ["summary"] = "This week" },
                ["update.sent"] = new() { ["summary"] = "This week", ["channel"] = "email" },
            };
        return buttons;
    }

    [Fact]
    public void Every_button_of_a_card_that_names_its_subjects_asks_about_nothing_else()
    {
        var views = Bot.Services.GetServices<IDeliveryCard>().ToDictionary(v => v.Template);
        var cards = Bot.Services.GetRequiredService<CardDrawer>();
        var verbs = typeof(ICardVerb).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsNested: false }
                && t.IsAssignableTo(typeof(ICardVerb)))
            .Select(t => (ICardVerb)ActivatorUtilities.CreateInstance(Bot.Services, t))
            .ToDictionary(v => v.Verb, StringComparer.Ordinal);
        // plan.assign has its own handler, which looks the person typed up first
        verbs["plan.assign"] = new Assigning();
        // and incident.review its own, which looks each action item's owner up first
        verbs["incident.review"] = new Reviewing();
        var checkedButtons = 0;
        foreach (var ((template, focus), buttons) in Buttons)
        {
            var asks = views[template].AsksAbout(focus);
            Assert.False(ReferenceEquals(asks, Subject.All), $"{template}({focus}) names every subject: needs no list");
            foreach (var (verb, inputs) in buttons)
            {
                var command = Build(verbs[verb], template, focus, inputs, cards);
                var missing = Delivery.AsksAbout(command).Except(asks).Select(s => s.Key).ToList();
                Assert.True(missing.Count == 0,
                    $"{verb} on {template}({focus}) asks about {string.Join(", ", missing)}, which the card does not");
                checkedButtons++;
            }
        }
        Assert.True(checkedButtons >= 20, $"only {checkedButtons} buttons checked");
    }

    [Fact]
    public void Every_button_on_such_a_card_is_listed_and_every_such_card_too()
    {
        var views = Bot.Services.GetServices<IDeliveryCard>().ToList();
        foreach (var template in Buttons.Keys.Select(k => k.Template).Distinct())
        {
            var onTemplate = Verbs(template);
            var listed = Buttons.Where(b => b.Key.Template == template).SelectMany(b => b.Value.Keys).ToHashSet();
            Assert.True(onTemplate.SetEquals(listed),
                $"cards/{template}.json has {string.Join(", ", onTemplate.Order())}; this test lists " +
                string.Join(", ", listed.Order()));
        }
        // any card that names its subjects for some focus is here with that focus
        string[] focuses =
        [
            "", ScheduleCard.Shared, ScheduleCard.Revised, .. AllChecks.Select(c => c.Key),
            .. Enum.GetNames<CommunicationType>(),
        ];
        foreach (var view in views)
            foreach (var focus in focuses.Where(view.Accepts))
                if (!ReferenceEquals(view.AsksAbout(focus), Subject.All))
                    Assert.True(Buttons.ContainsKey((view.Template, focus)),
                        $"{view.Template}({focus}) names its subjects but is not checked here");
    }

    /// <summary>plan.assign's command, Quinn found as the person typed.</summary>
    private sealed class Assigning : ICardVerb
    {
        public string Verb => "plan.assign";

        public VerbResult Build(CardSubmission submission)
            => AssignStakeholderAction.Build(submission, TestKit.Cast.Quinn);
    }

    /// <summary>incident.review's command, the first action item's owner found as picked.</summary>
    private sealed class Reviewing : ICardVerb
    {
        public string Verb => "incident.review";

        public VerbResult Build(CardSubmission submission)
            => ReviewIncidentAction.Build(
                submission, new Dictionary<int, Domain.People.Person?> { [1] = TestKit.Cast.Quinn });
    }

    private static DeliveryCommand Build(
        ICardVerb verb, string template, string focus, JsonObject inputs, CardDrawer cards)
    {
        var data = new JsonObject
        {
            ["card"] = template, ["deliveryId"] = "D1", ["focus"] = focus, ["version"] = 1,
        };
        foreach (var (name, value) in inputs) data[name] = value?.DeepClone();
        var submission = CardSubmission.Parse(JsonSerializer.SerializeToElement(data), cards.Accepts, "tenant")
            ?? throw new InvalidOperationException($"{template}({focus}) refused its own data");
        var built = verb.Build(submission);
        return built.Command
            ?? throw new InvalidOperationException($"{verb.Verb} on {template}({focus}): {built.Problem}");
    }

    private static HashSet<string> Verbs(string template)
    {
        var verbs = new HashSet<string>(StringComparer.Ordinal);
        TemplateRegistryTests.Collect(JsonDocument.Parse(File.ReadAllText(
            Path.Combine(Playground.RepoRoot(), "cards", $"{template}.json"))).RootElement, verbs);
        verbs.Remove("card.refresh");
        return verbs;
    }

    private static JsonObject ScheduleForm()
    {
        var form = new JsonObject();
        var day = new DateOnly(2026, 3, 9);
        foreach (var field in PlanningCard.Fields)
            form[field.Id] = (day = day.AddDays(7))
                .ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return form;
    }

    private static JsonObject ChangeForm() => new()
    {
        ["title"] = "Schema", ["environment"] = "Production", ["description"] = "Add a column",
        ["justification"] = "Asked", ["systems"] = "Invoice DB", ["services"] = "Triage", ["users"] = "40",
        ["downtime"] = "10 minutes", ["implementation"] = "Migrate", ["rollback"] = "Restore", ["testing"] = "Staging",
        ["type"] = "Normal", ["risk"] = "Medium", ["date"] = "2026-04-20", ["start"] = "10:00", ["minutes"] = "30",
    };
}
