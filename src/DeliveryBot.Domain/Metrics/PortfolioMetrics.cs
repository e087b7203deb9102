using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.Domain.Service;

namespace DeliveryBot.Domain.Metrics;

/// <summary>
/// One organisation's deliveries over a month, as the seed's delivery dashboard adds them up. Each figure counts what
/// happened in the period: handovers, milestones reached, first QA verdicts, gate answers, escalations raised (and
/// resolved), go-lives and failed deployments, incidents detected. A figure with nothing to count is null ("no data"),
/// never zero: a month without handovers is not a month of late ones.
/// </summary>
public sealed record PortfolioMetrics(
    ReportingPeriod Period,
    DeliveryTargets Targets,
    int HandedOver,
    double? OnTimeRate,
    double? AverageSlipBusinessDays,
    double? QaFirstPassYield,
    IReadOnlyList<RoleAnswers> AnswersByRole,
    int EscalationsRaised,
    TimeSpan? EscalationMeanTimeToResolve,
    double? MeanIntakeToHandoverDays,
    int GoLives,
    double? DeploymentsPerWeek,
    TimeSpan? MeanLeadTimeToProduction,
    int Deployments,
    int FailedDeployments,
    double? ChangeFailureRate,
    IncidentMetrics Incidents,
    double? Availability)
{
    /// <summary>
    /// Each delivery's service availability in <paramref name="period"/> as its SLA counts it (the outage minutes of
    /// the month so far, as of <paramref name="now"/>), for the services live before the period ended; none for the
    /// others. What <see cref="Of"/> takes as its availability.
    /// </summary>
    public static Func<Delivery, double?> ServiceAvailability(ReportingPeriod period, DateTimeOffset now)
        => d => d.WentLiveAt is { } live && live < period.Interval.End
            && d.ServiceLevelIn(period.FirstDay, now < period.Interval.End ? now : period.Interval.End.AddTicks(-1))
                .AvailabilityAchievedPercent is { } percent
                ? percent / 100
                : null;

    /// <summary>
    /// The metrics of <paramref name="deliveries"/>, all of one organisation, over <paramref name="period"/>, judged
    /// against <paramref name="targets"/> (the seed's by default). <paramref name="availability"/> gives a delivery's
    /// service availability in the period (0 to 1) where the SLA knows it; the figure is the mean of those given, and
    /// no data without one.
    /// </summary>
    public static PortfolioMetrics Of(
        IEnumerable<Delivery> deliveries,
        ReportingPeriod period,
        DeliveryTargets? targets = null,
        Func<Delivery, double?>? availability = null)
    {
        var all = deliveries.ToList();
        // Every organisation is a stranger to every other: one organisation's figures never mix in another's.
        if (all.Select(d => d.State.TenantId).Distinct(StringComparer.Ordinal).Count() > 1)
            throw new ArgumentException(
                "The portfolio metrics count one organisation's deliveries.", nameof(deliveries));
        var goal = targets ?? DeliveryTargets.Seed;
        goal.Validate();

        var handedOver = all.Where(d => d.ActualDeliveryDate is { } date && period.Contains(date)).ToList();
        var onTime = handedOver.Count(d => d.State.AgreedDeliveryDate is { } agreed && d.ActualDeliveryDate <= agreed);
        // The slips of milestones reached in the period; one still running counts when it is reached.
        var slips = all.SelectMany(d => d.State.Milestones
                .Where(m => m.Actual is { } reached && period.Contains(reached))
                .Select(m => MilestoneSlip.Of(d, m, period.LastDay)))
            .OfType<MilestoneSlip>()
            .Select(s => (double)s.BusinessDays);
        var firstVerdicts = all.Select(d => d.State.QaAttempts.FirstOrDefault())
            .Where(a => a is { Verdict: not null, DecidedAt: { } at } && period.Contains(at)).ToList();
        var answers = all.SelectMany(d => StageCatalog.AllChecks.Select(c => GateAnswer.Of(d, c)))
            .OfType<GateAnswer>()
            .Where(a => period.Contains(a.AnsweredAt))
            .GroupBy(a => a.Role)
            .OrderBy(g => g.Key)
            .Select(g => new RoleAnswers(
                g.Key, g.Count(), Spans.Mean(g.Select(a => a.Took))!.Value, g.Average(a => a.Nudges)))
            .ToList();
        var escalations = all.SelectMany(d => d.State.Escalations).ToList();
        var goLives = all.Where(d => d.WentLiveAt is { } at && period.Contains(at)).ToList();
        var failures = all.SelectMany(Failures).Where(f => period.Contains(f.At)).ToList();
        // A deployment is a go-live or an attempt that failed before one; a go-live rolled back afterwards failed too.
        var deployments = goLives.Count + failures.Count(f => !f.AfterGoLive);
        var failed = failures.Count(f => !f.AfterGoLive)
            + goLives.Count(d => d.State.Rollout.Rollbacks.Any(r => r.AfterGoLive));
        var served = availability is null ? [] : all.Select(availability).OfType<double>().ToList();

        return new PortfolioMetrics(
            period,
            goal,
            HandedOver: handedOver.Count,
            OnTimeRate: Spans.Rate(onTime, handedOver.Count),
            AverageSlipBusinessDays: Spans.Mean(slips),
            QaFirstPassYield: Spans.Rate(firstVerdicts.Count(a => a!.Verdict == QaVerdict.Pass), firstVerdicts.Count),
            AnswersByRole: answers,
            EscalationsRaised: escalations.Count(e => period.Contains(e.RaisedAt)),
            EscalationMeanTimeToResolve: Spans.Mean(escalations
                .Where(e => e.ResolvedAt is { } at && period.Contains(at))
                .Select(e => Spans.AtLeastZero(e.ResolvedAt!.Value - e.RaisedAt))),
            MeanIntakeToHandoverDays: Spans.Mean(handedOver.Select(d =>
                (double)LeadTime.Of(d, d.State.IntakeDate, d.ActualDeliveryDate!.Value).Days)),
            GoLives: goLives.Count,
            // No deployment at all in the month is no data, as the brief's empty periods are, not a frequency of 0.
            DeploymentsPerWeek: deployments == 0 ? null : goLives.Count / period.Weeks,
            MeanLeadTimeToProduction: Spans.Mean(goLives
                .Where(d => d.Progress(Stage.ProductionTracking).StartedAt is not null)
                .Select(d => Spans.AtLeastZero(
                    d.WentLiveAt!.Value - d.Progress(Stage.ProductionTracking).StartedAt!.Value))),
            Deployments: deployments,
            FailedDeployments: failed,
            ChangeFailureRate: Spans.Rate(failed, deployments),
            Incidents: IncidentMetrics.Of(all.SelectMany(d => d.State.Incidents), period.Interval),
            Availability: served.Count == 0 ? null : served.Average());
    }

    /// <summary>
    /// Every figure with its judgement: the seed's five against <see cref="Targets"/>, the rest untargeted.
    /// </summary>
    public IReadOnlyList<MetricFigure> Figures =>
    [
        Untargeted(Metric.OnTimeRate, OnTimeRate),
        Untargeted(Metric.AverageSlip, AverageSlipBusinessDays),
        Untargeted(Metric.QaFirstPassYield, QaFirstPassYield),
        .. AnswersByRole.Select(a =>
            new MetricFigure(Metric.AnswerTime, a.MeanTime.TotalHours, Judgement.NoTarget, a.Role)),
        Untargeted(Metric.Escalations, EscalationsRaised),
        Untargeted(Metric.EscalationTimeToResolve, EscalationMeanTimeToResolve?.TotalHours),
        Untargeted(Metric.IntakeToHandover, MeanIntakeToHandoverDays),
        Judged(Metric.DeploymentFrequency, DeploymentsPerWeek, v => v >= Targets.DeploymentsPerWeek),
        Judged(Metric.LeadTimeToProduction, MeanLeadTimeToProduction?.TotalHours,
            v => v < Targets.LeadTime.TotalHours),
        Judged(Metric.ChangeFailureRate, ChangeFailureRate, v => v < Targets.ChangeFailureRate),
        Judged(Metric.MeanTimeToRecover, Incidents.MeanTimeToRecover?.TotalHours,
            v => v < Targets.MeanTimeToRecover.TotalHours),
        Judged(Metric.Availability, Availability, v => v >= Targets.Availability),
    ];

    /// <summary>The figure of <paramref name="metric"/> (of <paramref name="role"/>'s answers), if any.</summary>
    public MetricFigure? Figure(Metric metric, Role? role = null)
        => Figures.FirstOrDefault(f => f.Metric == metric && f.Role == role);

    private static MetricFigure Untargeted(Metric metric, double? value)
        => new(metric, value, value is null ? Judgement.NoData : Judgement.NoTarget);

    private static MetricFigure Judged(Metric metric, double? value, Func<double, bool> met)
        => new(metric, value, value is not { } v ? Judgement.NoData : met(v) ? Judgement.Met : Judgement.Missed);

    /// <summary>The failed deployments of a delivery: the blockers a failure or a rollback raised.</summary>
    private static IEnumerable<(DateTimeOffset At, bool AfterGoLive)> Failures(Delivery delivery)
        => delivery.State.Blockers
            .Where(b => b.Description.StartsWith(RecordDeploymentFailure.Prefix, StringComparison.Ordinal))
            .Select(b => (b.RaisedAt,
                delivery.State.Rollout.Rollbacks.Any(r => r.BlockerId == b.Id && r.AfterGoLive)));
}

/// <summary>How many gate checks a role answered in the period, the mean time it took and the mean nudges.</summary>
public sealed record RoleAnswers(Role Role, int Answers, TimeSpan MeanTime, double MeanNudges);
