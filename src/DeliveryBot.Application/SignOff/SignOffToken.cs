namespace DeliveryBot.Application.SignOff;

/// <summary>
/// What a sign-off link carries, signed: the organisation and delivery it belongs to, which of its links it is, and
/// until when it works. The record decides whether that link still works; the signature only says the bot made it.
/// </summary>
public sealed record SignOffToken(string TenantId, string DeliveryId, string LinkId, DateTimeOffset ExpiresAt);
