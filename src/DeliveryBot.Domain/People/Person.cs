using DeliveryBot.Domain.Common;

namespace DeliveryBot.Domain.People;

/// <summary>
/// A person as Teams knows them: the Entra object id when we have it, else the email/UPN
/// (a client contact may be known only by email). The time zone, when known, is theirs, not the delivery's.
/// </summary>
public sealed record Person(string? ObjectId, string? Email, string DisplayName, string? TimeZoneId = null)
{
    /// <summary>The scheduler and other automatic actors.</summary>
    public static readonly Person System = new("system", Email: null, "DeliveryBot");

    public static Person Create(string? objectId, string? email, string? displayName, string? timeZoneId = null)
    {
        var id = UserText.Optional(objectId, "Object id");
        var mail = UserText.Optional(email, "Email");
        if (id is null && mail is null)
            throw new RuleViolation("A person needs an Entra object id or an email address.");
        var name = UserText.Optional(displayName, "Name") ?? mail ?? id!;
        return new Person(id, mail, name, timeZoneId);
    }

    public bool IsSystem => ObjectId == System.ObjectId;

    /// <summary>
    /// Whether an id from outside (an activity's sender, a chat member) is one the bot keeps for itself: such a
    /// sender is nobody, so no message can act with the scheduler's rights (which record reminders and raise
    /// automatic escalations).
    /// </summary>
    public static bool IsReservedId(string? objectId)
        => string.Equals(objectId?.Trim(), System.ObjectId, StringComparison.OrdinalIgnoreCase);

    /// <summary>A stable key for indexes: the object id, else "mail:" and the lower-cased email.</summary>
    public string Key => ObjectId?.ToLowerInvariant() ?? MailKey()!;

    /// <summary>
    /// Every key the person may be indexed under: their <see cref="Key"/>, and with an object id and an email also the
    /// email's, since a stakeholder named by email only is indexed so.
    /// </summary>
    /// <remarks>A method, not a property: a person is written into messages as JSON, and this is not.</remarks>
    public IReadOnlyList<string> IndexKeys() => ObjectId is not null && MailKey() is { } mail ? [Key, mail] : [Key];

    private string? MailKey() => Email is null ? null : $"mail:{Email.ToLowerInvariant()}";

    /// <summary>Same person: same object id when both have one, else the same email (case-insensitive).</summary>
    public bool IsSameAs(Person other)
    {
        if (ObjectId is not null && other.ObjectId is not null)
            return string.Equals(ObjectId, other.ObjectId, StringComparison.OrdinalIgnoreCase);
        return Email is not null && other.Email is not null
            && string.Equals(Email, other.Email, StringComparison.OrdinalIgnoreCase);
    }

    public override string ToString() => DisplayName;
}
