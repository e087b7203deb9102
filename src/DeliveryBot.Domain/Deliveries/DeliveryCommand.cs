namespace DeliveryBot.Domain.Deliveries;

/// <summary>
/// A change asked of a delivery. Each command checks its own guard and role through the delivery's
/// helpers and returns the answer for the sender; throwing a rule violation leaves the record untouched.
/// </summary>
public abstract record DeliveryCommand
{
    /// <summary>The audit action name, e.g. "acknowledge-gate".</summary>
    public abstract string Action { get; }

    internal abstract string Apply(Delivery delivery, CommandMeta meta);

    /// <summary>For a decision that can only be taken once: the first decision's answer, if already taken.</summary>
    internal virtual string? AlreadyDecided(Delivery delivery) => null;

    /// <summary>Commands a closed delivery still accepts (none by default).</summary>
    internal virtual bool AllowedWhenClosed => false;

    /// <summary>
    /// Commands a delivery still waiting for its Delivery Manager's confirmation accepts (none by default: nothing
    /// starts before the DM takes it on).
    /// </summary>
    internal virtual bool AllowedWhileProposed => false;
}
