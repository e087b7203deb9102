using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Domain.Commands;

/// <summary>
/// The DM assigns a role to a person. Client contacts are added (there may be several); any other role
/// changes hands. Past decisions keep the name of whoever took them.
/// </summary>
public sealed record AssignRole(Role Role, Person Person) : DeliveryCommand
{
    public override string Action => "assign-role";

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.DeliveryManager);
        Known.Value(Role, "role");
        RoleConflicts.Check(Person, Role, delivery.RolesOf(Person, meta.At).Where(r => r != Role));
        var previous = delivery.HoldersOf(Role);
        if (previous.FirstOrDefault(p => p.IsSameAs(Person)) is { } same)
        {
            // The same person with new details (a time zone, a display name): update them in place.
            if (same == Person) throw new RuleViolation($"{Person} already holds the {Role.Title()} role.");
            delivery.Change(s => s with
            {
                Stakeholders = s.Stakeholders.Replace(new RoleAssignment(Role, same), new RoleAssignment(Role, Person)),
            });
            return $"{Person}'s details as {Role.Title()} updated.";
        }
        delivery.Change(s => s with
        {
            Stakeholders = (Role == Role.ClientContact ? s.Stakeholders : s.Stakeholders.RemoveAll(a => a.Role == Role))
                .Add(new RoleAssignment(Role, Person)),
        });
        var was = Role != Role.ClientContact && previous.Count > 0 ? $" (was {previous[0]})" : "";
        return $"{Person} is now {(Role == Role.ClientContact ? "a" : "the")} {Role.Title()}{was}.";
    }
}

/// <summary>
/// Out-of-office delegation: the role's holder (or the DM for them) hands the role to a delegate until a
/// date. Audited with both names. The holder can still act.
/// </summary>
public sealed record DelegateRole(Role Role, Person Delegate, DateOnly Until, string? Reason = null)
    : DeliveryCommand
{
    public override string Action => "delegate-role";

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Known.Value(Role, "role"), Role.DeliveryManager);
        RoleConflicts.Check(Delegate, Role, delivery.RolesOf(Delegate, meta.At).Where(r => r != Role));
        var holder = delivery.HoldersOf(Role).FirstOrDefault(p => p.IsSameAs(meta.Actor))
            ?? delivery.RequireHolder(Role);
        if (Delegate.IsSameAs(holder))
            throw new RuleViolation($"{holder} cannot delegate the {Role.Title()} role to themselves.");
        if (Until < delivery.Today(meta)) throw new RuleViolation("A delegation must end today or later.");
        if (Until > delivery.Today(meta).AddDays(366)) throw new RuleViolation("A delegation lasts at most a year.");
        var delegation = new Delegation(
            Number: delivery.State.Delegations.Count + 1,
            Role,
            From: holder,
            To: Delegate,
            Until,
            Reason: UserText.Optional(Reason, "The reason") ?? "Out of office",
            CreatedAt: meta.At);
        delivery.Change(s => s with { Delegations = s.Delegations.Add(delegation) });
        return $"{Role.Title()} delegated from {holder} to {Delegate} until {Until:yyyy-MM-dd} ({delegation.Reason}).";
    }
}

/// <summary>
/// A delegation ended early by the holder, the delegate or the DM (or by the scheduler once it lapses).
/// </summary>
public sealed record EndDelegation(int Number) : DeliveryCommand
{
    public override string Action => "end-delegation";

    internal override string? AlreadyDecided(Delivery delivery)
        => delivery.State.Delegations.Find(d => d.Number == Number) is { EndedAt: { } at }
            ? $"Delegation {Number} already ended at {delivery.Time(at)}."
            : null;

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        var delegation = delivery.State.Delegations.Find(d => d.Number == Number)
            ?? throw new RuleViolation($"There is no delegation {Number} on delivery {delivery.Id}.");
        if (!meta.Actor.IsSystem && !delegation.From.IsSameAs(meta.Actor) && !delegation.To.IsSameAs(meta.Actor))
            delivery.Require(meta, Role.DeliveryManager);
        return End(delivery, delegation, meta);
    }

    /// <summary>Ends one delegation and says so; the one way a delegation ends.</summary>
    internal static string End(Delivery delivery, Delegation delegation, CommandMeta meta)
    {
        delivery.Change(s => s with
        {
            Delegations = s.Delegations.Replace(delegation, delegation with { EndedAt = meta.At }),
        });
        var summary = $"Delegation of the {delegation.Role.Title()} role from {delegation.From} to {delegation.To} " +
            (meta.Actor.IsSystem ? "ended." : $"ended by {meta.Actor}.");
        delivery.Raise(new DelegationEnded(delegation, meta.Actor, summary));
        return summary;
    }
}

/// <summary>
/// `delegate [id] role end`: the delegations of a role in force, ended early. The holder who gave one or the delegate
/// who received it ends theirs; the DM ends any (all of the role's, when they are in none themselves).
/// </summary>
public sealed record EndRoleDelegation(Role Role) : DeliveryCommand
{
    public override string Action => "end-delegation";

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        Known.Value(Role, "role");
        var active = delivery.ActiveDelegations(Role, meta.At).ToList();
        if (active.Count == 0)
            throw new RuleViolation($"No delegation of the {Role.Title()} role is in force on delivery {delivery.Id}.");
        var own = delivery.DelegationsInvolving(meta.Actor, Role, meta.At);
        if (own.Count == 0) delivery.Require(meta, Role.DeliveryManager);
        return string.Join(" ", (own.Count > 0 ? own : active).Select(d => EndDelegation.End(delivery, d, meta)));
    }
}

/// <summary>
/// The DM sets the delivery's working calendar (time zone, working days and hours, holidays) and how reminders pace
/// themselves on it (gate nudges after N business hours, the DM told after K nudges, check-ins every N business days,
/// a blocker's acceptable delay). The status-update cadence is kept; every reminder is recomputed from the new values.
/// </summary>
public sealed record ChangeReminderSettings(
    string TimeZoneId, IReadOnlyList<DayOfWeek> WorkDays, TimeOnly DayStart, TimeOnly DayEnd,
    IReadOnlyList<Calendar.Holiday> Holidays,
    int NudgeAfterBusinessHours, int NudgesBeforeTellingDm, int CheckInEveryBusinessDays,
    int BlockerAcceptableDelayDays) : DeliveryCommand
{
    public override string Action => "change-reminder-settings";

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.DeliveryManager);
        if (Holidays.Count > 100) throw new RuleViolation("At most 100 holidays.");
        var holidays = Holidays
            .Select(h => h with { Name = UserText.Required(h.Name, "A holiday's name", 100) })
            .DistinctBy(h => h.Date)
            .OrderBy(h => h.Date);
        var settings = delivery.State.Settings with
        {
            Calendar = new Calendar.WorkingPattern
            {
                TimeZoneId = TimeZoneId,
                WorkDays = [.. WorkDays.Select(d => Known.Value(d, "day")).Distinct().Order()],
                DayStart = DayStart,
                DayEnd = DayEnd,
                Holidays = [.. holidays],
            },
            NudgeAfterBusinessHours = NudgeAfterBusinessHours,
            NudgesBeforeTellingDm = NudgesBeforeTellingDm,
            CheckInEveryBusinessDays = CheckInEveryBusinessDays,
            BlockerAcceptableDelayDays = BlockerAcceptableDelayDays,
        };
        settings.Validate();
        delivery.Change(s => s with { Settings = settings });
        var c = settings.Calendar;
        return $"Calendar and reminders set by {meta.Actor}: " +
               $"{string.Join(", ", c.WorkDays.Select(d => d.ToString()[..3]))} " +
               $"{c.DayStart:HH:mm}–{c.DayEnd:HH:mm} " +
               $"({c.TimeZoneId}), {Counted.Of(c.Holidays.Count, "holiday")}; " +
               $"nudges after {Counted.Of(NudgeAfterBusinessHours, "business hour")}, " +
               $"the DM told after {Counted.Of(NudgesBeforeTellingDm, "nudge")}; " +
               $"check-ins every {Counted.Of(CheckInEveryBusinessDays, "business day")}; " +
               $"blockers escalate after {Counted.Of(BlockerAcceptableDelayDays, "business day")}.";
    }
}

/// <summary>
/// The DM agrees the client status-update cadence (every N weeks on a day, at a time in the delivery's time zone),
/// counted from today; the scheduler drafts each update from the record then.
/// </summary>
public sealed record SetStatusUpdateCadence(DayOfWeek Day, TimeOnly Time, int EveryWeeks) : DeliveryCommand
{
    public override string Action => "set-status-update-cadence";

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.DeliveryManager);
        var cadence = new Calendar.StatusUpdateCadence(Known.Value(Day, "day"), Time, EveryWeeks, delivery.Today(meta));
        cadence.Validate();
        delivery.Change(s => s with { Settings = s.Settings with { Cadence = cadence } });
        return $"Client status updates every {(EveryWeeks == 1 ? "week" : $"{EveryWeeks} weeks")} " +
               $"on {Day} at {Time:HH:mm} ({delivery.State.Settings.Calendar.TimeZoneId}), set by {meta.Actor}.";
    }
}

/// <summary>The scheduler records that a reminder went out, before it sends the next, so none is sent twice.</summary>
public sealed record RecordReminderSent(string Key, Person Recipient) : DeliveryCommand
{
    public override string Action => "reminder-sent";

    // a closed delivery's open review follow-ups are still nudged, and each nudge is recorded
    internal override bool AllowedWhenClosed => true;

    internal override string? AlreadyDecided(Delivery delivery)
        => delivery.State.Reminders.Find(r => r.Key == Key) is { } sent
            ? $"Reminder {Key} was already sent at {delivery.Time(sent.SentAt)}."
            : null;

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        if (!meta.Actor.IsSystem) throw new NotPermitted("Only the scheduler records sent reminders.");
        delivery.Change(s => s with
        {
            Reminders = s.Reminders.Add(
                new ReminderSent(UserText.Required(Key, "The reminder key"), meta.At, Recipient)),
        });
        return $"Reminder {Key} sent to {Recipient}.";
    }
}
