namespace DeliveryBot.Application.Messages;

/// <summary>
/// The name this bot instance claims outbox messages under (<c>Reminders:Node</c>, default the machine name; registered
/// by the scheduling adapter from its options). It is stable across restarts, so a restarted instance releases what it
/// had claimed before a crash; instances sharing one database need distinct names.
/// </summary>
public sealed record SenderIdentity(string Name);
