namespace DeliveryBot.Teams.Protocol;

/// <summary>The Teams part of channelData: tenant, team and channel.</summary>
public sealed class TeamsChannelData
{
    public IdName? Tenant { get; set; }
    public IdName? Team { get; set; }
    public IdName? Channel { get; set; }
    public string? EventType { get; set; }
}

public sealed class IdName
{
    public string? Id { get; set; }
    public string? Name { get; set; }
}
