using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Calendar;

/// <summary>
/// A change-freeze period of an organisation (the seed's release calendar "Code Freeze"), numbered F1, F2… in it:
/// from <see cref="Start"/> to <see cref="End"/>, both days included, in the dates people typed. No deployment window
/// may fall in one without an approved change marked as a freeze exception. Ending one lifts it; it stays listed.
/// </summary>
public sealed record ChangeFreeze(
    int Number, DateOnly Start, DateOnly End, string Reason, Person SetBy, DateTimeOffset SetAt, string CommandId)
{
    public Person? EndedBy { get; init; }
    public DateTimeOffset? EndedAt { get; init; }

    public bool IsActive => EndedAt is null;

    /// <summary>How it is named in chat: F1.</summary>
    public string Name => $"F{Number}";

    /// <summary>Whether the days <paramref name="from"/> to <paramref name="to"/> (both included) meet it.</summary>
    public bool Overlaps(DateOnly from, DateOnly to) => from <= End && to >= Start;

    /// <summary>"F1 (2026-12-21 to 2027-01-04: year-end)", as refusals and the calendar name it.</summary>
    public override string ToString() => $"{Name} ({Start:yyyy-MM-dd} to {End:yyyy-MM-dd}: {Reason})";
}
