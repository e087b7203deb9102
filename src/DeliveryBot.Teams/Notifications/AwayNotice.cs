using System.Globalization;
using DeliveryBot.Application.Directory;
using DeliveryBot.Application.Messages;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Rendering;
using DeliveryBot.Teams.Wording;

namespace DeliveryBot.Teams.Notifications;

/// <summary>
/// When a gate nudge goes to someone whose automatic replies are on (read from the directory), the Delivery Manager
/// is told and offered the delegation that keeps the gate moving, as a command ready to complete. The notice goes
/// through the outbox, once per nudge (keyed by the nudge).
/// </summary>
internal sealed class AwayNotice(IPeopleDirectory directory, IOutbox outbox, TimeProvider clock)
{
    /// <summary>Whether a notice was written.</summary>
    public async Task<bool> TellIfAwayAsync(
        Delivery delivery, Person nudged, Role role, string what, string nudgeKey, CancellationToken ct)
    {
        if (nudged.ObjectId is not { } oid
            || delivery.HolderOf(Role.DeliveryManager) is not { ObjectId: not null } manager
            || manager.IsSameAs(nudged))
            return false;
        var answer = await directory.AwayAsync(delivery.State.TenantId, oid, clock.GetUtcNow(), ct);
        // not away, or the directory cannot say: nothing to propose
        if (answer is not { Outcome: DirectoryOutcome.Found, Value.IsAway: true }) return false;
        // The last day away: the day they come back, unless they are back before that day's work starts.
        var until = answer.Value.Until is { } end
            ? delivery.Calendar.LocalDate(end).AddDays(
                TimeOnly.FromDateTime(delivery.Calendar.Local(end)) <= delivery.State.Settings.Calendar.DayStart
                    ? -1
                    : 0)
            : (DateOnly?)null;
        var untilText = until is { } u ? u.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "<yyyy-mm-dd>";
        var text =
            $"**{delivery.Id}** · {MarkdownText.Escape(delivery.State.Client)}: " +
            $"{MarkdownText.Escape(nudged.DisplayName)} is away (automatic replies on" +
            $"{(until is null ? "" : $" until {untilText}")}), and \"{MarkdownText.Escape(what)}\" waits for them. " +
            $"To keep it moving, hand the {role.Title()} role to someone meanwhile: " +
            $"`delegate {delivery.Id} {RoleText.ShortName(role)} to <@person or email> until {untilText}`";
        return await outbox.EnqueueAsync(
            new Notice(delivery.Key, text, manager).ToOutbox($"away:{nudgeKey}", clock.GetUtcNow()), ct);
    }
}
