using DeliveryBot.Domain.Deliveries;

namespace DeliveryBot.Domain.Calendar;

/// <summary>
/// A command whose rule reads the organisation's change freezes. The domain does no I/O, and freezes are the
/// organisation's, not the record's: so the command carries them. The Application layer, which loads the delivery,
/// loads the freezes of that delivery's own organisation and hands them in with <see cref="WithFreezes"/> just before
/// the command runs; the rule stays in the domain, deterministic, and a test gives it any freezes it likes. (A policy
/// function the handlers call instead would put the check in every caller; a freeze list in every record would copy
/// the organisation's settings into each delivery and let them drift.)
/// </summary>
public interface IUsesChangeFreezes
{
    DeliveryCommand WithFreezes(IReadOnlyList<ChangeFreeze> freezes);
}
