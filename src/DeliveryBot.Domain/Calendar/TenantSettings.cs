using System.Collections.Immutable;
using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Metrics;
using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Calendar;

/// <summary>
/// What an organisation (tenant) sets for all its deliveries rather than per delivery: its change-freeze periods and
/// the Delivery Managers who asked for the weekly digest. The rules for setting and ending a freeze, and for opting in
/// and out of the digest, live here; the store keeps the document and its version (saves are
/// optimistic on it, as a delivery's are).
/// </summary>
public sealed record TenantSettings(string TenantId)
{
    /// <summary>The longest freeze: a longer one is a mistyped year, not a freeze.</summary>
    public const int LongestFreezeDays = 366;

    /// <summary>
    /// Who may set and end the organisation's freezes: whoever runs one of its open deliveries (a Delivery Manager)
    /// or is its CTO on one. A freeze holds every delivery of the organisation, so the people answerable for them
    /// decide it; the rest of a delivery team may read it (`freeze list`, `releases`).
    /// </summary>
    public static readonly IReadOnlyList<Role> FreezeSetters = [Role.DeliveryManager, Role.Cto];

    public long Version { get; init; }
    public ImmutableList<ChangeFreeze> Freezes { get; init; } = [];

    /// <summary>
    /// The Delivery Managers who opted in to the weekly digest (`digest on`), as they were when they did (their time
    /// zone is the one the digest is due in). The CTOs get it without asking.
    /// </summary>
    public ImmutableList<Person> DigestReaders { get; init; } = [];

    /// <summary>
    /// The targets the organisation's delivery metrics are judged against: the seed's until a CTO sets its own.
    /// </summary>
    public DeliveryTargets Targets { get; init; } = DeliveryTargets.Seed;

    /// <summary>Who last set <see cref="Targets"/>, and when; null while they are the seed's.</summary>
    public Person? TargetsSetBy { get; init; }
    public DateTimeOffset? TargetsSetAt { get; init; }

    public IReadOnlyList<ChangeFreeze> ActiveFreezes => [.. Freezes.Where(f => f.IsActive)];

    /// <summary>
    /// A freeze from <paramref name="start"/> to <paramref name="end"/> (both included) set by the sender, who holds
    /// <paramref name="held"/> on the organisation's open deliveries. It may have begun already but not ended (today
    /// in <paramref name="timeZoneId"/>, the sender's). The same command again answers as the first time.
    /// </summary>
    public (TenantSettings Settings, Outcome Outcome) Freeze(
        DateOnly start, DateOnly end, string? reason, IReadOnlyCollection<Role> held, CommandMeta meta,
        string timeZoneId)
    {
        if (Freezes.Find(f => f.CommandId == meta.CommandId) is { } first)
            return (this, Answer(OutcomeKind.Duplicate, Set(first)));
        try
        {
            RequireSetter(held, "set");
            var today = Today(meta, timeZoneId);
            Known.Date(end, today, "The freeze's end");
            if (end < start)
                throw new RuleViolation(
                    $"The freeze's end ({end:yyyy-MM-dd}) cannot be before its start ({start:yyyy-MM-dd}).");
            if (end.DayNumber - start.DayNumber + 1 > LongestFreezeDays)
                throw new RuleViolation(
                    $"A freeze lasts at most {LongestFreezeDays} days ({start:yyyy-MM-dd} to {end:yyyy-MM-dd} is "
                    + $"{end.DayNumber - start.DayNumber + 1}); check the dates.");
            var why = UserText.Required(reason, "The reason for the freeze");
            if (ActiveFreezes.FirstOrDefault(f => f.Start == start && f.End == end) is { } same)
                throw new RuleViolation($"Change freeze {same} already covers these days; nothing changed.");
            var freeze = new ChangeFreeze(
                Freezes.Count + 1, start, end, why, SetBy: meta.Actor, SetAt: meta.At, CommandId: meta.CommandId);
            var settings = this with { Version = Version + 1, Freezes = Freezes.Add(freeze) };
            return (settings, Answer(OutcomeKind.Applied, Set(freeze)));
        }
        catch (RuleViolation violation)
        {
            return (this, Answer(violation is NotPermitted ? OutcomeKind.Forbidden : OutcomeKind.Refused,
                violation.Message));
        }
    }

    /// <summary>Lifts freeze F<paramref name="number"/>: it no longer holds any window, and stays listed.</summary>
    public (TenantSettings Settings, Outcome Outcome) EndFreeze(
        int number, IReadOnlyCollection<Role> held, CommandMeta meta)
    {
        var freeze = Freezes.Find(f => f.Number == number);
        if (freeze is null)
            return (this, Answer(OutcomeKind.Refused,
                $"There is no change freeze F{number}. Type freeze list to see them."));
        if (freeze is { EndedAt: { } at, EndedBy: { } by })
            return (this, Answer(OutcomeKind.AlreadyDecided,
                $"Change freeze {freeze.Name} was already ended by {by} at {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC."));
        try
        {
            RequireSetter(held, "end");
        }
        catch (NotPermitted refused)
        {
            return (this, Answer(OutcomeKind.Forbidden, refused.Message));
        }
        var ended = freeze with { EndedBy = meta.Actor, EndedAt = meta.At };
        var settings = this with { Version = Version + 1, Freezes = Freezes.Replace(freeze, ended) };
        return (settings, Answer(OutcomeKind.Applied,
            $"Change freeze {freeze} ended by {meta.Actor}: deployment windows in it no longer need an exception."));
    }

    /// <summary>
    /// Opts the sender in to the weekly digest (<paramref name="on"/>) or out of it. Only a Delivery Manager of one of
    /// the organisation's open deliveries (<paramref name="held"/>) may opt in: the digest lists the deliveries they
    /// run. Anyone may opt out. Asking for what is already so changes nothing and says so.
    /// </summary>
    public (TenantSettings Settings, Outcome Outcome) Digest(
        bool on, IReadOnlyCollection<Role> held, CommandMeta meta)
    {
        var reader = meta.Actor;
        var known = DigestReaders.Find(p => p.IsSameAs(reader));
        if (!on)
        {
            if (known is null)
                return (this, Answer(OutcomeKind.AlreadyDecided, held.Contains(Role.Cto)
                    ? "You are not opted in; as a CTO you get the weekly digest of the deliveries where you hold "
                        + "that role every Monday."
                    : "You do not get the weekly digest; nothing changed. Type digest on to ask for it."));
            return (this with { Version = Version + 1, DigestReaders = DigestReaders.Remove(known) },
                Answer(OutcomeKind.Applied,
                    "Weekly digest off: you will no longer get it for the deliveries you run."));
        }
        if (known is not null)
            return (this, Answer(OutcomeKind.AlreadyDecided,
                "You already get the weekly digest of the deliveries you run, on Mondays at 09:00 your time."));
        if (!held.Contains(Role.DeliveryManager))
            return (this, Answer(held.Contains(Role.Cto) ? OutcomeKind.AlreadyDecided : OutcomeKind.Forbidden,
                held.Contains(Role.Cto)
                    ? "As a CTO you already get the weekly digest of the deliveries where you hold that role, on "
                        + "Mondays at 09:00 your time."
                    : "Only a Delivery Manager of one of your organisation's open deliveries can ask for the weekly "
                        + "digest (it lists the deliveries they run); you run none."));
        return (this with { Version = Version + 1, DigestReaders = DigestReaders.Add(reader) },
            Answer(OutcomeKind.Applied, "Weekly digest on: every Monday at 09:00 your time (the next working moment "
                + "on a holiday) you get the deliveries you run: late milestones, open escalations, the week's "
                + "milestones and the month's figures. Type digest off to stop it."));
    }

    /// <summary>
    /// Sets the targets the organisation's metrics are judged against. Only a CTO of one of its open deliveries
    /// (<paramref name="held"/>) may: the targets are the organisation's, as the CTO answers for them. A target that
    /// could never be met or missed is refused; the targets already set change nothing.
    /// </summary>
    public (TenantSettings Settings, Outcome Outcome) SetTargets(
        DeliveryTargets targets, IReadOnlyCollection<Role> held, CommandMeta meta)
    {
        if (!held.Contains(Role.Cto))
            return (this, Answer(OutcomeKind.Forbidden,
                "Only the CTO of one of your organisation's open deliveries may set its metric targets; you hold "
                + "that role on none."));
        try
        {
            targets.Validate();
        }
        catch (RuleViolation refused)
        {
            return (this, Answer(OutcomeKind.Refused, refused.Message + " Nothing changed."));
        }
        if (targets == Targets)
            return (this, Answer(OutcomeKind.AlreadyDecided,
                $"The metric targets are already these: {Targets.Describe()}. Nothing changed."));
        var set = this with
        {
            Version = Version + 1, Targets = targets, TargetsSetBy = meta.Actor, TargetsSetAt = meta.At,
        };
        return (set,
            Answer(OutcomeKind.Applied,
                $"Metric targets set by {meta.Actor}: {targets.Describe()}. Every metrics card and digest of your "
                + "organisation is judged against them from now on, this month's and last month's alike."));
    }

    private static void RequireSetter(IReadOnlyCollection<Role> held, string what)
    {
        if (!held.Any(FreezeSetters.Contains))
            throw new NotPermitted(
                $"Only a Delivery Manager or the CTO of one of your organisation's open deliveries may {what} a "
                + "change freeze; you hold neither role on any.");
    }

    private static DateOnly Today(CommandMeta meta, string timeZoneId)
        => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(meta.At, BusinessCalendar.FindZone(timeZoneId)).DateTime);

    private static string Set(ChangeFreeze freeze)
        => $"Change freeze {freeze} set by {freeze.SetBy}: a deployment window in it needs an approved change "
            + "marked as a change-freeze exception.";

    private Outcome Answer(OutcomeKind kind, string message) => new(kind, message, Version, Missing: []);
}
