namespace DeliveryBot.Application.Storage;

/// <summary>A command some delivery (by key) applied, and the answer it gave.</summary>
public sealed record ProcessedCommand(string CommandId, string DeliveryId, long Version, string Answer);
