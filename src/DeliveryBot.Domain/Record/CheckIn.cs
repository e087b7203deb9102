using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Record;

/// <summary>A production check-in with the Production Line Architect.</summary>
public enum CheckInStatus { OnTrack, AtRisk, Blocked }

public sealed record CheckIn(DateTimeOffset At, CheckInStatus Status, string? Note, Person By);
