namespace DeliveryBot.Domain.Record;

/// <summary>
/// The record version at which one subject of the record (<see cref="Deliveries.Subject"/>: the schedule, a gate's
/// decisions, a stage) last changed, so a card drawn earlier is out of date only when what it asks about changed.
/// </summary>
public sealed record SubjectChange(string Subject, long Version);
