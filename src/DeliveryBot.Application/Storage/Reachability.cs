namespace DeliveryBot.Application.Storage;

public sealed record Reachability(string PersonKey, bool Reachable, string? Reason, DateTimeOffset UpdatedAt);
