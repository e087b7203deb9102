using System.Security.Cryptography;
using System.Text;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Rendering;

namespace DeliveryBot.Application.Messages;

/// <summary>
/// When Teams refuses a message to a stakeholder (403/404: they blocked or removed the bot), the Delivery Manager is
/// told in their 1:1 chat, with Teams' reason, so nothing fails silently. The notice goes through the outbox (the
/// next outbox pass sends it, within seconds): a crash, a Teams hiccup or a full disk at that moment cannot lose it.
/// The same person unreachable for the same thing is told once a day.
/// </summary>
public sealed class UnreachableNotice(IOutbox outbox, TimeProvider clock)
{
    /// <summary>
    /// Whether a notice was written (false: the DM is the one unreachable, or was already told today).
    /// </summary>
    public async Task<bool> TellAsync(
        Delivery delivery, Person unreachable, string what, string? reason, CancellationToken ct)
    {
        if (delivery.HolderOf(Role.DeliveryManager) is not { ObjectId: not null } manager
            || manager.IsSameAs(unreachable)) return false;
        var now = clock.GetUtcNow();
        var text = $"**{delivery.Id}** · {MarkdownText.Escape(delivery.State.Client)}: " +
                   $"I can't reach {MarkdownText.Escape(unreachable.DisplayName)} in Teams " +
                   $"({MarkdownText.Escape(reason ?? "unreachable")}), " +
                   $"so \"{MarkdownText.Escape(what)}\" did not reach them. " +
                   "Please pass it on, or `delegate` their role.";
        var key = $"unreachable:{unreachable.Key}:" +
                  $"{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(what)))[..16]}:{now:yyyy-MM-dd}";
        // The delivery's own organisation: the notice goes there whether or not a conversation of it is known yet.
        var notice = new Notice(delivery.Key, text, manager)
        {
            TenantId = delivery.State.TenantId is { Length: > 0 } tenant ? tenant : null,
        };
        return await outbox.EnqueueAsync(notice.ToOutbox(key, now), ct);
    }
}
