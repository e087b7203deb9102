namespace DeliveryBot.Teams.Protocol;

/// <summary>The Bot Connector's answer to a send: the new activity's id.</summary>
public sealed class ResourceResponse
{
    public string? Id { get; set; }
}
