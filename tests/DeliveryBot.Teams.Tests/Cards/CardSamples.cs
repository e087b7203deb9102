using System.Text.Json.Nodes;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Incidents;
using DeliveryBot.Domain.Record;
using DeliveryBot.Teams.Cards;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Teams.Tests.Cards;

/// <summary>
/// The sample behind each card's sample data (cards/&lt;name&gt;.data.json): a delivery at the point where the card
/// matters, the card's focus, and who is looking. One entry per card template.
/// </summary>
internal static class CardSamples
{
    public sealed record Sample(Delivery Delivery, string Focus, CardContext Context);

    public static readonly DateTimeOffset At = new(2026, 4, 2, 14, 2, 0, TimeSpan.Zero);

    public static readonly IReadOnlyDictionary<string, Func<Sample>> All =
        new Dictionary<string, Func<Sample>>(StringComparer.Ordinal)
    {
        ["status"] = () => new(StatusDelivery(), "", new CardContext(At)),
        ["gate"] = () =>
        {
            var s = Scenario.Opened().Planned();
            return new(s.Delivery, "schedule-acknowledged-pla", new CardContext(s.Clock.GetUtcNow()));
        },
        ["intake-gate"] = () =>
        {
            var s = Scenario.Opened();
            s.Ok(Dana, new RaiseAmbiguity("Which invoice formats are in scope?"));
            s.Ok(Ivy, new RaiseAmbiguity("Are credit notes included?"));
            s.Ok(Ivy, new ResolveAmbiguity("A1", "PDF and UBL only"));
            return Seen(s, "", Ivy);
        },
        ["planning"] = () => Seen(Scenario.Opened().ToPlanning(), "", Dana),
        ["schedule"] = () => Seen(Scenario.Opened().Planned(), "schedule-acknowledged-pla", Pablo),
        ["checkin"] = () =>
        {
            var s = Scenario.Opened().ToProduction();
            s.Ok(Pablo, new RecordCheckIn(CheckInStatus.OnTrack, null));
            s.Ok(Pablo, new RecordCheckIn(CheckInStatus.AtRisk, "Vendor API quota"));
            return Seen(s, "", Pablo);
        },
        ["production-complete"] = () =>
        {
            var s = Scenario.Opened().ToProduction();
            s.Ok(Pablo, new StartProduction());
            return Seen(s, "", Pablo);
        },
        ["qa"] = () =>
        {
            var s = Scenario.Opened().ToQa();
            s.Ok(Quinn, new RecordQaVerdict(1, QaVerdict.Fail, "Credit notes misrouted"));
            s.Ok(Pablo, new ResubmitToQa("Routing rule for credit notes fixed"));
            return Seen(s, "", Quinn);
        },
        ["qa-failure"] = () =>
        {
            var s = Scenario.Opened().ToQa();
            s.Ok(Quinn, new RecordQaVerdict(1, QaVerdict.Fail, "Credit notes misrouted"));
            return Seen(s, "", Pablo);
        },
        ["deployment"] = () =>
        {
            var s = Scenario.Opened().ToDeployment();
            s.Ok(Diego, new ConfirmDeploymentWindow(new(2026, 3, 30), new(2026, 4, 1), RolloutMethod.Canary,
                RollbackPlan: "Route all traffic back to the stable version."));
            s.Ok(Diego, new UpdateDeploymentChecklist(["All tests passing", "Rollback plan documented"]));
            s.Go();
            s.Ok(Diego, new StartDeployment());
            s.Ok(Diego, new RecordCanaryStep(5));
            s.Ok(Diego, new RaiseBlocker("Deployment failed: health checks time out behind the new gateway"));
            return Seen(s, "", Diego);
        },
        ["release"] = () =>
        {
            // every criterion met but the UAT sign-off, which is the DM's: Dana sees hers to tick
            var s = Scenario.Opened().ToDeployment();
            s.Ok(Diego, new ConfirmDeploymentWindow(new(2026, 3, 30), new(2026, 4, 1)));
            s.Ok(Quinn, new ConfirmExitCriteria(
                ["All P1/P2 bugs resolved", "Performance benchmarks met", "Load testing complete"]));
            s.Ok(Pablo, new ConfirmExitCriteria(["Security scan passed", "Documentation updated"]));
            s.Ok(Diego, new ConfirmExitCriteria(["Runbook reviewed"]));
            return Seen(s, "", Dana);
        },
        ["handover"] = () => Seen(Scenario.Opened().ToHandover(), "", Dana),
        ["client-ack"] = () => Seen(Scenario.Opened().HandoverSent(), "", Cora),
        ["review"] = () => Seen(Scenario.Opened().ToReview(), "", Dana),
        ["close"] = () => Seen(Scenario.Opened().ToReview(), "", Dana),
        ["escalation"] = () =>
        {
            var s = Scenario.Opened().ToQa();
            s.Ok(Dana, new Escalate("QA capacity is short this week"));
            return Seen(s, "D1-E1", Clara);
        },
        ["blocker"] = () =>
        {
            var s = Scenario.Opened().ToProduction();
            s.Ok(Pablo, new RecordCheckIn(CheckInStatus.OnTrack, null));
            s.Ok(Quinn, new RaiseBlocker(
                "Test invoices not delivered", "QA cannot prepare", Domain.Milestones.Milestone.QaSubmitted, 3));
            return Seen(s, "B1", Pablo);
        },
        ["change"] = () => Seen(Scenario.Opened().ToProduction(), "", Pablo),
        ["change-approval"] = () =>
        {
            var s = Scenario.Opened().ToProduction();
            s.Ok(Pablo, Scenario.SampleChange(ChangeType.Normal, new(2026, 3, 9)));
            s.Ok(Pablo, new ApproveChange("C1"));
            return Seen(s, "C1", Clara);
        },
        ["risk"] = () =>
        {
            var s = Scenario.Opened().ToProduction();
            s.Ok(Dana, new AddRisk("Vendor API rate limits", Level.Medium, Level.High, "Cache responses", true));
            s.Ok(Pablo, new AddRisk("Sample invoices arrive late", Level.Low, Level.Medium, "Use last year's set"));
            s.Ok(Dana, new CloseRisk("R2"));
            return Seen(s, "", Dana);
        },
        ["update"] = () => Seen(Scenario.Opened().ToProduction(), "StatusUpdate", Dana),
        ["manager"] = () => Seen(Scenario.Proposed(), "", Dana),
        ["nudge"] = () => Seen(Scenario.Opened().Planned(), "schedule-acknowledged-deployment", Diego),
        ["incident-form"] = () => Seen(Scenario.Opened().ToHandover(), "", Pablo),
        ["incident"] = () =>
        {
            var s = Scenario.Opened().ToHandover();
            s.Ok(Pablo, new DeclareIncident(
                "Invoices stuck in the triage queue", Severity.Sev2, "Invoice intake", s.Clock.GetUtcNow(),
                IsOutage: true));
            s.Later(TimeSpan.FromMinutes(12)).Ok(Diego, new AcknowledgeIncident("I1"));
            s.Later(TimeSpan.FromMinutes(20)).Ok(Diego, new PostIncidentUpdate(
                "I1", "Queue worker restarted; draining the backlog."));
            return Seen(s, "I1", Diego);
        },
        ["incident-review"] = () =>
        {
            var s = IncidentReviewSample();
            s.Later(TimeSpan.FromDays(1)).Ok(Quinn, new MarkActionItemDone("D1-I1-A2", "Alert on queue depth live"));
            return Seen(s, "I1", Dana);
        },
        ["sla"] = () =>
        {
            var s = Scenario.Opened().ToHandover();
            s.Ok(Pablo, new DeclareIncident(
                "Invoices not triaged", Severity.Sev1, "Invoice intake", s.Clock.GetUtcNow(), IsOutage: true));
            s.Later(TimeSpan.FromMinutes(12)).Ok(Diego, new AcknowledgeIncident("I1"));
            s.Later(TimeSpan.FromMinutes(3)).Ok(Diego, new ResolveIncident("I1", "Restarted the consumer", "A lease"));
            s.Ok(Diego, new RecordPerformance(320, 0.05m));
            s.Ok(Diego, new ScheduleMaintenance(
                (new(2026, 3, 8), new(1, 0)), (new(2026, 3, 8), new(2, 0)), "Database upgrade"));
            return Seen(s, "", Dana);
        },
    };

    /// <summary>A resolved SEV-2 reviewed by its commander with two action items: the review card's sample.</summary>
    public static Scenario IncidentReviewSample()
    {
        var s = Scenario.Opened().ToHandover();
        s.Ok(Pablo, new DeclareIncident(
            "Invoices stuck in the triage queue", Severity.Sev2, "Invoice intake", s.Clock.GetUtcNow(),
            IsOutage: true));
        s.Later(TimeSpan.FromMinutes(12)).Ok(Diego, new AcknowledgeIncident("I1"));
        s.Later(TimeSpan.FromHours(1)).Ok(Diego, new ResolveIncident(
            "I1", "Restarted the queue worker with a bigger buffer.", "A 40 MB invoice blocked the worker."));
        var today = s.Delivery.Calendar.LocalDate(s.Clock.GetUtcNow());
        s.Ok(Diego, new ReviewIncident(
            "I1", "Paged within minutes; the runbook worked.", "No alert on the queue's depth.",
            "Share the runbook change with the platform team.",
            [
                new NewActionItem("Cap the invoice size at intake", Pablo, today.AddDays(7)),
                new NewActionItem("Alert on the queue's depth", Quinn, today.AddDays(3)),
            ]));
        return s;
    }

    /// <summary>The sample as its viewer sees it, at the scenario's time.</summary>
    private static Sample Seen(Scenario s, string focus, Domain.People.Person viewer)
        => new(s.Delivery, focus, new CardContext(s.Clock.GetUtcNow(), viewer));

    /// <summary>Every card view of the bot, as the bot registers them.</summary>
    public static DeliveryCards Cards { get; } = new(new CardTemplates(),
        typeof(IDeliveryCard).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.IsAssignableTo(typeof(IDeliveryCard)))
            .Select(t => (IDeliveryCard)Activator.CreateInstance(t)!));

    public static JsonObject Data(string template)
    {
        var sample = All[template]();
        return Cards.Data(new CardRef(template, sample.Delivery.Id, sample.Focus), sample.Delivery, sample.Context)
            .ToJson();
    }

    /// <summary>A delivery in QA with a failed attempt, an open risk and an open escalation: the status card's
    /// sample.</summary>
    public static Delivery StatusDelivery()
    {
        var s = Scenario.Opened().ToQa();
        s.Ok(Dana, new AddRisk("Vendor API rate limits", Level.Medium, Level.High, "Cache responses", true));
        s.Ok(Quinn, new RecordQaVerdict(1, QaVerdict.Fail, "Credit notes misrouted"));
        s.Ok(Dana, new Escalate("QA capacity is short this week"));
        return s.Delivery;
    }
}
