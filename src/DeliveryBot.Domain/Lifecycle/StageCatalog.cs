using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Lifecycle;

/// <summary>The seven stages, their checklists and gates, as the delivery lifecycle seed defines them.</summary>
public static class StageCatalog
{
    public static class Checks
    {
        public static readonly GateCheck RequirementsUnambiguous = new("requirements-unambiguous", Stage.IntakeHandoff,
            Role.DeliveryManager, "Are the requirements complete and unambiguous?", "Requirements confirmed unambiguous");
        public static readonly GateCheck ClientTimelineAcknowledged = new("client-timeline-acknowledged", Stage.IntakeHandoff,
            Role.ClientIntakeManager, "Has the client acknowledged the agreed timeline?", "Client timeline acknowledged");
        public static readonly GateCheck ScheduleAcknowledgedByPla = new("schedule-acknowledged-pla", Stage.DeliveryPlanning,
            Role.ProductionLineArchitect, "Can production deliver to this schedule?", "Schedule acknowledged");
        public static readonly GateCheck ScheduleAcknowledgedByDeployment = new("schedule-acknowledged-deployment", Stage.DeliveryPlanning,
            Role.DeploymentSpecialist, "Does the deployment window fit this schedule?", "Schedule acknowledged");
        public static readonly GateCheck ProductionComplete = new("production-complete", Stage.ProductionTracking,
            Role.ProductionLineArchitect, "Is production complete?", "Production marked complete");
        public static readonly GateCheck QaPass = new("qa-pass", Stage.QaGate,
            Role.QaEngineer, "Does the digital talent pass QA certification?", "QA certified PASS");
        public static readonly GateCheck DeploymentSucceeded = new("deployment-succeeded", Stage.DeploymentCoordination,
            Role.DeploymentSpecialist, "Did the deployment succeed?", "Deployment confirmed successful");
        public static readonly GateCheck ClientReceipt = new("client-receipt", Stage.ClientHandover,
            Role.ClientContact, "Has the client received the handover?", "Receipt acknowledged", Proxy.DmWithEvidence);
        public static readonly GateCheck ReviewComplete = new("review-complete", Stage.PostDeliveryReview,
            Role.DeliveryManager, "Is the post-delivery review complete?", "Review completed");
    }

    public static readonly IReadOnlyList<StageDefinition> All =
    [
        new(Stage.IntakeHandoff, "Intake handoff",
            "Client Intake Manager delivers a signed-off requirements package.",
            ["Receive and review the client requirements document for completeness",
             "Verify scope is clear: what digital talent(s) are being built, what they do, client timeline expectations",
             "Identify any ambiguities or risks and resolve with the Client Intake Manager before proceeding",
             "Create the delivery record: client name, scope summary, agreed timeline, stakeholders"],
            "Delivery record with confirmed scope, timeline, and stakeholder list.",
            "Do not proceed until requirements are unambiguous and client timeline is acknowledged.",
            [Checks.RequirementsUnambiguous, Checks.ClientTimelineAcknowledged],
            DeliveryStatus.Planning, CannotSkipBecause: null, [Milestone.IntakeHandoff],
            CompletedOnPass: Milestone.IntakeHandoff, ReachedOnEntry: null, ["intake", "intakehandoff", "handoff"]),
        new(Stage.DeliveryPlanning, "Delivery planning",
            "Intake handoff is complete and gate passed.",
            ["Build a delivery schedule with milestones (production start, production completion target, QA submission, QA certification target, deployment window, client handover)",
             "Align schedule with the Production Line Architect: confirm production capacity and timeline",
             "Identify dependencies and risks",
             "Define escalation triggers: what delays are acceptable, what requires CTO escalation",
             "Share schedule with all delivery stakeholders",
             "Send initial client communication"],
            "Published delivery schedule with milestones and risk register.",
            "Schedule must be acknowledged by the Production Line Architect and the Deployment Specialist before proceeding.",
            [Checks.ScheduleAcknowledgedByPla, Checks.ScheduleAcknowledgedByDeployment],
            DeliveryStatus.Planning, CannotSkipBecause: null, [],
            CompletedOnPass: null, ReachedOnEntry: null, ["planning", "deliveryplanning", "plan", "schedule"]),
        new(Stage.ProductionTracking, "Production tracking",
            "Production begins per the schedule.",
            ["Track production progress against milestones at regular intervals",
             "Check in with the Production Line Architect: is production on track?",
             "Identify blockers early: technical issues, scope questions, resource constraints",
             "If blockers arise: assess impact, attempt resolution, escalate to the CTO if unresolvable within acceptable delay",
             "Send client status updates per the agreed cadence",
             "Update delivery record with current status"],
            "Updated delivery record, client status communications, escalation reports if needed.",
            "Production must be marked complete by the Production Line Architect before advancing to QA.",
            [Checks.ProductionComplete],
            DeliveryStatus.InProduction, CannotSkipBecause: null, [Milestone.ProductionStart, Milestone.ProductionComplete],
            CompletedOnPass: Milestone.ProductionComplete, ReachedOnEntry: null, ["production", "productiontracking"]),
        new(Stage.QaGate, "QA gate",
            "The Production Line Architect confirms production is complete.",
            ["Notify the QA Engineer that the digital talent is ready for certification",
             "Track QA progress: is certification on schedule?",
             "If QA fails: receive the failure report, coordinate remediation, update timeline and inform client, re-submit",
             "If QA passes: record certification in the delivery record"],
            "QA certification status recorded in delivery record.",
            "QA certification must be PASS before proceeding to deployment. No exceptions.",
            [Checks.QaPass],
            DeliveryStatus.Qa, CannotSkipBecause: "QA certification must be PASS before proceeding to deployment. No exceptions.", [Milestone.QaSubmitted, Milestone.QaCertified],
            CompletedOnPass: Milestone.QaCertified, ReachedOnEntry: Milestone.QaSubmitted, ["qa", "qagate", "quality"]),
        new(Stage.DeploymentCoordination, "Deployment coordination",
            "QA certification is PASS.",
            ["Notify the Deployment Specialist that the digital talent is certified and ready for deployment",
             "Confirm the deployment window: does packaging and environment setup fit the schedule?",
             "Track deployment progress",
             "If deployment issues arise: coordinate between Deployment, QA and Production; update timeline and client",
             "Once deployed, confirm deployment success with the Deployment Specialist"],
            "Deployment confirmation recorded in delivery record.",
            "The Deployment Specialist confirms successful deployment before proceeding to client handover.",
            [Checks.DeploymentSucceeded],
            DeliveryStatus.Deployment, CannotSkipBecause: null, [Milestone.DeploymentStart, Milestone.DeploymentComplete],
            CompletedOnPass: Milestone.DeploymentComplete, ReachedOnEntry: null, ["deployment", "deploymentcoordination", "deploy"]),
        new(Stage.ClientHandover, "Client handover",
            "The Deployment Specialist confirms successful deployment.",
            ["Prepare the handover package: scope confirmation, how to access/use it, configuration or customisation notes, support contact and next steps",
             "Send handover communication to client",
             "Confirm client receipt and initial satisfaction",
             "Document any immediate client feedback"],
            "Handover package delivered, client acknowledgment received.",
            "Client must acknowledge receipt before the delivery is considered complete.",
            [Checks.ClientReceipt],
            DeliveryStatus.Handover, CannotSkipBecause: "the delivery cannot close without the client's acknowledgement of receipt, which this stage obtains.", [Milestone.ClientHandover],
            CompletedOnPass: null, ReachedOnEntry: null, ["handover", "clienthandover"]),
        new(Stage.PostDeliveryReview, "Post-delivery review",
            "Client acknowledges receipt (or 5 business days after handover, whichever is first).",
            ["Conduct post-delivery review", "Record lessons learned", "Close the delivery record"],
            "Completed post-delivery review document.",
            "Delivery record is closed only after the review is complete.",
            [Checks.ReviewComplete],
            DeliveryStatus.Handover, CannotSkipBecause: "the delivery cannot close without the completed post-delivery review.", [Milestone.PostDeliveryReview],
            CompletedOnPass: Milestone.PostDeliveryReview, ReachedOnEntry: null, ["review", "postdeliveryreview", "retro"]),
    ];

    public static StageDefinition Get(Stage stage) => All[(int)stage - 1];

    public static IEnumerable<GateCheck> AllChecks => All.SelectMany(s => s.Checks);

    public static GateCheck? FindCheck(string? key)
        => AllChecks.FirstOrDefault(c => string.Equals(c.Key, key, StringComparison.OrdinalIgnoreCase));

    /// <summary>Days after client handover when the review starts without a client acknowledgement.</summary>
    public const int ReviewStartsAfterBusinessDays = 5;
}
