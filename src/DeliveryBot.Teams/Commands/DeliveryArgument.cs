using DeliveryBot.Application.Storage;
using DeliveryBot.Teams.Turns;

namespace DeliveryBot.Teams.Commands;

/// <summary>The "&lt;id&gt;" argument of a command: parsed, loaded, or a plain answer saying what is wrong.</summary>
internal static class DeliveryArgument
{
    public static async Task<Domain.Deliveries.Delivery?> LoadAsync(
        TurnContext turn, IDeliveryStore store, string arguments, string usage, CancellationToken ct)
    {
        var first = arguments.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (first is null || DeliveryIds.ParseTyped(first) is not { } id)
        {
            await turn.ReplyAsync(
                first is null
                    ? $"Which delivery? Type `{usage}`, e.g. `{usage.Split(' ')[0]} D12`."
                    : $"{Domain.Rendering.MarkdownText.Code(first)} is not a delivery id (they look like D12). "
                        + "`list` shows the open ones.",
                ct);
            return null;
        }
        var delivery = await store.FindAsync(turn.KeyOf(id), ct);
        if (delivery is null) await turn.ReplyAsync($"There is no delivery {id}. `list` shows the open ones.", ct);
        return delivery;
    }
}
