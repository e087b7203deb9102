using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Teams.Cards;
using DeliveryBot.Teams.Notifications;
using DeliveryBot.Teams.Turns;

namespace DeliveryBot.Teams.Commands;

/// <summary>
/// `status &lt;id&gt;`: posts the living status card, which is then updated in place on every change.
/// </summary>
internal sealed class StatusChatCommand(IDeliveryStore store, CardPoster poster) : IChatCommand
{
    public string Name => "status";
    public string Usage => "status <id>";
    public string Description
        => "The living status card of a delivery: stages, milestones, risks, escalations, who owes what";

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        if (await DeliveryArgument.LoadAsync(turn, store, arguments, Usage, ct) is not { } delivery) return;
        await poster.ReplyAsync(
            turn,
            card: new CardRef(Templates.Status, delivery.Id),
            delivery,
            summary: $"{delivery.Id} · {delivery.State.Client}: {delivery.Status.Label()}",
            ct);
    }
}
