using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Calendar;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Metrics;
using DeliveryBot.Domain.People;

namespace DeliveryBot.Application.Deliveries;

/// <summary>
/// Sets and ends an organisation's change freezes, and opts its Delivery Managers in to the weekly digest: load its
/// settings and the roles the sender holds on its open deliveries, let the domain decide
/// (<see cref="TenantSettings"/>), save. Only the sender's own organisation (the source's tenant) is read or written.
/// When another instance saved first, the command is decided again.
/// </summary>
public sealed class ChangeFreezeService(ITenantSettingsStore settings, IDeliveryStore deliveries, TimeProvider clock)
{
    private const int Attempts = 10;

    public Task<TenantSettings> ReadAsync(string? tenantId, CancellationToken ct = default)
        => settings.GetAsync(DeliveryKey.Tenant(tenantId), ct);

    public Task<Outcome> FreezeAsync(
        ChangeSource source, DateOnly start, DateOnly end, string reason, string timeZoneId,
        CancellationToken ct = default)
        => DecideAsync(source, (s, held, meta) => s.Freeze(start, end, reason, held, meta, timeZoneId), ct);

    public Task<Outcome> EndAsync(ChangeSource source, int number, CancellationToken ct = default)
        => DecideAsync(source, (s, held, meta) => s.EndFreeze(number, held, meta), ct);

    /// <summary>
    /// Opts the sender in to the weekly digest or out of it (`digest on` / `digest off`), in their own organisation;
    /// the organisation's settings keep who asked, as they keep its freezes.
    /// </summary>
    public Task<Outcome> DigestAsync(ChangeSource source, bool on, CancellationToken ct = default)
        => DecideAsync(source, (s, held, meta) => s.Digest(on, held, meta), ct);

    /// <summary>Sets the organisation's metric targets (a CTO of one of its open deliveries).</summary>
    public Task<Outcome> TargetsAsync(ChangeSource source, DeliveryTargets targets, CancellationToken ct = default)
        => DecideAsync(source, (s, held, meta) => s.SetTargets(targets, held, meta), ct);

    private async Task<Outcome> DecideAsync(
        ChangeSource source,
        Func<TenantSettings, IReadOnlyCollection<Role>, CommandMeta, (TenantSettings, Outcome)> decide,
        CancellationToken ct)
    {
        var tenant = DeliveryKey.Tenant(source.TenantId);
        var held = (await deliveries.ForPersonAsync(tenant, [source.Actor.Key], ct)).Select(r => r.Role).ToHashSet();
        for (var attempt = 1; ; attempt++)
        {
            var current = await settings.GetAsync(tenant, ct);
            var meta = new CommandMeta(source.CommandId, source.Actor, At: clock.GetUtcNow(), source.Source);
            var (next, outcome) = decide(current, held, meta);
            if (!outcome.Changed) return outcome;
            try
            {
                await settings.SaveAsync(next, expectedVersion: current.Version, meta.At, ct);
                return outcome with { Version = next.Version };
            }
            catch (ConcurrencyConflictException) when (attempt < Attempts)
            {
                // another instance changed the freezes since they were read: decide again on what is there now
            }
        }
    }
}
