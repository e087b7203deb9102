using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Rendering;
using DeliveryBot.Teams.Connector;
using DeliveryBot.Teams.Conversations;
using DeliveryBot.Teams.Protocol;

namespace DeliveryBot.Teams.Notifications;

/// <summary>
/// When Teams refuses a message to a stakeholder (403/404: they blocked or removed the bot), the Delivery Manager is
/// told in their 1:1 chat, with Teams' reason, so nothing fails silently.
/// </summary>
public sealed class UnreachableNotice(ProactiveMessenger messenger)
{
    public async Task TellAsync(Delivery delivery, Person unreachable, string what, string? reason, string tenant, CancellationToken ct)
    {
        if (delivery.HolderOf(Role.DeliveryManager) is not { ObjectId: { } dm } manager || manager.IsSameAs(unreachable)) return;
        await messenger.SendToUserAsync(tenant, dm, Activity.Message(
            $"**{delivery.Id}** · {MarkdownText.Escape(delivery.State.Client)}: I can't reach {MarkdownText.Escape(unreachable.DisplayName)} in Teams " +
            $"({MarkdownText.Escape(reason ?? "unreachable")}), so \"{MarkdownText.Escape(what)}\" did not reach them. Please pass it on, or `delegate` their role."), ct);
    }
}
