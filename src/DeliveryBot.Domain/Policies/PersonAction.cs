using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Policies;

/// <summary>A pending action with the people who can take it (holders and active delegates).</summary>
public sealed record PersonAction(Person Person, PendingAction Action)
{
    /// <summary>The same person owing the same thing (since when, and how it is worded, aside).</summary>
    public bool IsSameAs(PersonAction other)
        => Person.Key == other.Person.Key
           && Action.Kind == other.Action.Kind
           && Action.CheckKey == other.Action.CheckKey
           && Action.Subject == other.Action.Subject;
}
