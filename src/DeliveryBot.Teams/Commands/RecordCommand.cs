using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Rendering;
using DeliveryBot.Teams.Turns;

namespace DeliveryBot.Teams.Commands;

/// <summary>`record &lt;id&gt;`: the delivery record as Markdown in the lifecycle template's layout, ready to paste.</summary>
public sealed class RecordCommand(IDeliveryStore store, TimeProvider clock) : IBotCommand
{
    public string Name => "record";
    public string Usage => "record <id>";
    public string Description => "The delivery record as Markdown, in the lifecycle template's layout, to paste anywhere";

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        if (await DeliveryArgument.LoadAsync(turn, store, arguments, Usage, ct) is not { } delivery) return;
        var markdown = RecordMarkdown.Render(delivery, clock.GetUtcNow());
        // A code block keeps the Markdown itself (tables included) for copying; Teams would otherwise render it.
        await turn.ReplyAsync($"Delivery record {delivery.Id}, as Markdown:\n\n```markdown\n{markdown}```", ct);
    }
}
