namespace DeliveryBot.Domain.People;

/// <summary>A role held by a person on one delivery.</summary>
public sealed record RoleAssignment(Role Role, Person Person);

/// <summary>
/// Out-of-office delegation: the role's holder (From) hands it to a delegate (To) until the end of
/// <see cref="Until"/> in the delivery's time zone. Both stay able to act; both are recorded.
/// </summary>
public sealed record Delegation(
    int Number, Role Role, Person From, Person To, DateOnly Until, string Reason,
    DateTimeOffset CreatedAt, DateTimeOffset? EndedAt = null)
{
    public bool IsActiveOn(DateOnly localDate) => EndedAt is null && localDate <= Until;
}
