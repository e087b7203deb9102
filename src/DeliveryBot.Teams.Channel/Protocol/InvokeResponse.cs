namespace DeliveryBot.Teams.Protocol;

/// <summary>What /api/messages answers to an invoke: the HTTP status and the body Teams reads.</summary>
public sealed record InvokeResponse(int Status, object? Body);
