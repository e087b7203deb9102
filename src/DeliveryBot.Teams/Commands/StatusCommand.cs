using DeliveryBot.Application.Storage;
using DeliveryBot.Teams.Cards;
using DeliveryBot.Teams.Cards.Views;
using DeliveryBot.Teams.Protocol;
using DeliveryBot.Teams.Turns;

namespace DeliveryBot.Teams.Commands;

/// <summary>`status &lt;id&gt;`: the living status card of a delivery.</summary>
public sealed class StatusCommand(IDeliveryStore store, CardTemplates cards, TimeProvider clock) : IBotCommand
{
    public string Name => "status";
    public string Usage => "status <id>";
    public string Description => "The living status card of a delivery: stages, milestones, risks, escalations, who owes what";

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        if (await DeliveryArgument.LoadAsync(turn, store, arguments, Usage, ct) is not { } delivery) return;
        var card = cards.Render("status", StatusCardView.From(delivery, clock.GetUtcNow()).ToData());
        await turn.ReplyAsync(Activity.Card(card, $"{delivery.Id} · {delivery.State.Client}: {delivery.Status}"), ct);
    }
}
