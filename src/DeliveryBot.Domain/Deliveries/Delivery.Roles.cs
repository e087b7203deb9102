using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Domain.Deliveries;

/// <summary>Who holds which role, out-of-office delegation, and the one check every command uses.</summary>
public sealed partial class Delivery
{
    public IReadOnlyList<Person> HoldersOf(Role role) => Holders(role);

    /// <summary>
    /// Each role's holders, read from one state. Asked for each thing owed, several times a click (the command,
    /// storage's index, the cards), they are worked out once per state; one reference, so a reader on another thread
    /// sees a whole answer for some state and checks it is the current one. Kept on the instance, not in a table by
    /// state as <see cref="Owed"/> is: asked far more often, and each entry of such a table is a handle every garbage
    /// collection scans. A command that leaves the stakeholders as they were (nearly all) keeps the same list, so the
    /// new state shares the holders worked out for the one before it; so do the instances made from this one (the
    /// state before a command, a snapshot).
    /// </summary>
    private sealed record RoleHolders(DeliveryState Of, Person[][] ByRole);

    private static readonly int RoleCount = Enum.GetValues<Role>().Length;

    private RoleHolders? _holders;

    private Person[] Holders(Role role)
    {
        var state = State;
        var known = _holders;
        if (known is null || !ReferenceEquals(known.Of, state)) _holders = known = new(state, ByRole(state, known));
        return known.ByRole[(int)role];
    }

    private static Person[][] ByRole(DeliveryState state, RoleHolders? known)
        => known is not null && ReferenceEquals(known.Of.Stakeholders, state.Stakeholders)
            ? known.ByRole
            : ByRole(state);

    private static Person[][] ByRole(DeliveryState state)
    {
        var counts = new int[RoleCount];
        foreach (var s in state.Stakeholders) counts[(int)s.Role]++;
        var byRole = new Person[RoleCount][];
        for (var r = 0; r < RoleCount; r++) byRole[r] = counts[r] == 0 ? [] : new Person[counts[r]];
        Array.Clear(counts);
        foreach (var s in state.Stakeholders) byRole[(int)s.Role][counts[(int)s.Role]++] = s.Person;
        return byRole;
    }

    /// <summary>The role's first holder (from the holders worked out once per state: no search, no closure).</summary>
    public Person? HolderOf(Role role) => Holders(role) is [var first, ..] ? first : null;

    /// <summary>Delegations of a role in force on the local date of <paramref name="at"/>.</summary>
    public IEnumerable<Delegation> ActiveDelegations(Role role, DateTimeOffset at)
    {
        if (State.Delegations.Count == 0) return []; // most deliveries: asked for every role on every card and plan
        var today = Calendar.LocalDate(at);
        return State.Delegations.Where(d => d.Role == role && d.IsActiveOn(today));
    }

    /// <summary>The holder of a role can act, and so can a delegate while the delegation is in force.</summary>
    public bool Holds(Person person, Role role, DateTimeOffset at)
    {
        foreach (var s in State.Stakeholders)
            if (s.Role == role && s.Person.IsSameAs(person)) return true;
        return State.Delegations.Count > 0 && ActiveDelegations(role, at).Any(d => d.To.IsSameAs(person));
    }

    /// <summary>The people who may act for a role right now: holders and active delegates.</summary>
    public IReadOnlyList<Person> ActorsFor(Role role, DateTimeOffset at)
    {
        var holders = Holders(role);
        if (State.Delegations.Count == 0) return holders;
        var actors = new List<Person>(holders);
        foreach (var delegation in ActiveDelegations(role, at))
            if (!holders.Any(h => h.IsSameAs(delegation.To))) actors.Add(delegation.To);
        return actors;
    }

    public IEnumerable<Role> RolesOf(Person person, DateTimeOffset at)
        => RoleNames.All.Where(r => Holds(person, r, at));

    /// <summary>
    /// Whether the person holds a role on the delivery now, or stands in for someone who does: who may read its
    /// history.
    /// </summary>
    public bool HasRoleOn(Person person, DateTimeOffset at) => RolesOf(person, at).Any();

    /// <summary>
    /// The delegations the person was standing in under at an instant (to say on whose behalf they acted then): begun
    /// by then, not yet ended, and within their last day.
    /// </summary>
    public IReadOnlyList<Delegation> StandingInAt(Person person, DateTimeOffset at)
        => [.. State.Delegations.Where(d => d.To.IsSameAs(person)
            && d.CreatedAt <= at
            && (d.EndedAt is not { } ended || ended > at)
            && Calendar.LocalDate(at) <= d.Until)];

    /// <summary>
    /// The delegations of a role in force now that the person gave or received: the ones they may end themselves.
    /// </summary>
    public IReadOnlyList<Delegation> DelegationsInvolving(Person person, Role role, DateTimeOffset at)
        => [.. ActiveDelegations(role, at).Where(d => d.From.IsSameAs(person) || d.To.IsSameAs(person))];

    internal void Require(CommandMeta meta, params ReadOnlySpan<Role> roles)
    {
        // a span and a loop: every command asks, and made an array, a closure and LINQ's enumerator each time
        foreach (var role in roles)
            if (Holds(meta.Actor, role, meta.At)) return;
        throw new NotPermitted($"Only {WhoCanAct(roles.ToArray(), meta.At)} can do this.");
    }

    /// <summary>As <see cref="Require"/>, but the scheduler may also do it.</summary>
    internal void RequireOrSystem(CommandMeta meta, params ReadOnlySpan<Role> roles)
    {
        if (!meta.Actor.IsSystem) Require(meta, roles);
    }

    internal string WhoCanAct(IEnumerable<Role> roles, DateTimeOffset at)
        => string.Join(" or ", roles.Select(r =>
        {
            var actors = ActorsFor(r, at);
            var names = actors.Count == 0
                ? "nobody is assigned yet"
                : string.Join(", ", actors.Select(p => p.DisplayName));
            return $"the {r.Title()} ({names})";
        }));

    internal Person RequireHolder(Role role)
        => HolderOf(role) ?? throw new RuleViolation($"No {role.Title()} is assigned to delivery {Id} yet.");
}
