using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Incidents;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;

namespace DeliveryBot.Domain.Policies;

/// <summary>
/// What each role owes next, derived from the record: the status card's "next action", a person's
/// `mine`, and the index storage keeps for it.
/// </summary>
public static class NextActions
{
    /// <summary>What each role owes now, worked out once for each state of the record (see
    /// <see cref="Delivery.Owed"/>).</summary>
    public static IReadOnlyList<PendingAction> For(Delivery delivery) => delivery.Owed();

    internal static IReadOnlyList<PendingAction> Of(Delivery delivery)
    {
        if (delivery.IsDeclined) return [];
        // the service outlives the record: a closed delivery's open incidents are still owed, and nothing else
        if (delivery.IsClosed) return [.. Incidents(delivery)];
        var s = delivery.State;
        // Before the DM named takes it on, theirs is the only turn: nobody else is asked for anything yet.
        if (s.Proposal is { IsAwaiting: true } proposal)
            return [new(Role.DeliveryManager, $"Confirm you run this delivery ({proposal.ProposedBy}, Client Intake "
                + "Manager, named you)", proposal.At) { Kind = ActionKind.ConfirmManagement }];
        var actions = new List<PendingAction>();
        void Owe(
            ActionKind kind, Role role, string what, DateTimeOffset since,
            GateCheck? check = null, string? subject = null)
            => actions.Add(new(role, what, since, check?.Key) { Kind = kind, Subject = subject });

        foreach (var stage in s.Stages.Where(p => p.State == StageState.Active))
        {
            var since = stage.StartedAt!.Value;
            switch (stage.Stage)
            {
                case Stage.IntakeHandoff:
                    foreach (var a in s.Ambiguities.Where(a => a.IsOpen))
                        Owe(ActionKind.ResolveAmbiguity, Role.ClientIntakeManager,
                            $"Resolve ambiguity {a.Id}: {a.Question}", a.RaisedAt, subject: a.Id);
                    break;
                case Stage.DeliveryPlanning:
                    if (s.Schedule is null)
                        Owe(ActionKind.PlanSchedule, Role.DeliveryManager, "Plan the delivery schedule", since);
                    else if (s.SchedulePublishedAt is null)
                        Owe(ActionKind.ShareSchedule, Role.DeliveryManager,
                            "Share the schedule with the stakeholders", since);
                    if (s.Schedule is not null
                        && !s.StatusUpdates.Exists(u => u.Type == CommunicationType.InitialCommunication
                            && u.State != CommunicationState.Failed))
                        Owe(ActionKind.InitialCommunication, Role.DeliveryManager,
                            "Send the initial client communication", since);
                    break;
                case Stage.ProductionTracking when s.Milestones[(int)Milestone.ProductionStart].Actual is null:
                    Owe(ActionKind.StartProduction, Role.ProductionLineArchitect,
                        "Record that production has started", since);
                    break;
                case Stage.QaGate when delivery.CurrentQaAttempt is { Verdict: QaVerdict.Fail } failed:
                    Owe(ActionKind.Remediate, Role.ProductionLineArchitect,
                        $"Remediate QA attempt {failed.Number} and resubmit", failed.DecidedAt!.Value);
                    break;
                case Stage.DeploymentCoordination:
                    if (s.DeploymentWindow is null)
                        Owe(ActionKind.ConfirmDeploymentWindow, Role.DeploymentSpecialist,
                            "Confirm the deployment window", since);
                    if (s.Milestones[(int)Milestone.DeploymentStart].Actual is null)
                        actions.AddRange(Release(delivery, since));
                    if (s.DeploymentWindow is not null && delivery.ReleaseApproved
                        && s.Milestones[(int)Milestone.DeploymentStart].Actual is null)
                        Owe(ActionKind.StartDeployment, Role.DeploymentSpecialist,
                            "Record that deployment has started", since);
                    break;
                case Stage.ClientHandover:
                    if (s.Handover is null)
                        Owe(ActionKind.PrepareHandover, Role.DeliveryManager, "Prepare the handover package", since);
                    else if (delivery.HandoverSent is null)
                        Owe(ActionKind.SendHandover, Role.DeliveryManager, "Send the handover communication", since);
                    break;
            }
            // An open blocker of the stage holds its gates: nobody is asked for what they cannot give until it is
            // resolved, and its resolution then opens their turn.
            var held = delivery.OpenBlockerOf(stage.Stage) is not null;
            foreach (var check in StageCatalog.Get(stage.Stage).Checks)
                if (!held && delivery.DecisionFor(check) is null && GateRequests.OpenSince(delivery, check) is { } asked
                    && !(check == Checks.ProductionComplete
                        && s.Milestones[(int)Milestone.ProductionStart].Actual is null))
                    Owe(ActionKind.Gate, check.Role, what: check.Question, since: asked, check);
        }
        // A revised schedule holds no gate: it is owed beside whatever stage is under way.
        foreach (var role in Delivery.ScheduleAcknowledgers)
            if (delivery.UnacknowledgedMove(role) is { } move)
            {
                var last = s.MilestoneMoves.Last(m => m.NeedsAcknowledgement);
                Owe(ActionKind.AcknowledgeRevisedSchedule, role,
                    $"Acknowledge the revised schedule ({last.Milestone.Title()} moved to {last.To:yyyy-MM-dd})",
                    move.At);
            }
        foreach (var b in s.Blockers)
            if (b.IsOpen)
                foreach (var role in Delivery.BlockerResolverRoles(b))
                    Owe(ActionKind.ResolveBlocker, role, $"Resolve blocker {b.Id}: {b.Description}", b.RaisedAt,
                        subject: b.Id);
        foreach (var e in s.Escalations.Where(e => e.State == EscalationState.Open))
            Owe(ActionKind.AcknowledgeEscalation, Role.Cto,
                $"Acknowledge escalation {e.Id}: {e.Issue}", e.RaisedAt, subject: e.Id);
        // each approver a pending change awaits, in the seed's order (the DM records a client's approval when asked)
        foreach (var c in s.ChangeRequests.Where(c => c.IsPending))
            foreach (var approver in Delivery.AwaitedApprovers(c))
                foreach (var role in delivery.ApproverRoles(approver))
                    Owe(ActionKind.ApproveChange, role,
                        $"Approve change {delivery.ChangeNumber(c)} as {Delivery.ApproverTitle(approver)}: {c.Title}",
                        c.RequestedAt, subject: c.Id);
        actions.AddRange(Incidents(delivery));
        if (s.Stages.All(p => p.IsDone))
            Owe(ActionKind.Close, Role.DeliveryManager, "Close the delivery", s.Stages.Max(p => p.EndedAt!.Value));
        return actions;
    }

    /// <summary>
    /// Each open incident's commander owes its acknowledgement (the response), then its resolution; owed by the role
    /// through which they command it (the Deployment Specialist's, else the DM's), so a delegate standing in is asked.
    /// </summary>
    private static IEnumerable<PendingAction> Incidents(Delivery delivery)
    {
        foreach (var i in delivery.State.Incidents.Where(i => i.IsOpen))
        {
            var role = delivery.CommandingRole(i);
            var named = $"incident {delivery.Id}-{i.Id} ({SeverityTargets.Title(i.Severity)}): {i.Title}";
            yield return i.AcknowledgedAt is null
                ? new(role, $"Acknowledge {named}", i.DeclaredAt)
                {
                    Kind = ActionKind.AcknowledgeIncident, Subject = i.Id,
                }
                : new(role, $"Resolve {named}", i.AcknowledgedAt.Value)
                {
                    Kind = ActionKind.ResolveIncident, Subject = i.Id,
                };
        }
    }

    /// <summary>
    /// Before deployment starts: each owner's open exit criteria, then, once all are met and no blocker of the stage
    /// is open, the go/no-go of each decider who has not decided in the round under way.
    /// </summary>
    private static IEnumerable<PendingAction> Release(Delivery delivery, DateTimeOffset since)
    {
        var open = delivery.OpenExitCriteria;
        foreach (var owner in open.GroupBy(c => c.Owner))
            yield return new(owner.Key, $"Confirm the exit criteria: {string.Join(", ", owner.Select(c => c.Name))}",
                since) { Kind = ActionKind.ConfirmExitCriteria };
        if (open.Count > 0 || delivery.OpenBlockerOf(Stage.DeploymentCoordination) is not null)
            yield break;
        var ready = delivery.State.ExitCriteriaMarks.Select(m => m.At).Append(since).Max();
        var due = delivery.GoNoGoDate is { } day ? $" (due {day:yyyy-MM-dd})" : "";
        foreach (var decider in ExitCriteria.Deciders.Where(r => delivery.GoNoGoOf(r) is null))
            yield return new(decider, $"Decide go or no-go for the release{due}", ready)
            {
                Kind = ActionKind.DecideGoNoGo,
            };
    }

    /// <summary>Each pending action with the people who can take it now.</summary>
    public static IReadOnlyList<PersonAction> ByPerson(Delivery delivery, DateTimeOffset now)
    {
        var owed = For(delivery);
        var byPerson = new List<PersonAction>(owed.Count);
        // by index: a foreach over a list's interface boxes an enumerator, and this runs several times a save
        for (var a = 0; a < owed.Count; a++)
        {
            var action = owed[a];
            var actors = delivery.ActorsFor(action.Role, now);
            for (var i = 0; i < actors.Count; i++) byPerson.Add(new(actors[i], action));
        }
        return byPerson;
    }
}
