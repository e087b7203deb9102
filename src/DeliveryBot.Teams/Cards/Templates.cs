namespace DeliveryBot.Teams.Cards;

/// <summary>
/// The card templates in cards/ (`cards/{name}.json`, embedded), each named here once: code refers to a template by
/// these names only, and a test checks that every file has a name here, every name a file, and every button's verb a
/// handler.
/// </summary>
internal static class Templates
{
    public const string Status = "status";
    public const string Intake = "intake";
    public const string IntakeGate = "intake-gate";
    public const string Planning = "planning";
    public const string Schedule = "schedule";
    public const string Gate = "gate";
    public const string Nudge = "nudge";
    public const string CheckIn = "checkin";
    public const string ProductionComplete = "production-complete";
    public const string Qa = "qa";
    public const string QaFailure = "qa-failure";
    public const string Deployment = "deployment";
    public const string Release = "release";
    public const string Handover = "handover";
    public const string ClientAck = "client-ack";
    public const string Review = "review";
    public const string Close = "close";
    public const string Risk = "risk";
    public const string Update = "update";
    public const string Escalation = "escalation";
    public const string Blocker = "blocker";
    public const string Help = "help";
    public const string Moved = "moved";
    public const string Manager = "manager";
    public const string Change = "change";
    public const string ChangeApproval = "change-approval";
    public const string IncidentForm = "incident-form";
    public const string Incident = "incident";
    public const string IncidentReview = "incident-review";
    public const string Sla = "sla";
    public const string Metrics = "metrics";

    public static readonly IReadOnlyList<string> All =
    [
        Status, Intake, IntakeGate, Planning, Schedule, Gate, Nudge, CheckIn, ProductionComplete, Qa, QaFailure,
        Deployment, Release, Handover, ClientAck, Review, Close, Risk, Update, Escalation, Blocker, Help, Moved,
        Manager, Change, ChangeApproval, IncidentForm, Incident, IncidentReview, Sla, Metrics,
    ];
}
