using DeliveryBot.Domain.Common;

namespace DeliveryBot.Domain.People;

/// <summary>
/// Roles one person may not combine. The Delivery Manager never gives the QA verdict and records the client's
/// receipt only with its evidence, so the DM can hold neither role, whether assigned or delegated.
/// </summary>
public static class RoleConflicts
{
    private static readonly (Role A, Role B, string Why)[] Exclusive =
    [
        (Role.DeliveryManager, Role.QaEngineer,
            "the QA verdict must come from someone other than the Delivery Manager"),
        (Role.DeliveryManager, Role.ClientContact,
            "the client's acknowledgement must come from the client, " +
            "or be recorded by the Delivery Manager with its evidence"),
    ];

    public static void Check(Person person, Role role, IEnumerable<Role> alreadyHeld)
    {
        // The bot's own identity (the scheduler) holds no role, whatever a chat's roster or a card claims.
        if (Person.IsReservedId(person.ObjectId)) throw new RuleViolation("A role is held by a person.");
        foreach (var held in alreadyHeld)
            foreach (var (a, b, why) in Exclusive)
                if ((role == a && held == b) || (role == b && held == a))
                    throw new RuleViolation(
                        $"{person} cannot be the {role.Title()} while also the {held.Title()}: {why}.");
    }
}
