namespace DeliveryBot.Application.Directory;

/// <summary>Whether someone's automatic replies are on, and until when if they said.</summary>
public sealed record Away(bool IsAway, DateTimeOffset? Until);
