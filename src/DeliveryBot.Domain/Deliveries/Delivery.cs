using System.Globalization;
using System.Runtime.CompilerServices;
using DeliveryBot.Domain.Calendar;
using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Policies;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Domain.Deliveries;

/// <summary>
/// The delivery aggregate: the only way the record changes. <see cref="Execute"/> runs one command
/// atomically: a repeat of a command id answers as the first time, a decided gate answers who decided it,
/// a card drawn before what it asks about changed is refused, a broken rule changes nothing; a change bumps the
/// version and is audited.
/// </summary>
public sealed partial class Delivery
{
    private readonly List<(string Action, string Summary)> _notes = [];
    private readonly List<DeliveryEvent> _pending = [];
    private BusinessCalendar? _calendar;

    private Delivery(DeliveryState state) => State = state;

    /// <summary>
    /// An instance over <paramref name="state"/> that starts from another's role holders: they serve it as they are
    /// where its stakeholders are the same list, and are worked out again where not (<see cref="Holders"/>).
    /// </summary>
    private Delivery(DeliveryState state, RoleHolders? holders) : this(state) => _holders = holders;

    public DeliveryState State { get; private set; }
    public string Id => State.Id;

    /// <summary>
    /// What the delivery is stored and messaged under: its id within its organisation (<see cref="DeliveryKey"/>).
    /// </summary>
    public string Key => DeliveryKey.Of(State.TenantId, State.Id);
    public long Version => State.Version;
    public bool IsClosed => State.ClosedAt is not null;

    /// <summary>Opened by the Client Intake Manager; its Delivery Manager has not confirmed or declined yet.</summary>
    public bool AwaitsManager => State.Proposal is { IsAwaiting: true };

    /// <summary>
    /// Opened by the Client Intake Manager and declined by the DM named: it never starts, and is closed then so that it
    /// is not listed with the live deliveries.
    /// </summary>
    public bool IsDeclined => State.Proposal?.DeclinedAt is not null;

    /// <summary>What the last command applied to this instance did (empty when it changed nothing), in order.</summary>
    public IReadOnlyList<DeliveryEvent> Events { get; private set; } = [];

    public BusinessCalendar Calendar => _calendar ??= BusinessCalendar.Of(State.Settings.Calendar);

    /// <summary>
    /// What each role owes now (<see cref="NextActions.For"/>), worked out once for each state of the record: a click
    /// asks it of the same state three or four times (the turns the command opened, storage's index of who owes what,
    /// the status card drawn again), and of the state before the command, which the save before it already worked out
    /// on another <see cref="Delivery"/> over the same state (storage keeps the state it saved). So the answer is kept
    /// with the state itself, for as long as the state lives; any change of the record makes a new state.
    /// </summary>
    internal IReadOnlyList<PendingAction> Owed()
    {
        var state = State;
        if (OwedByState.TryGetValue(state, out var owed)) return owed;
        owed = NextActions.Of(this);
        OwedByState.TryAdd(state, owed);
        return owed;
    }

    private static readonly ConditionalWeakTable<DeliveryState, IReadOnlyList<PendingAction>> OwedByState = new();

    public static Delivery Restore(DeliveryState state) => new(state);

    /// <summary>
    /// Another instance over this state, for a holder that must not see it changed by a command run on this one; it
    /// shares what was worked out for the state (who holds each role), which the state alone fixes.
    /// </summary>
    public Delivery Snapshot() => new(State, _holders);

    public Outcome Execute(DeliveryCommand command, CommandMeta meta)
    {
        Events = [];
        if (FirstAnswerTo(meta.CommandId) is { } first)
            return Outcome.Of(OutcomeKind.Duplicate, first, Version);
        if (command.AlreadyDecided(this) is { } decided)
            return Outcome.Of(OutcomeKind.AlreadyDecided, decided, Version);
        if (meta.ExpectedVersion is { } drawnAt && OutOfDate(command, drawnAt) is { } outOfDate)
            return Outcome.Of(OutcomeKind.Stale, outOfDate, Version);
        // (a declined delivery is closed too: the decline says why)
        if (State.Proposal is { ConfirmedAt: null } proposal && !command.AllowedWhileProposed)
            return Outcome.Of(OutcomeKind.Refused, proposal.DeclinedAt is null
                ? $"Delivery {Id} waits for {HolderOf(People.Role.DeliveryManager)} to confirm they run it; nothing "
                    + "else can change until then."
                : $"Delivery {Id} was declined by its Delivery Manager: {proposal.DeclineReason}. Nothing can change "
                    + "it.", Version);
        if (IsClosed && !command.AllowedWhenClosed)
            return Outcome.Of(OutcomeKind.Refused, $"Delivery {Id} is closed; nothing can change it.", Version);

        var before = State;
        try
        {
            var message = command.Apply(this, meta);
            Advance(meta);
            Commit(meta, command.Action, message, before);
            return Outcome.Of(OutcomeKind.Applied, message, Version) with { Events = Events };
        }
        catch (RuleViolation violation)
        {
            RollBack(before);
            var kind = violation is NotPermitted ? OutcomeKind.Forbidden : OutcomeKind.Refused;
            return Outcome.Of(kind, violation.Message, Version, violation.Missing);
        }
        catch
        {
            // a bug, not a refusal: nothing half-applied may ride along with the next command
            RollBack(before);
            throw;
        }
    }

    private void RollBack(DeliveryState before)
    {
        State = before;
        _calendar = null;
        _notes.Clear();
        _pending.Clear();
    }

    /// <summary>The answer the command with this id gave, if it was applied.</summary>
    public string? FirstAnswerTo(string commandId)
        => State.Audit.Find(e => e.CommandId == commandId)?.Summary;

    internal void Change(Func<DeliveryState, DeliveryState> change)
    {
        State = change(State);
        _calendar = null;
    }

    /// <summary>
    /// A further audit line for the command being applied (a stage passed, a milestone reached), and its event.
    /// </summary>
    internal void Note(string action, DeliveryEvent happened)
    {
        _notes.Add((action, happened.Summary));
        _pending.Add(happened);
    }

    /// <summary>
    /// An event of the command being applied that its own audit entry already tells (a gate decided, QA failed).
    /// </summary>
    internal void Raise(DeliveryEvent happened) => _pending.Add(happened);

    internal DateOnly Today(CommandMeta meta) => Calendar.LocalDate(meta.At);

    /// <summary>An instant as the delivery's local date and time, e.g. "2026-03-02 14:02".</summary>
    public string Time(DateTimeOffset instant)
        => Calendar.Local(instant).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private void Commit(CommandMeta meta, string action, string message, DeliveryState? before)
    {
        var version = State.Version + 1;
        var entry = new AuditEntry(
            version, At: meta.At, Actor: meta.Actor, CommandId: meta.CommandId, Source: meta.Source, action,
            Summary: message);
        var audit = State.Audit.Add(entry);
        foreach (var (noted, summary) in _notes)
            audit = audit.Add(entry with { Action = noted, Summary = summary });
        _notes.Clear();
        State = State with
        {
            Version = version,
            Audit = audit,
            SubjectChanges = Track(before, State, version),
        };
        var events = new List<DeliveryEvent>(_pending);
        AddTurnsOpened(events, before, meta.At);
        Events = events;
        _pending.Clear();
    }

    /// <summary>
    /// Who owes something now that they did not owe before the command (everyone owed, for a new delivery). Loops, not
    /// LINQ: every command asks it.
    /// </summary>
    private void AddTurnsOpened(List<DeliveryEvent> events, DeliveryState? before, DateTimeOffset at)
    {
        // the state before and this one share their role holders where the command left the stakeholders alone
        var previous = before is null ? null : new Delivery(before, _holders);
        var owed = previous is null ? [] : NextActions.ByPerson(previous, at);
        _holders ??= previous?._holders;
        var now = NextActions.ByPerson(this, at);
        for (var i = 0; i < now.Count; i++) // by index: a foreach over the lists' interface boxes an enumerator
            if (!WasOwed(now[i])) events.Add(new TurnOpened(now[i].Person, now[i].Action));

        bool WasOwed(PersonAction action)
        {
            for (var i = 0; i < owed.Count; i++)
                if (action.IsSameAs(owed[i])) return true;
            return false;
        }
    }
}
