using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.TestKit;

/// <summary>
/// Drives one delivery through the lifecycle with the sample cast, on a manual clock starting Monday
/// 2 March 2026, 10:00 in London. Each step asserts it was applied, so a broken rule fails loudly.
/// </summary>
public sealed class Scenario
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private int _commands;

    public ManualClock Clock { get; } = new(Start);
    public Delivery Delivery { get; private set; } = null!;

    public static Schedule SampleSchedule => new(
        ProductionStart: new(2026, 3, 9),
        ProductionComplete: new(2026, 3, 20),
        QaSubmission: new(2026, 3, 23),
        QaCertification: new(2026, 3, 27),
        DeploymentWindowStart: new(2026, 3, 30),
        DeploymentWindowEnd: new(2026, 4, 1),
        ClientHandover: new(2026, 4, 3));

    public static Intake SampleIntake(DeliverySettings? settings = null) => new(
        Client: "Contoso Ltd",
        DigitalTalent: "Invoice Triage Agent",
        Scope: "An agent that triages supplier invoices.",
        IntakeDate: new DateOnly(2026, 3, 2),
        AgreedDeliveryDate: new DateOnly(2026, 4, 10),
        TimelineExpectations: "Live before the April billing run",
        ClientIntakeManager: Ivy,
        Settings: settings ?? DeliverySettings.For("Europe/London"),
        OtherStakeholders:
        [
            new(Role.ProductionLineArchitect, Pablo),
            new(Role.QaEngineer, Quinn),
            new(Role.DeploymentSpecialist, Diego),
            new(Role.Cto, Clara),
            new(Role.ClientContact, Cora),
        ]);

    public static Scenario Opened(DeliverySettings? settings = null)
    {
        var s = new Scenario();
        s.Delivery = Delivery.Open("D1", SampleIntake(settings), s.Meta(Dana));
        return s;
    }

    /// <summary>Ivy, the Client Intake Manager, opens D1 naming Dana its DM, who has not confirmed yet.</summary>
    public static Scenario Proposed()
    {
        var s = new Scenario();
        s.Delivery = Delivery.Open("D1", SampleIntake() with { DeliveryManager = Dana }, s.Meta(Ivy));
        return s;
    }

    public CommandMeta Meta(Person who, long? version = null, string? id = null)
        => CommandMeta.Now(Clock, id ?? $"cmd-{++_commands}", who, "test", version);

    public Outcome Do(Person who, DeliveryCommand command, long? version = null, string? id = null)
        => Delivery.Execute(command, Meta(who, version, id));

    public Outcome Ok(Person who, DeliveryCommand command)
    {
        var outcome = Do(who, command);
        Assert.True(outcome.Changed, $"{command.Action} by {who}: {outcome.Kind}: {outcome.Message}");
        return outcome;
    }

    public Scenario Later(TimeSpan by) { Clock.Advance(by); return this; }

    public Scenario ToPlanning()
    {
        Ok(Dana, new AcknowledgeGate(Checks.RequirementsUnambiguous.Key));
        Ok(Ivy, new AcknowledgeGate(Checks.ClientTimelineAcknowledged.Key));
        return this;
    }

    public Scenario Planned()
    {
        ToPlanning();
        Ok(Dana, new PlanDelivery(SampleSchedule));
        Ok(Dana, new PublishSchedule());
        return this;
    }

    /// <summary>
    /// Risks noted along the way: a record a few weeks in, whose document spills past one SQLite page (so a save of it
    /// needs fresh pages, which a full disk refuses).
    /// </summary>
    public Scenario WithRisks(int count)
    {
        for (var i = 1; i <= count; i++)
            Ok(Dana, new AddRisk(
                $"Risk {i}: the supplier's invoice export may change format before go-live",
                Level.Low,
                Level.Medium,
                "Pin the export version with the supplier and keep a sample of every format seen"));
        return this;
    }

    public Scenario ToProduction()
    {
        Planned();
        Ok(Pablo, new AcknowledgeGate(Checks.ScheduleAcknowledgedByPla.Key));
        Ok(Diego, new AcknowledgeGate(Checks.ScheduleAcknowledgedByDeployment.Key));
        return this;
    }

    public Scenario ToQa()
    {
        ToProduction();
        Ok(Pablo, new RecordCheckIn(CheckInStatus.OnTrack, null));
        Ok(Pablo, new AcknowledgeGate(Checks.ProductionComplete.Key));
        return this;
    }

    public Scenario ToDeployment()
    {
        ToQa();
        Ok(Quinn, new RecordQaVerdict(Delivery.CurrentQaAttempt!.Number, QaVerdict.Pass));
        return this;
    }

    /// <summary>
    /// Release readiness in stage 5: every exit criterion confirmed by its owner, then a go from the DM and the client
    /// contact.
    /// </summary>
    public Scenario Go()
    {
        Ok(Quinn, new ConfirmExitCriteria(
            ["All P1/P2 bugs resolved", "Performance benchmarks met", "Load testing complete"]));
        Ok(Pablo, new ConfirmExitCriteria(["Security scan passed", "Documentation updated"]));
        Ok(Diego, new ConfirmExitCriteria(["Runbook reviewed"]));
        Ok(Dana, new ConfirmExitCriteria(["UAT sign-off received"]));
        Ok(Dana, new DecideGoNoGo(Role.DeliveryManager, Go: true));
        Ok(Cora, new DecideGoNoGo(Role.ClientContact, Go: true));
        return this;
    }

    public Scenario ToHandover()
    {
        ToDeployment();
        Ok(Diego, new ConfirmDeploymentWindow(new(2026, 3, 30), new(2026, 4, 1)));
        Go();
        Ok(Diego, new StartDeployment());
        Ok(Diego, new UpdateDeploymentChecklist([.. DeploymentChecklist.AllItems]));
        Ok(Diego, new AcknowledgeGate(Checks.DeploymentSucceeded.Key));
        return this;
    }

    public Scenario HandoverSent()
    {
        ToHandover();
        Ok(Dana, new PrepareHandover(SamplePackage));
        Ok(Dana, new RecordClientCommunication(CommunicationType.HandoverCommunication, "Handover package sent"));
        return this;
    }

    public Scenario ToReview()
    {
        HandoverSent();
        Ok(Cora, new AcknowledgeReceipt("Works well", "Happy"));
        return this;
    }

    public Scenario Reviewed()
    {
        ToReview();
        Ok(Dana, new CompleteReview(["Clear gates"], ["QA earlier"], [new FollowUp("Automate QA smoke", "Quinn")]));
        return this;
    }

    /// <summary>A change request in the seed's template, filled in, of the type and on the date given.</summary>
    public static RequestChange SampleChange(
        ChangeType type,
        DateOnly date,
        TimeOnly? start = null,
        ChangePlan? plan = null,
        string title = "Schema",
        ChangeSchedule? schedule = null)
        => new(new ChangeDetails
        {
            Title = title,
            Type = type,
            Risk = Level.Medium,
            Environment = "Production",
            Team = "Platform",
            Description = "Add the supplier column to the invoice table",
            Justification = "The client asked for per-supplier triage",
            Impact = new ChangeImpact("Invoice DB", "Triage agent", "40 finance users", "10 minutes"),
            ImplementationPlan = "1. Back up\n2. Migrate",
            RollbackPlan = "Restore the backup",
            TestingPlan = "Integration tests; UAT sign-off",
            Schedule = schedule ?? new ChangeSchedule(date, start ?? new TimeOnly(2, 0), TimeSpan.FromHours(2), false),
            Plan = plan ?? new ChangePlan(),
        });

    public static HandoverPackage SamplePackage => new(
        "Invoice triage for supplier invoices", "Open the Teams app", "Default thresholds", "support@contoso.test");
}
