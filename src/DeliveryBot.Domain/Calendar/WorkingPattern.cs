using System.Collections.Immutable;

namespace DeliveryBot.Domain.Calendar;

public sealed record Holiday(DateOnly Date, string Name);

/// <summary>
/// When people work on a delivery: an IANA time zone, the working days of the week, the working
/// hours, and the delivery's holidays. A recipient with a known time zone of their own gets the same
/// pattern in their zone (<see cref="InZone"/>).
/// </summary>
public sealed record WorkingPattern
{
    public static readonly ImmutableArray<DayOfWeek> MondayToFriday =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    public static readonly ImmutableArray<DayOfWeek> SundayToThursday =
        [DayOfWeek.Sunday, DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday];

    public required string TimeZoneId { get; init; }
    public ImmutableArray<DayOfWeek> WorkDays { get; init; } = MondayToFriday;
    public TimeOnly DayStart { get; init; } = new(9, 0);
    public TimeOnly DayEnd { get; init; } = new(17, 0);
    public ImmutableList<Holiday> Holidays { get; init; } = [];

    public WorkingPattern InZone(string? timeZoneId)
        => timeZoneId is null || timeZoneId == TimeZoneId ? this : this with { TimeZoneId = timeZoneId };
}
