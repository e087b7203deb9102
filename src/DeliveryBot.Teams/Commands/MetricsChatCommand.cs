using DeliveryBot.Domain.Rendering;
using DeliveryBot.Teams.Reports;
using DeliveryBot.Teams.Protocol;
using DeliveryBot.Teams.Turns;

namespace DeliveryBot.Teams.Commands;

/// <summary>
/// `metrics [id]`: the delivery performance card (cards/metrics.json) of the sender's organisation this month, or of
/// one delivery: the seed's delivery metrics against their targets and last month, the lifecycle figures, the
/// incidents and the deployment windows to come. Who may see which is <see cref="MetricsCardSource"/>'s to say.
/// </summary>
internal sealed class MetricsChatCommand(MetricsCardSource metrics) : IChatCommand
{
    public string Name => "metrics";
    public string Usage => "metrics [id]";
    public string Description
        => "Delivery performance this month against the seed's targets and last month: your organisation's, or one "
            + "delivery's (people with a role on it)";

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        string? id = null;
        if (arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() is { } given
            && (id = DeliveryIds.Parse(given)) is null)
        {
            await turn.ReplyAsync(
                $"{MarkdownText.Code(given)} is not a delivery id (they look like D12). Type `metrics` for your "
                    + "organisation's, or `metrics D12` for one delivery's.",
                ct);
            return;
        }
        var drawn = await metrics.DrawAsync(turn, id, d => ReaderTime.ZoneFor(turn.Activity, d), ct);
        await (drawn.Card is { } card
            ? turn.ReplyAsync(Activity.Card(card, drawn.Answer), ct)
            : turn.ReplyAsync(drawn.Answer, ct));
    }
}
