using DeliveryBot.Domain.Common;

namespace DeliveryBot.Domain.Milestones;

/// <summary>
/// The delivery schedule of stage 2: the six target dates the seed names, the deployment window being
/// a range. They must be in lifecycle order.
/// </summary>
public sealed record Schedule(
    DateOnly ProductionStart,
    DateOnly ProductionComplete,
    DateOnly QaSubmission,
    DateOnly QaCertification,
    DateOnly DeploymentWindowStart,
    DateOnly DeploymentWindowEnd,
    DateOnly ClientHandover)
{
    public IEnumerable<(Milestone Milestone, DateOnly Target)> Targets()
    {
        yield return (Milestone.ProductionStart, ProductionStart);
        yield return (Milestone.ProductionComplete, ProductionComplete);
        yield return (Milestone.QaSubmitted, QaSubmission);
        yield return (Milestone.QaCertified, QaCertification);
        yield return (Milestone.DeploymentStart, DeploymentWindowStart);
        yield return (Milestone.DeploymentComplete, DeploymentWindowEnd);
        yield return (Milestone.ClientHandover, ClientHandover);
    }

    public void Validate(DateOnly intakeDate)
    {
        foreach (var (milestone, target) in Targets()) Known.Date(target, intakeDate, milestone.Title());
        var previous = (Milestone.IntakeHandoff, intakeDate);
        foreach (var current in Targets())
        {
            if (current.Target < previous.Item2)
                throw new RuleViolation(
                    $"{current.Milestone.Title()} ({current.Target:yyyy-MM-dd}) cannot be before " +
                    $"{previous.Item1.Title()} ({previous.Item2:yyyy-MM-dd}).");
            previous = current;
        }
    }
}
