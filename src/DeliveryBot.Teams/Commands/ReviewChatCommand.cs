using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Rendering;
using DeliveryBot.Teams.Turns;

namespace DeliveryBot.Teams.Commands;

/// <summary>
/// `review &lt;id&gt;`: the post-delivery review document read back (what went well, what could improve, the
/// follow-ups with owners and due dates, the client's feedback), rendered in the chat; `record` carries it too.
/// </summary>
internal sealed class ReviewChatCommand(IDeliveryStore store) : IChatCommand
{
    public string Name => "review";
    public string Usage => "review <id>";
    public string Description => "The post-delivery review: what went well, what to improve, the follow-ups";

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        if (await DeliveryArgument.LoadAsync(turn, store, arguments, Usage, ct) is not { } delivery) return;
        if (ReviewMarkdown.Render(delivery) is { } review)
        {
            await turn.ReplyAsync($"**{delivery.Id}** · {MarkdownText.Escape(delivery.State.Client)}\n\n{review}", ct);
            return;
        }
        var where = delivery.IsActive(Stage.PostDeliveryReview)
            ? "it is under way: the Delivery Manager completes it on the review card."
            : $"the delivery is in stage {(int)delivery.CurrentStage} ({delivery.CurrentStage.Title()}).";
        await turn.ReplyAsync($"The post-delivery review of {delivery.Id} has not been completed yet; {where}", ct);
    }
}
