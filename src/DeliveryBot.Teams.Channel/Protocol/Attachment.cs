namespace DeliveryBot.Teams.Protocol;

public sealed class Attachment
{
    public const string AdaptiveCard = "application/vnd.microsoft.card.adaptive";

    public string? ContentType { get; set; }
    public RawJson? Content { get; set; }
    public string? ContentUrl { get; set; }
    public string? Name { get; set; }
}
