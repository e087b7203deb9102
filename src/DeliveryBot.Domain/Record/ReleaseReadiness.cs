using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Record;

/// <summary>
/// An exit criterion confirmed met (or withdrawn) by its owner, when. The marks in order are each criterion's trace:
/// the last says where it stands.
/// </summary>
public sealed record ExitCriterionMark(string Criterion, bool Met, Person By, DateTimeOffset At);

/// <summary>
/// A go/no-go decision in round <see cref="Round"/>, as one of the two deciders (<see cref="As"/>). A no-go carries
/// its reason and the blocker it raised, and ends the round: the next round needs both decisions again.
/// <see cref="Evidence"/>: the DM recorded the client's decision, and how the client gave it.
/// </summary>
public sealed record GoNoGoDecision(
    int Round,
    Role As,
    bool Go,
    Person By,
    DateTimeOffset At,
    string? Reason = null,
    string? Evidence = null,
    string? BlockerId = null);
