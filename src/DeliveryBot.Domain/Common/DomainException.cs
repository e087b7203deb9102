namespace DeliveryBot.Domain.Common;

/// <summary>A lifecycle rule refused a command. The message is written for the person who sent it.</summary>
public class RuleViolation(string message, IReadOnlyList<string>? missing = null) : Exception(message)
{
    /// <summary>What is still missing, when the refusal is a checklist (the closing quality gate).</summary>
    public IReadOnlyList<string> Missing { get; } = missing ?? [];
}

/// <summary>The person who sent the command does not hold the role it needs. Says who can act.</summary>
public sealed class NotPermitted(string message) : RuleViolation(message);
