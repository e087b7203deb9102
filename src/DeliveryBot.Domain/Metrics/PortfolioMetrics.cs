using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
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
    /// Each delivery's service availability in <paramref name="period"/>'s month (in the delivery's zone) as its SLA
    /// counts it (the outage minutes of the month so far, as of <paramref name="now"/>), for the services live before
    /// that month ended; none for the others. What <see cref="Of"/> takes as its availability.
    /// </summary>
    public static Func<Delivery, double?> ServiceAvailability(ReportingPeriod period, DateTimeOffset now)
        => d => d.WentLiveAt is { } live && d.MonthOf(period.FirstDay) is var month && live < month.End
            && d.ServiceLevelIn(period.FirstDay, now < month.End ? now : month.End.AddTicks(-1))
                .AvailabilityAchievedPercent is { } percent
                ? percent / 100
                : null;

    /// <summary>
    /// A service's availability in its month as of <paramref name="now"/>, from the facts of its resolved outages
    /// (<see cref="MetricKeys.Outage"/> and the month's bounds on its calendar): 1 − used / elapsed, as its SLA
    /// dashboard counts it; null before the month began.
    /// </summary>
    public static double? OutageAvailability(
        long usedSeconds, long monthStartUnixSeconds, long monthSeconds, DateTimeOffset now)
    {
        var elapsed = Math.Min(now.ToUnixTimeSeconds() - monthStartUnixSeconds, monthSeconds);
        return elapsed <= 0 ? null : 1 - ((double)usedSeconds / elapsed);
    }

    /// <summary>
    /// The availability of an organisation's live services in a month: the mean of each one's, where
    /// <paramref name="liveServices"/> were live before the month ended and <paramref name="withOutages"/> gives the
    /// availability of those that had an outage in it (the rest were up all month). Null with no live service.
    /// </summary>
    public static double? MeanAvailability(int liveServices, IReadOnlyCollection<double> withOutages)
        => liveServices <= 0 ? null
            : (liveServices - withOutages.Count + withOutages.Sum()) / Math.Max(liveServices, withOutages.Count);

    /// <summary>
    /// The metrics of <paramref name="deliveries"/>, all of one organisation, over <paramref name="period"/>, judged
    /// against <paramref name="targets"/> (the seed's by default): the sums of their facts (<see cref="MetricFacts"/>),
    /// as the store keeps them. <paramref name="availability"/> gives a delivery's service availability in the period
    /// (0 to 1) where the SLA knows it; the figure is the mean of those given, and no data without one.
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
        var served = availability is null ? [] : all.Select(availability).OfType<double>().ToList();
        return From(
            period,
            MetricTotals.Of(all.SelectMany(MetricFacts.Of), period.FirstDay),
            targets,
            served.Count == 0 ? null : served.Average());
    }

    /// <summary>
    /// The figures of a month from the sums of its facts (<paramref name="totals"/>, as the store keeps them), judged
    /// against <paramref name="targets"/> (the seed's by default), with the services' mean
    /// <paramref name="availability"/> where known.
    /// </summary>
    public static PortfolioMetrics From(
        ReportingPeriod period, MetricTotals totals, DeliveryTargets? targets = null, double? availability = null)
    {
        var goal = targets ?? DeliveryTargets.Seed;
        goal.Validate();
        var handedOver = totals.Count(MetricKeys.HandedOver);
        var goLives = totals.Count(MetricKeys.GoLive);
        var failedBefore = totals.Count(MetricKeys.FailedDeployment);
        var deployments = goLives + failedBefore;
        var failed = failedBefore + totals.Count(MetricKeys.RolledBack);
        var qa = totals.Count(MetricKeys.QaFirstVerdict);
        return new PortfolioMetrics(
            period,
            goal,
            HandedOver: handedOver,
            OnTimeRate: Spans.Rate(totals.Count(MetricKeys.OnTime), handedOver),
            AverageSlipBusinessDays: totals.Mean(MetricKeys.Slip),
            QaFirstPassYield: Spans.Rate((int)totals.Total(MetricKeys.QaFirstVerdict), qa),
            AnswersByRole: [.. Enum.GetValues<Role>()
                .Where(r => totals.Count(MetricKeys.Answer(r)) > 0)
                .Select(r => new RoleAnswers(
                    r,
                    totals.Count(MetricKeys.Answer(r)),
                    totals.MeanSpan(MetricKeys.Answer(r))!.Value,
                    (double)totals.Total(MetricKeys.Nudges(r)) / totals.Count(MetricKeys.Answer(r))))],
            EscalationsRaised: totals.Count(MetricKeys.EscalationRaised),
            EscalationMeanTimeToResolve: totals.MeanSpan(MetricKeys.EscalationResolved),
            MeanIntakeToHandoverDays: totals.Mean(MetricKeys.HandedOver),
            GoLives: goLives,
            // No deployment at all in the month is no data, as the brief's empty periods are, not a frequency of 0.
            DeploymentsPerWeek: deployments == 0 ? null : goLives / period.Weeks,
            MeanLeadTimeToProduction: totals.MeanSpan(MetricKeys.LeadTime),
            Deployments: deployments,
            FailedDeployments: failed,
            ChangeFailureRate: Spans.Rate(failed, deployments),
            Incidents: IncidentMetrics.From(totals),
            Availability: availability);
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
}

/// <summary>How many gate checks a role answered in the period, the mean time it took and the mean nudges.</summary>
public sealed record RoleAnswers(Role Role, int Answers, TimeSpan MeanTime, double MeanNudges);
