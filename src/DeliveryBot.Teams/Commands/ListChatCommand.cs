using System.Text;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Rendering;
using DeliveryBot.Teams.Turns;

namespace DeliveryBot.Teams.Commands;

/// <summary>`list`: the open deliveries, newest first.</summary>
internal sealed class ListChatCommand(IDeliveryStore store) : IChatCommand
{
    private const int PageSize = 20;

    public string Name => "list";
    public string Usage => "list";
    public string Description => "The open deliveries, newest first";

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        var page = await store.ListAsync(turn.TenantId, DeliveryFilter.Open, page: 1, pageSize: PageSize, ct);
        if (page.Total == 0)
        {
            await turn.ReplyAsync("There are no open deliveries.", ct);
            return;
        }
        var text = new StringBuilder($"**Open deliveries** ({page.Total}):\n\n");
        foreach (var d in page.Items)
            text.Append("- **").Append(d.Id).Append("** ")
                .Append(MarkdownText.Escape(d.Client)).Append(" — ").Append(MarkdownText.Escape(d.DigitalTalent))
                .Append(": ").Append(d.Status.Label())
                .Append(", stage ").Append((int)d.Stage).Append(" (").Append(d.Stage.Title()).Append(")\n");
        if (page.Total > PageSize) text.Append("\n…and ").Append(page.Total - PageSize).Append(" more.");
        await turn.ReplyAsync(text.ToString(), ct);
    }
}
