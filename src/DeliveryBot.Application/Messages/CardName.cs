namespace DeliveryBot.Application.Messages;

/// <summary>
/// A card as the channel names it: its template and its focus (a gate check's key, an escalation id, or empty).
/// </summary>
public sealed record CardName(string Template, string Focus = "");
