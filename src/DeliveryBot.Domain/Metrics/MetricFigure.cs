using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Metrics;

/// <summary>The figures of the portfolio, each with the direction that is good for it.</summary>
public enum Metric
{
    /// <summary>Deliveries handed over by the agreed date, over all handed over (0 to 1).</summary>
    OnTimeRate,
    /// <summary>Mean slip of the milestones reached, in business days.</summary>
    AverageSlip,
    /// <summary>Deliveries whose first QA attempt passed, over all with a first verdict (0 to 1).</summary>
    QaFirstPassYield,
    /// <summary>Mean time a role took to answer a gate check, in hours.</summary>
    AnswerTime,
    /// <summary>Escalations raised.</summary>
    Escalations,
    /// <summary>Mean time to resolve an escalation, in hours.</summary>
    EscalationTimeToResolve,
    /// <summary>Mean intake-to-handover lead time, in calendar days.</summary>
    IntakeToHandover,
    /// <summary>Go-lives per week.</summary>
    DeploymentFrequency,
    /// <summary>Mean production start to go-live, in hours (the record has no commits).</summary>
    LeadTimeToProduction,
    /// <summary>Failed deployments over all (0 to 1).</summary>
    ChangeFailureRate,
    /// <summary>Mean time to recovery of the incidents, in hours.</summary>
    MeanTimeToRecover,
    /// <summary>Availability (0 to 1), from the SLA.</summary>
    Availability,
}

/// <summary>
/// One figure of a period: its value in the unit its <see cref="Metric"/> names (null: no data, not zero), and where it
/// stands against its target. <see cref="Role"/> names whose answers an <see cref="Metric.AnswerTime"/> is.
/// </summary>
public sealed record MetricFigure(Metric Metric, double? Value, Judgement Judgement, Role? Role = null)
{
    /// <summary>Whether a higher value is the better one (a higher on-time rate; a lower slip).</summary>
    public static bool HigherIsBetter(Metric metric)
        => metric is Metric.OnTimeRate or Metric.QaFirstPassYield or Metric.DeploymentFrequency or Metric.Availability;

    /// <summary>What the figure is, as the dashboard labels it.</summary>
    public string Label => Metric switch
    {
        Metric.OnTimeRate => "On-time delivery",
        Metric.AverageSlip => "Average slip (business days)",
        Metric.QaFirstPassYield => "QA first-pass yield",
        Metric.AnswerTime => $"Gate answer time, {Role?.Title()} (hours)",
        Metric.Escalations => "Escalations",
        Metric.EscalationTimeToResolve => "Escalation time to resolve (hours)",
        Metric.IntakeToHandover => "Lead time, intake to handover (days)",
        Metric.DeploymentFrequency => "Deployment frequency (go-lives per week)",
        // The seed measures commit to production; the record knows no commits, so it says what it measures instead.
        Metric.LeadTimeToProduction => "Lead time, production start to go-live (hours)",
        Metric.ChangeFailureRate => "Change failure rate",
        Metric.MeanTimeToRecover => "MTTR (hours)",
        Metric.Availability => "Availability",
        _ => Metric.ToString(),
    };
}
