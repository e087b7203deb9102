namespace DeliveryBot.Teams.Protocol;

public sealed class ChannelAccount
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? AadObjectId { get; set; }

    /// <summary>The Entra object id as some roster calls name it.</summary>
    public string? ObjectId { get; set; }

    public string? Email { get; set; }
    public string? UserPrincipalName { get; set; }
    public string? Role { get; set; }

    /// <summary>Their Entra object id, as Teams gives it (the product refuses the ids it keeps for itself).</summary>
    public string? EntraId => AadObjectId ?? ObjectId;
}
