using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Rendering;
using DeliveryBot.Teams.Turns;

namespace DeliveryBot.Teams.Commands;

/// <summary>`update &lt;id&gt;`: the client status update drafted from the record, for the DM to send.</summary>
public sealed class UpdateCommand(IDeliveryStore store, TimeProvider clock) : IBotCommand
{
    public string Name => "update";
    public string Usage => "update <id>";
    public string Description => "Draft the client status update from the record";

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        if (await DeliveryArgument.LoadAsync(turn, store, arguments, Usage, ct) is not { } delivery) return;
        await turn.ReplyAsync($"Draft client status update for {delivery.Id}:\n\n{ClientMessages.StatusUpdateDraft(delivery, clock.GetUtcNow())}", ct);
    }
}
