namespace DeliveryBot.Domain.Record;

/// <summary>
/// What the Client Intake Manager hands over in stage 1: where the signed-off requirements are, when and by whom at
/// the client they were signed off. The link is kept as text (shown, never rendered as a live link by the bot).
/// </summary>
public sealed record RequirementsPackage(string Link, DateOnly SignedOffOn, string? SignedOffBy = null);
