using System.Text;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Rendering;
using DeliveryBot.Teams.Turns;

namespace DeliveryBot.Teams.Commands;

/// <summary>`mine`: what the sender owes, across every open delivery.</summary>
internal sealed class MineChatCommand(IDeliveryStore store) : IChatCommand
{
    public string Name => "mine";
    public string Usage => "mine";
    public string Description => "What you owe, across every open delivery";

    /// <summary>Actions listed at most: a text answer must stay well under what Teams takes in one message.</summary>
    public const int Shown = 25;

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        if (turn.Activity.From?.AadObjectId is not { } objectId)
        {
            await turn.ReplyAsync(
                "I can't tell who you are in this conversation (no Entra object id), so I can't list your actions.",
                ct);
            return;
        }
        var rows = await store.MineAsync(turn.TenantId, [objectId], ct);
        if (rows.Count == 0)
        {
            await turn.ReplyAsync("You owe nothing on any open delivery.", ct);
            return;
        }
        var text = new StringBuilder($"**Your pending actions** ({rows.Count}):\n\n");
        foreach (var r in rows.Take(Shown)) // oldest first: what has waited longest
            text.Append("- **").Append(r.DeliveryId).Append("** ")
                .Append(MarkdownText.Escape(Wording.Bounded.Cut(r.Client, 100))).Append(": ")
                .Append(MarkdownText.Escape(r.What)).Append(" (as ").Append(r.Role.Title()).Append(")\n");
        if (rows.Count > Shown)
            text.Append("\n…and ").Append(rows.Count - Shown)
                .Append(" more, which wait less long. "
                    + "`list` shows the open deliveries; `status <id>` each one's card.");
        await turn.ReplyAsync(text.ToString(), ct);
    }
}
