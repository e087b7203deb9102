using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Record;

/// <summary>
/// How the bot can send a client message of a delivery: by <see cref="Via"/> to <see cref="To"/>, the delivery's
/// client contact; by email from <see cref="From"/> (the shared mailbox, else the Delivery Manager's own address).
/// </summary>
public sealed record ClientSendRoute(ClientChannel Via, Person To, string? From);

/// <summary>
/// Email can be sent for the delivery's organisation (Microsoft Graph is configured for it); from
/// <see cref="SharedMailbox"/> when one is configured, else as the Delivery Manager.
/// </summary>
public sealed record MailRoute(string? SharedMailbox);
