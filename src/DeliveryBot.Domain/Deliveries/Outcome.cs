namespace DeliveryBot.Domain.Deliveries;

public enum OutcomeKind
{
    /// <summary>The command changed the record.</summary>
    Applied,
    /// <summary>The same command id was already applied; this is its first answer. Nothing changed.</summary>
    Duplicate,
    /// <summary>
    /// The gate was already decided (a second or double click). Says who decided first. Nothing changed.
    /// </summary>
    AlreadyDecided,
    /// <summary>The command was drawn from an older version of the record. Nothing changed; refresh the card.</summary>
    Stale,
    /// <summary>The sender does not hold the role. Says who can act. Nothing changed.</summary>
    Forbidden,
    /// <summary>A lifecycle rule refused it. Says why (and what is missing). Nothing changed.</summary>
    Refused,
}

/// <summary>The answer to a command, written for the person who sent it.</summary>
public sealed record Outcome(OutcomeKind Kind, string Message, long Version, IReadOnlyList<string> Missing)
{
    public bool Changed => Kind == OutcomeKind.Applied;

    /// <summary>What the command did, when it changed the record (see <see cref="DeliveryEvent"/>).</summary>
    public IReadOnlyList<DeliveryEvent> Events { get; init; } = [];

    internal static Outcome Of(OutcomeKind kind, string message, long version, IReadOnlyList<string>? missing = null)
        => new(kind, message, version, missing ?? []);
}
