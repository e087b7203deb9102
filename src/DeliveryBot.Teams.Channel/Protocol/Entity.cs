namespace DeliveryBot.Teams.Protocol;

/// <summary>An entity; Teams mentions are type "mention" with the mentioned account and its &lt;at&gt; text.</summary>
public sealed class Entity
{
    public string? Type { get; set; }

    /// <summary>On a clientInfo entity: the sender's IANA time zone.</summary>
    public string? Timezone { get; set; }
    public ChannelAccount? Mentioned { get; set; }
    public string? Text { get; set; }
}
