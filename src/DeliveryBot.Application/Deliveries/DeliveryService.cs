using DeliveryBot.Application.Messages;
using DeliveryBot.Application.Storage;
using DeliveryBot.Application.Telemetry;
using DeliveryBot.Domain.Calendar;
using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using Microsoft.Extensions.Logging;

namespace DeliveryBot.Application.Deliveries;

/// <summary>
/// Runs a domain command on a stored delivery: load, decide, save. What follows the change (cards redrawn, the next
/// person's card, the DM's note) is planned from the command's events and saved with the record in one transaction,
/// then this process's dispatcher is woken to send it. Commands on one delivery take turns in this process, each
/// decided first on the record as this process last loaded or saved it (the save expects that version, so it is the
/// check; an answer without a save confirms the version first); when another instance saved first, the command is
/// decided again on the fresh record (a card click then answers as stale or already decided), so no update is lost.
/// </summary>
public sealed partial class DeliveryService(
    IDeliveryStore store,
    TimeProvider clock,
    FanOutPlanner fanOut,
    IOutboxSignal signal,
    OpeningAllowance? openings = null,
    ITenantSettingsStore? tenantSettings = null,
    ILogger<DeliveryService>? logger = null)
{
    private readonly OpeningAllowance _openings = openings ?? new OpeningAllowance();

    private const int Attempts = 10;
    private readonly KeyedLock _turns = new();

    public Task<DeliveryResult> ExecuteAsync(
        string deliveryKey,
        DeliveryCommand command,
        string commandId,
        Person actor,
        string source,
        long? expectedVersion = null,
        CancellationToken ct = default)
        => ExecuteAsync(
            deliveryKey,
            command,
            new ChangeSource(commandId, actor, source) { ExpectedVersion = expectedVersion },
            ct);

    /// <summary>
    /// Runs <paramref name="command"/> on the delivery stored under <paramref name="deliveryKey"/>
    /// (<see cref="Delivery.Key"/>).
    /// </summary>
    public async Task<DeliveryResult> ExecuteAsync(
        string deliveryKey, DeliveryCommand command, ChangeSource source, CancellationToken ct = default)
    {
        var deliveryId = DeliveryKey.IdOf(deliveryKey);
        using var span = DeliveryTelemetry.StartDecision(deliveryKey, source.Source);
        // only while tracing: with telemetry off a command allocates nothing for it
        using var scope = span is null ? null : logger?.BeginScope(new DeliveryScope(deliveryId));
        using var turn = await _turns.AcquireAsync(deliveryKey, ct);
        for (var attempt = 1; ; attempt++)
        {
            // First on the copy this process kept, unchecked: a change is saved only if the stored version is still
            // the copy's, so the save is the check, and a click's change reads nothing before it. Decided again on
            // the stored record when the save finds another instance's change, as before.
            var kept = attempt == 1 ? store.FindKept(deliveryKey) : null;
            var delivery = kept ?? await store.FindAsync(deliveryKey, ct);
            if (delivery is null)
                return Decided(span, new DeliveryResult(
                    new Outcome(
                        OutcomeKind.Refused,
                        $"There is no delivery {deliveryId}. Type list to see the open ones.",
                        Version: 0,
                        Missing: []),
                    Delivery: null));
            var read = delivery.Version;
            var now = clock.GetUtcNow();
            var outcome = delivery.Execute(
                await WithTenantSettingsAsync(command, delivery, ct),
                new CommandMeta(
                    CommandId: source.CommandId,
                    Actor: source.Actor,
                    At: now,
                    Source: source.Source,
                    ExpectedVersion: source.ExpectedVersion));
            if (!outcome.Changed)
            {
                // Nothing saved, so nothing checked the copy: an answer is given only from the stored version.
                if (kept is not null && !await store.IsStoredVersionAsync(deliveryKey, read, ct)) continue;
                return Decided(span, new DeliveryResult(outcome, delivery));
            }
            try
            {
                IReadOnlyList<OutboxItem> taken;
                using (DeliveryTelemetry.Source.StartActivity("delivery.save"))
                    taken = await store.SaveAsync(
                        delivery,
                        expectedVersion: read,
                        now,
                        messages: fanOut.Plan(delivery, outcome.Events, source, now),
                        lease: signal.LeaseFor(now),
                        ct);
                signal.MessagesWritten(delivery, taken);
                return Decided(span, new DeliveryResult(outcome, delivery));
            }
            catch (ConcurrencyConflictException) when (attempt < Attempts)
            {
                // Another instance changed the record since it was read: decide again on what is there now.
            }
            catch (ConcurrencyConflictException)
            {
                return Decided(span, new DeliveryResult(
                    new Outcome(
                        OutcomeKind.Refused,
                        $"Delivery {deliveryId} is changing too fast to apply this now; nothing changed. " +
                        "Please try again.",
                        delivery.Version,
                        Missing: []),
                    delivery));
            }
        }
    }

    private DeliveryResult Decided(System.Diagnostics.Activity? span, DeliveryResult result)
    {
        DeliveryTelemetry.Decided(span, result.Outcome.Kind);
        if (logger is not null) Decided(logger, result.Outcome.Kind);
        return result;
    }

    /// <summary>
    /// Each decision, for an operator following one delivery (Debug): the delivery and the trace are the line's scope.
    /// </summary>
    [LoggerMessage(EventId = 3100, Level = LogLevel.Debug, Message = "Decided: {Outcome}")]
    private static partial void Decided(ILogger logger, OutcomeKind outcome);

    /// <summary>
    /// The command with what it needs of the organisation's settings: its change freezes, read from the delivery's own
    /// organisation (never the sender's activity), since the domain reads no store (see
    /// <see cref="IUsesChangeFreezes"/>).
    /// </summary>
    private async Task<DeliveryCommand> WithTenantSettingsAsync(
        DeliveryCommand command, Delivery delivery, CancellationToken ct)
        => command is IUsesChangeFreezes uses && tenantSettings is not null
            ? uses.WithFreezes((await tenantSettings.GetAsync(delivery.State.TenantId, ct)).Freezes)
            : command;

    public Task<OpenResult> OpenAsync(
        Intake intake, string commandId, Person actor, string source, CancellationToken ct = default)
        => OpenAsync(intake, new ChangeSource(commandId, actor, source), ct);

    /// <summary>
    /// The delivery a command (an intake form's submission) already opened in this organisation, with its first
    /// answer; null when it opened none.
    /// </summary>
    public async Task<OpenResult?> OpenedByAsync(string commandId, string? tenantId, CancellationToken ct = default)
        // an id another organisation's activity carried is not this one's to answer with
        => await store.FindCommandAsync(commandId, ct) is { } done
            && await store.FindAsync(done.DeliveryId, ct) is { } opened
            && opened.State.TenantId == DeliveryKey.Tenant(tenantId)
                ? new OpenResult(opened, done.Answer)
                : null;

    /// <summary>
    /// Opens a delivery from an intake, with the next free id of the organisation it is opened in (the source's
    /// tenant), to which it then belongs. The same submission again (a Teams retry, a double click on the same form, in
    /// this instance or another) answers with the delivery it opened the first time.
    /// </summary>
    public async Task<OpenResult> OpenAsync(Intake intake, ChangeSource source, CancellationToken ct = default)
    {
        var tenant = DeliveryKey.Tenant(source.TenantId);
        // a double click in this process waits for the first
        using var turn = await _turns.AcquireAsync($"open:{source.CommandId}", ct);
        if (await OpenedByAsync(source.CommandId, source.TenantId, ct) is { } first) return first;
        if (_openings.NextAllowed(tenant, source.Actor.Key, clock.GetUtcNow()) is { } next)
            return new OpenResult(
                Delivery: null,
                $"You have opened {_openings.PerDay} deliveries in the last 24 hours, the most one person may " +
                "(each one sends its people cards and reminders). " +
                $"You can open the next one after {next.UtcDateTime:yyyy-MM-dd HH:mm} UTC.");
        for (var attempt = 1; ; attempt++)
        {
            var id = await store.NextDeliveryIdAsync(tenant, ct);
            var now = clock.GetUtcNow();
            Delivery delivery;
            try
            {
                delivery = Delivery.Open(
                    id, intake, new CommandMeta(source.CommandId, source.Actor, now, source.Source), tenant);
            }
            catch (RuleViolation e)
            {
                return new OpenResult(Delivery: null, e.Message);
            }
            IReadOnlyList<OutboxItem> taken;
            try
            {
                taken = await store.SaveAsync(
                    delivery,
                    expectedVersion: 0,
                    now,
                    messages: fanOut.Plan(delivery, delivery.Events, source, now),
                    lease: signal.LeaseFor(now),
                    ct);
            }
            catch (ConcurrencyConflictException) when (attempt < Attempts)
            {
                // another instance opened from the same form at this moment: its delivery is the answer
                if (await OpenedByAsync(source.CommandId, source.TenantId, ct) is { } opened) return opened;
                // else the id was taken outside the counter (an import): take the next one
                continue;
            }
            signal.MessagesWritten(delivery, taken);
            _openings.Opened(tenant, source.Actor.Key, now);
            return new OpenResult(delivery, delivery.FirstAnswerTo(source.CommandId) ?? $"Delivery {id} opened.");
        }
    }
}
