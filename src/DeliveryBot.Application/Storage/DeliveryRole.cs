using DeliveryBot.Domain.People;

namespace DeliveryBot.Application.Storage;

/// <summary>A role a person holds on an open delivery of their organisation (by the id people see).</summary>
public sealed record DeliveryRole(string DeliveryId, string Client, string DigitalTalent, Role Role);
