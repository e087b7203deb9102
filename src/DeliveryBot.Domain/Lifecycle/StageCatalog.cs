using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Lifecycle;

/// <summary>The seven stages, their checklists and gates, as the delivery lifecycle seed defines them.</summary>
public static class StageCatalog
{
    public static class Checks
    {
        public static readonly GateCheck RequirementsUnambiguous = new(
            Key: "requirements-unambiguous", Stage.IntakeHandoff, Role.DeliveryManager,
            Question: "Are the requirements complete and unambiguous?",
            DoneVerb: "Requirements confirmed unambiguous");
        public static readonly GateCheck ClientTimelineAcknowledged = new(
            Key: "client-timeline-acknowledged", Stage.IntakeHandoff, Role.ClientIntakeManager,
            Question: "Has the client acknowledged the agreed timeline?",
            DoneVerb: "Client timeline acknowledged");
        public static readonly GateCheck ScheduleAcknowledgedByPla = new(
            Key: "schedule-acknowledged-pla", Stage.DeliveryPlanning, Role.ProductionLineArchitect,
            Question: "Can production deliver to this schedule?",
            DoneVerb: "Schedule acknowledged");
        public static readonly GateCheck ScheduleAcknowledgedByDeployment = new(
            Key: "schedule-acknowledged-deployment", Stage.DeliveryPlanning, Role.DeploymentSpecialist,
            Question: "Does the deployment window fit this schedule?",
            DoneVerb: "Schedule acknowledged");
        public static readonly GateCheck ProductionComplete = new(
            Key: "production-complete", Stage.ProductionTracking, Role.ProductionLineArchitect,
            Question: "Is production complete?",
            DoneVerb: "Production marked complete");
        public static readonly GateCheck QaPass = new(
            Key: "qa-pass", Stage.QaGate, Role.QaEngineer,
            Question: "Does the digital talent pass QA certification?",
            DoneVerb: "QA certified PASS");
        public static readonly GateCheck DeploymentSucceeded = new(
            Key: "deployment-succeeded", Stage.DeploymentCoordination, Role.DeploymentSpecialist,
            Question: "Did the deployment succeed?",
            DoneVerb: "Deployment confirmed successful");
        public static readonly GateCheck ClientReceipt = new(
            Key: "client-receipt", Stage.ClientHandover, Role.ClientContact,
            Question: "Has the client received the handover?",
            DoneVerb: "Receipt acknowledged", Proxy.DmWithEvidence);
        public static readonly GateCheck ReviewComplete = new(
            Key: "review-complete", Stage.PostDeliveryReview, Role.DeliveryManager,
            Question: "Is the post-delivery review complete?",
            DoneVerb: "Review completed");
    }

    public static readonly IReadOnlyList<StageDefinition> All =
    [
        new(
            Stage.IntakeHandoff,
            Name: "Intake handoff",
            Trigger: "Client Intake Manager delivers a signed-off requirements package.",
            Checklist:
            [
                "Receive and review the client requirements document for completeness",
                "Verify scope is clear: what digital talent(s) are being built, what they do, " +
                    "client timeline expectations",
                "Identify any ambiguities or risks and resolve with the Client Intake Manager before proceeding",
                "Create the delivery record: client name, scope summary, agreed timeline, stakeholders",
            ],
            Output: "Delivery record with confirmed scope, timeline, and stakeholder list.",
            Gate: "Do not proceed until requirements are unambiguous and client timeline is acknowledged.",
            Checks: [Checks.RequirementsUnambiguous, Checks.ClientTimelineAcknowledged],
            Status: DeliveryStatus.Planning,
            CannotSkipBecause: null,
            Milestones: [Milestone.IntakeHandoff],
            CompletedOnPass: Milestone.IntakeHandoff,
            ReachedOnEntry: null,
            Aliases: ["intake", "intakehandoff", "handoff"]),
        new(
            Stage.DeliveryPlanning,
            Name: "Delivery planning",
            Trigger: "Intake handoff is complete and gate passed.",
            Checklist:
            [
                "Build a delivery schedule with milestones (production start, production completion target, " +
                    "QA submission, QA certification target, deployment window, client handover)",
                "Align schedule with the Production Line Architect: confirm production capacity and timeline",
                "Identify dependencies and risks",
                "Define escalation triggers: what delays are acceptable, what requires CTO escalation",
                "Share schedule with all delivery stakeholders",
                "Send initial client communication",
            ],
            Output: "Published delivery schedule with milestones and risk register.",
            Gate: "Schedule must be acknowledged by the Production Line Architect and the Deployment Specialist " +
                "before proceeding.",
            Checks: [Checks.ScheduleAcknowledgedByPla, Checks.ScheduleAcknowledgedByDeployment],
            Status: DeliveryStatus.Planning,
            CannotSkipBecause: null,
            Milestones: [],
            CompletedOnPass: null,
            ReachedOnEntry: null,
            Aliases: ["planning", "deliveryplanning", "plan", "schedule"]),
        new(
            Stage.ProductionTracking,
            Name: "Production tracking",
            Trigger: "Production begins per the schedule.",
            Checklist:
            [
                "Track production progress against milestones at regular intervals",
                "Check in with the Production Line Architect: is production on track?",
                "Identify blockers early: technical issues, scope questions, resource constraints",
                "If blockers arise: assess impact, attempt resolution, " +
                    "escalate to the CTO if unresolvable within acceptable delay",
                "Send client status updates per the agreed cadence",
                "Update delivery record with current status",
            ],
            Output: "Updated delivery record, client status communications, escalation reports if needed.",
            Gate: "Production must be marked complete by the Production Line Architect before advancing to QA.",
            Checks: [Checks.ProductionComplete],
            Status: DeliveryStatus.InProduction,
            CannotSkipBecause: null,
            Milestones: [Milestone.ProductionStart, Milestone.ProductionComplete],
            CompletedOnPass: Milestone.ProductionComplete,
            ReachedOnEntry: null,
            Aliases: ["production", "productiontracking"]),
        new(
            Stage.QaGate,
            Name: "QA gate",
            Trigger: "The Production Line Architect confirms production is complete.",
            Checklist:
            [
                "Notify the QA Engineer that the digital talent is ready for certification",
                "Track QA progress: is certification on schedule?",
                "If QA fails: receive the failure report, coordinate remediation, " +
                    "update timeline and inform client, re-submit",
                "If QA passes: record certification in the delivery record",
            ],
            Output: "QA certification status recorded in delivery record.",
            Gate: "QA certification must be PASS before proceeding to deployment. No exceptions.",
            Checks: [Checks.QaPass],
            Status: DeliveryStatus.Qa,
            CannotSkipBecause: "QA certification must be PASS before proceeding to deployment. No exceptions.",
            Milestones: [Milestone.QaSubmitted, Milestone.QaCertified],
            CompletedOnPass: Milestone.QaCertified,
            ReachedOnEntry: Milestone.QaSubmitted,
            Aliases: ["qa", "qagate", "quality"]),
        new(
            Stage.DeploymentCoordination,
            Name: "Deployment coordination",
            Trigger: "QA certification is PASS.",
            Checklist:
            [
                "Notify the Deployment Specialist that the digital talent is certified and ready for deployment",
                "Confirm the deployment window: does packaging and environment setup fit the schedule?",
                "Track deployment progress",
                "If deployment issues arise: coordinate between Deployment, QA and Production; " +
                    "update timeline and client",
                "Once deployed, confirm deployment success with the Deployment Specialist",
            ],
            Output: "Deployment confirmation recorded in delivery record.",
            Gate: "The Deployment Specialist confirms successful deployment before proceeding to client handover.",
            Checks: [Checks.DeploymentSucceeded],
            Status: DeliveryStatus.Deployment,
            CannotSkipBecause: null,
            Milestones: [Milestone.DeploymentStart, Milestone.DeploymentComplete],
            CompletedOnPass: Milestone.DeploymentComplete,
            ReachedOnEntry: null,
            Aliases: ["deployment", "deploymentcoordination", "deploy"]),
        new(
            Stage.ClientHandover,
            Name: "Client handover",
            Trigger: "The Deployment Specialist confirms successful deployment.",
            Checklist:
            [
                "Prepare the handover package: scope confirmation, how to access/use it, " +
                    "configuration or customisation notes, support contact and next steps",
                "Send handover communication to client",
                "Confirm client receipt and initial satisfaction",
                "Document any immediate client feedback",
            ],
            Output: "Handover package delivered, client acknowledgment received.",
            Gate: "Client must acknowledge receipt before the delivery is considered complete.",
            Checks: [Checks.ClientReceipt],
            Status: DeliveryStatus.Handover,
            CannotSkipBecause: "the delivery cannot close without the client's acknowledgement of receipt, " +
                "which this stage obtains.",
            Milestones: [Milestone.ClientHandover],
            CompletedOnPass: null,
            ReachedOnEntry: null,
            Aliases: ["handover", "clienthandover"]),
        new(
            Stage.PostDeliveryReview,
            Name: "Post-delivery review",
            Trigger: "Client acknowledges receipt (or 5 business days after handover, whichever is first).",
            Checklist: ["Conduct post-delivery review", "Record lessons learned", "Close the delivery record"],
            Output: "Completed post-delivery review document.",
            Gate: "Delivery record is closed only after the review is complete.",
            Checks: [Checks.ReviewComplete],
            Status: DeliveryStatus.Handover,
            CannotSkipBecause: "the delivery cannot close without the completed post-delivery review.",
            Milestones: [Milestone.PostDeliveryReview],
            CompletedOnPass: Milestone.PostDeliveryReview,
            ReachedOnEntry: null,
            Aliases: ["review", "postdeliveryreview", "retro"]),
    ];

    public static StageDefinition Get(Stage stage) => All[(int)stage - 1];

    /// <summary>Every stage's gate checks in stage order, made once: each save reads them all (its metrics).</summary>
    public static IReadOnlyList<GateCheck> AllChecks => EveryCheck;

    private static readonly GateCheck[] EveryCheck = [.. All.SelectMany(s => s.Checks)];

    public static GateCheck? FindCheck(string? key)
    {
        foreach (var check in EveryCheck)
            if (string.Equals(check.Key, key, StringComparison.OrdinalIgnoreCase)) return check;
        return null;
    }

    /// <summary>Days after client handover when the review starts without a client acknowledgement.</summary>
    public const int ReviewStartsAfterBusinessDays = 5;
}
