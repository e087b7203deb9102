namespace DeliveryBot.Domain.Milestones;

/// <summary>The nine milestones of the delivery record template, in the template's order.</summary>
public enum Milestone
{
    IntakeHandoff,
    ProductionStart,
    ProductionComplete,
    QaSubmitted,
    QaCertified,
    DeploymentStart,
    DeploymentComplete,
    ClientHandover,
    PostDeliveryReview,
}

public static class MilestoneNames
{
    public static string Title(this Milestone m) => m switch
    {
        Milestone.IntakeHandoff => "Intake handoff",
        Milestone.ProductionStart => "Production start",
        Milestone.ProductionComplete => "Production complete",
        Milestone.QaSubmitted => "QA submitted",
        Milestone.QaCertified => "QA certified",
        Milestone.DeploymentStart => "Deployment start",
        Milestone.DeploymentComplete => "Deployment complete",
        Milestone.ClientHandover => "Client handover",
        Milestone.PostDeliveryReview => "Post-delivery review",
        _ => throw new ArgumentOutOfRangeException(nameof(m)),
    };

    public static readonly IReadOnlyList<Milestone> All = Enum.GetValues<Milestone>();

    /// <summary>The milestone's number in the record's table, 1 to 9.</summary>
    public static int Number(this Milestone m) => (int)m + 1;

    /// <summary>
    /// Parses "8", "client handover", "client-handover", "handover", "qa certified" ... into a milestone (letters
    /// only, any case); null if nothing matches.
    /// </summary>
    public static Milestone? Parse(string? text)
    {
        var t = text?.Trim();
        if (string.IsNullOrEmpty(t)) return null;
        if (int.TryParse(t, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture,
                out var n))
            return n is >= 1 and <= 9 ? (Milestone)(n - 1) : null;
        var key = new string([.. t.Where(char.IsLetter)]).ToLowerInvariant();
        return All.Cast<Milestone?>().FirstOrDefault(m => Aliases(m!.Value).Contains(key));
    }

    private static IEnumerable<string> Aliases(Milestone m)
    {
        yield return new string([.. m.Title().Where(char.IsLetter)]).ToLowerInvariant();
        var more = m switch
        {
            Milestone.IntakeHandoff => ["intake"],
            Milestone.ProductionComplete => ["productioncompletion"],
            Milestone.QaSubmitted => ["qasubmission"],
            Milestone.QaCertified => ["qacertification"],
            Milestone.DeploymentComplete => ["deploymentend"],
            Milestone.ClientHandover => ["handover", "delivery"],
            Milestone.PostDeliveryReview => ["review"],
            _ => (string[])[],
        };
        foreach (var alias in more) yield return alias;
    }
}
