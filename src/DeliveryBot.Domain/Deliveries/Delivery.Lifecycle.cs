using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Domain.Deliveries;

/// <summary>Stage progression: a stage passes when every check of its gate has a standing decision.</summary>
public sealed partial class Delivery
{
    public StageProgress Progress(Stage stage) => State.Stages[(int)stage - 1];

    /// <summary>The furthest stage under way (stage 6 may still await the client while 7 runs).</summary>
    public Stage CurrentStage
    {
        get
        {
            var active = State.Stages.LastOrDefault(s => s.State == StageState.Active);
            if (active is not null) return active.Stage;
            return State.Stages.LastOrDefault(s => s.State != StageState.NotStarted)?.Stage ?? Stage.IntakeHandoff;
        }
    }

    public DeliveryStatus Status
        => IsDeclined ? DeliveryStatus.Declined
            : IsClosed ? DeliveryStatus.Complete
            : AwaitsManager ? DeliveryStatus.AwaitingManager
            : StageCatalog.Get(CurrentStage).Status;

    public bool IsActive(Stage stage) => Progress(stage).State == StageState.Active;

    /// <summary>The decision on a check that stands: the latest given and not withdrawn.</summary>
    public GateDecision? DecisionFor(GateCheck check)
    {
        // from the end, without a closure: asked for each check of each active stage, several times a click
        var decisions = State.Decisions;
        for (var i = decisions.Count - 1; i >= 0; i--)
            if (decisions[i] is { } d && d.CheckKey == check.Key && d.Stands) return d;
        return null;
    }

    public bool GateHolds(Stage stage)
    {
        foreach (var check in StageCatalog.Get(stage).Checks) // a loop: asked for every stage after every command
            if (DecisionFor(check) is null) return false;
        return true;
    }

    /// <summary>Gate checks of stages under way that nobody has decided yet: who owes what.</summary>
    public IEnumerable<GateCheck> OpenChecks()
    {
        // one iterator, where LINQ made three and a closure: every save's reminder plan asks
        foreach (var progress in State.Stages)
        {
            if (progress.State != StageState.Active) continue;
            var checks = StageCatalog.Get(progress.Stage).Checks;
            for (var i = 0; i < checks.Count; i++)
                if (DecisionFor(checks[i]) is null) yield return checks[i];
        }
    }

    internal void RequireActive(Stage stage)
    {
        if (!IsActive(stage))
            throw new RuleViolation(
                $"This belongs to stage {(int)stage} ({stage.Title()}), which is not under way; " +
                $"the delivery is at stage {(int)CurrentStage} ({CurrentStage.Title()}).");
    }

    internal void Decide(GateCheck check, CommandMeta meta, Role? onBehalfOf = null, string? reason = null)
    {
        RequireActive(check.Stage);
        Change(s => s with
        {
            Decisions = s.Decisions.Add(new GateDecision(
                CheckKey: check.Key, By: meta.Actor, At: meta.At, Source: meta.Source, onBehalfOf, reason)),
        });
        var forWhom = onBehalfOf is { } role ? $" for the {role.Title()}" : "";
        Raise(new GateDecided(
            check.Key, meta.Actor, onBehalfOf, $"{check.DoneVerb} by {meta.Actor}{forWhom} at {Time(meta.At)}."));
    }

    /// <summary>
    /// Withdraws standing decisions (e.g. schedule acknowledgements after the schedule changed); history is kept.
    /// </summary>
    internal void Withdraw(IEnumerable<GateCheck> checks, CommandMeta meta, string because)
    {
        foreach (var check in checks)
        {
            if (DecisionFor(check) is not { } decision) continue;
            Change(s => s with
            {
                Decisions = s.Decisions.Replace(
                    decision, decision with { WithdrawnAt = meta.At, WithdrawnBecause = because }),
            });
            Note("decision-withdrawn", new DecisionWithdrawn(
                check.Key, because, $"{check.DoneVerb} by {decision.By} withdrawn: {because}"));
        }
    }

    internal void SetActual(Milestone milestone, DateOnly date, bool overwrite = false)
    {
        var entry = State.Milestones[(int)milestone];
        if (entry.Actual is not null && !overwrite) return;
        Change(s => s with
        {
            Milestones = s.Milestones.SetItem((int)milestone, entry with { Actual = date, Skipped = false }),
        });
        Note("milestone-reached", new MilestoneReached(
            milestone, date, $"{milestone.Title()}: actual {date:yyyy-MM-dd}"));
    }

    internal void Start(Stage stage, CommandMeta meta)
    {
        if (Progress(stage).State != StageState.NotStarted) return;
        SetStage(stage, p => p with { State = StageState.Active, StartedAt = meta.At });
        Note("stage-started", new StageStarted(stage, $"Stage {(int)stage} ({stage.Title()}) started."));
        var definition = StageCatalog.Get(stage);
        if (definition.ReachedOnEntry is { } milestone) SetActual(milestone, Today(meta));
        if (stage == Stage.QaGate) SubmitToQa(meta, remediation: null);
    }

    internal void Skip(Stage stage, CommandMeta meta, string rationale)
    {
        var definition = StageCatalog.Get(stage);
        if (definition.CannotSkipBecause is { } why)
            throw new RuleViolation($"Stage {(int)stage} ({definition.Name}) can never be skipped: {why}");
        RequireActive(stage);
        SetStage(stage, p => p with
        {
            State = StageState.Skipped,
            EndedAt = meta.At,
            SkipRationale = rationale,
            SkippedBy = meta.Actor.DisplayName,
        });
        foreach (var m in definition.Milestones.Where(m => State.Milestones[(int)m].Actual is null))
        {
            Change(s => s with
            {
                Milestones = s.Milestones.SetItem((int)m, s.Milestones[(int)m] with { Skipped = true }),
            });
        }
        Raise(new StageSkipped(
            stage, rationale, $"Stage {(int)stage} ({stage.Title()}) skipped by {meta.Actor}: {rationale}"));
        StartNext(stage, meta);
    }

    private void Advance(CommandMeta meta)
    {
        foreach (var stage in Enum.GetValues<Stage>())
        {
            if (!IsActive(stage) || !GateHolds(stage)) continue;
            SetStage(stage, p => p with { State = StageState.Passed, EndedAt = meta.At });
            Note("stage-passed", new StagePassed(stage, $"Stage {(int)stage} ({stage.Title()}) passed."));
            if (StageCatalog.Get(stage).CompletedOnPass is { } milestone) SetActual(milestone, Today(meta));
            StartNext(stage, meta);
        }
    }

    private void StartNext(Stage stage, CommandMeta meta)
    {
        if (stage < Stage.PostDeliveryReview) Start(stage + 1, meta);
    }

    private void SetStage(Stage stage, Func<StageProgress, StageProgress> change)
        => Change(s => s with { Stages = s.Stages.SetItem((int)stage - 1, change(s.Stages[(int)stage - 1])) });

    internal void SubmitToQa(CommandMeta meta, string? remediation)
    {
        var attempt = new QaAttempt(State.QaAttempts.Count + 1, meta.At, meta.Actor, remediation);
        Change(s => s with { QaAttempts = s.QaAttempts.Add(attempt) });
        Note("qa-submitted", new QaSubmitted(attempt.Number, $"QA attempt {attempt.Number} submitted."));
    }
}
