using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Policies;

namespace DeliveryBot.Domain.Deliveries;

/// <summary>
/// Something that happened to a delivery in one command, recorded beside its audit entries so that what follows a
/// change (who is told, which card is sent) is decided from what happened, never from audit text.
/// <see cref="Summary"/> is the line a person is shown.
/// </summary>
public abstract record DeliveryEvent(string Summary);

/// <summary>A delivery record was opened from an intake.</summary>
public sealed record DeliveryOpened(string Summary) : DeliveryEvent(Summary);

/// <summary>A gate check was decided (acknowledged, certified, confirmed), by its holder or for them.</summary>
public sealed record GateDecided(string CheckKey, Person By, Role? OnBehalfOf, string Summary) : DeliveryEvent(Summary);

/// <summary>A standing gate decision was withdrawn (the schedule it acknowledged changed).</summary>
public sealed record DecisionWithdrawn(string CheckKey, string Because, string Summary) : DeliveryEvent(Summary);

public sealed record StageStarted(Stage Stage, string Summary) : DeliveryEvent(Summary);

public sealed record StagePassed(Stage Stage, string Summary) : DeliveryEvent(Summary);

/// <summary>The DM skipped a stage with a documented rationale.</summary>
public sealed record StageSkipped(Stage Stage, string Rationale, string Summary) : DeliveryEvent(Summary);

public sealed record MilestoneReached(Milestone Milestone, DateOnly Actual, string Summary) : DeliveryEvent(Summary);

public sealed record QaSubmitted(int Attempt, string Summary) : DeliveryEvent(Summary);

/// <summary>QA failed an attempt: remediation, a new timeline and a delay notice follow.</summary>
public sealed record QaFailed(int Attempt, string FailureReport, string Summary) : DeliveryEvent(Summary);

/// <summary>
/// The client should hear of a delay (QA failed, a deployment failed, a milestone slipped or the client's date moved):
/// the DM is offered the delay notice, once per <see cref="Cause"/>.
/// </summary>
public sealed record DelayNoticeDue(string Cause, Person To, string Summary) : DeliveryEvent(Summary);

/// <summary>
/// The DM shared the schedule; <see cref="With"/> are the stakeholders who receive it for information (those who
/// must acknowledge it are asked in their own turn).
/// </summary>
public sealed record ScheduleShared(IReadOnlyList<Person> With, string Summary) : DeliveryEvent(Summary);

/// <summary>
/// People who must hear what happened though nothing is theirs to do (a rollback: QA, the PLA and the DM), each told
/// once per <see cref="Cause"/>.
/// </summary>
public sealed record TeamTold(string Cause, IReadOnlyList<Person> To, string Summary) : DeliveryEvent(Summary);

public sealed record BlockerRaised(string BlockerId, string Summary) : DeliveryEvent(Summary);

/// <summary>A blocker was resolved: the gate it held can be decided again.</summary>
public sealed record BlockerResolved(string BlockerId, string Summary) : DeliveryEvent(Summary);

public sealed record EscalationRaised(string EscalationId, Person To, string Summary) : DeliveryEvent(Summary);

/// <summary>A change request was made; its approvers are asked in their turn (a Standard one is approved).</summary>
public sealed record ChangeRequested(string ChangeId, string Summary) : DeliveryEvent(Summary);

/// <summary>One approver approved a change request (the change may await others).</summary>
public sealed record ChangeApproved(string ChangeId, bool InFull, string Summary) : DeliveryEvent(Summary);

/// <summary>An approver rejected a change request: it is closed with the reason.</summary>
public sealed record ChangeRejected(string ChangeId, string Reason, string Summary) : DeliveryEvent(Summary);

/// <summary>An approved change moved a milestone or replaced the scope.</summary>
public sealed record ChangePlanApplied(string ChangeId, string Summary) : DeliveryEvent(Summary);

public sealed record DeliveryClosed(string Summary) : DeliveryEvent(Summary);

/// <summary>An incident was declared in the service the delivery put live; its commander acknowledges it.</summary>
public sealed record IncidentDeclared(string IncidentId, Person Commander, string Summary) : DeliveryEvent(Summary);

/// <summary>What the stakeholders hear of an incident: a severity change, a status update, the fix.</summary>
public sealed record IncidentChanged(string IncidentId, Record.IncidentEventKind Kind, string Summary)
    : DeliveryEvent(Summary);

/// <summary>
/// The Delivery Manager a Client Intake Manager named confirmed they run the delivery, or declined it (with the reason
/// in <see cref="DeliveryEvent.Summary"/>): <see cref="ProposedBy"/>, who opened it, is told.
/// </summary>
public sealed record ManagerAnswered(Person ProposedBy, bool Confirmed, string Summary) : DeliveryEvent(Summary);

/// <summary>
/// A delegation ended before its last day was over (<see cref="By"/> a person), or once it had lapsed (by the
/// scheduler): the role is back with its holder alone.
/// </summary>
public sealed record DelegationEnded(Delegation Delegation, Person By, string Summary) : DeliveryEvent(Summary);

/// <summary>Someone owes the delivery something they did not owe before the command: their turn has come.</summary>
public sealed record TurnOpened(Person Person, PendingAction Action) : DeliveryEvent(Action.What);

/// <summary>
/// The DM pressed Send on a client message: the bot sends <see cref="Text"/> (the draft as it stood at that moment) by
/// the route's channel to the delivery's client contact, and records how it went under <see cref="SendId"/>.
/// </summary>
public sealed record ClientMessageSending(
    string SendId, Record.CommunicationType Type, Record.ClientSendRoute Route, string Subject, string Text,
    string Summary)
    : DeliveryEvent(Summary);

/// <summary>
/// A client message the bot was sending did not go: the DM is told why, and may mark it sent or send it again.
/// </summary>
public sealed record ClientMessageFailed(
    string SendId, Record.CommunicationType Type, Person To, string Failure, string Summary)
    : DeliveryEvent(Summary);

/// <summary>
/// The DM pressed Send on an internal message of the communication plan: the bot posts <see cref="Text"/> (the draft
/// as it stood then) to each of <see cref="To"/> in Teams; <see cref="SendId"/> is the press.
/// </summary>
public sealed record PlanCommunicationPosted(
    string SendId, Record.CommunicationType Type, IReadOnlyList<Person> To, string Text, string Summary)
    : DeliveryEvent(Summary);
