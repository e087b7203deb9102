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

public static class StageText
{
    public static string Title(this Stage stage) => StageCatalog.Get(stage).Name;

    public static string Label(this DeliveryStatus status) => status switch
    {
        DeliveryStatus.InProduction => "In Production",
        DeliveryStatus.Qa => "QA",
        DeliveryStatus.AwaitingManager => "Awaiting the Delivery Manager's confirmation",
        DeliveryStatus.Declined => "Declined by the Delivery Manager",
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
