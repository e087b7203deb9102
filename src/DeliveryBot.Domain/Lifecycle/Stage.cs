namespace DeliveryBot.Domain.Lifecycle;

/// <summary>The seven stages of the delivery lifecycle, in order.</summary>
public enum Stage
{
    IntakeHandoff = 1,
    DeliveryPlanning = 2,
    ProductionTracking = 3,
    QaGate = 4,
    DeploymentCoordination = 5,
    ClientHandover = 6,
    PostDeliveryReview = 7,
}

/// <summary>The status shown on the record, derived from the stage.</summary>
public enum DeliveryStatus { Planning, InProduction, Qa, Deployment, Handover, Complete }

public enum StageState { NotStarted, Active, Passed, Skipped }

/// <summary>Where one stage stands on one delivery.</summary>
public sealed record StageProgress(
    Stage Stage, StageState State, DateTimeOffset? StartedAt = null, DateTimeOffset? EndedAt = null,
    string? SkipRationale = null, string? SkippedBy = null)
{
    public bool IsDone => State is StageState.Passed or StageState.Skipped;
}

public static class StageText
{
    public static string Title(this Stage stage) => StageCatalog.Get(stage).Name;

    public static string Label(this DeliveryStatus status) => status switch
    {
        DeliveryStatus.InProduction => "In Production",
        DeliveryStatus.Qa => "QA",
        _ => status.ToString(),
    };

    /// <summary>Parses "4", "qa", "QA gate", "deployment" ... into a stage; null if nothing matches.</summary>
    public static Stage? Parse(string? text)
    {
        var t = text?.Trim();
        if (string.IsNullOrEmpty(t)) return null;
        if (int.TryParse(t, out var n)) return Enum.IsDefined(typeof(Stage), n) ? (Stage)n : null;
        var key = new string(t.Where(char.IsLetter).ToArray());
        return StageCatalog.All.FirstOrDefault(d =>
            d.Aliases.Any(a => string.Equals(a, key, StringComparison.OrdinalIgnoreCase)))?.Stage;
    }
}
