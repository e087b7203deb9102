using DeliveryBot.Application.Messages;
using DeliveryBot.Application.SignOff;
using DeliveryBot.Domain.Record;
using DeliveryBot.Teams.Turns;

namespace DeliveryBot.Teams.Commands;

/// <summary>
/// `signoff &lt;id&gt;`: the DM (or their stand-in) gets a sign-off link to send a client contact who is not in
/// Teams, so they acknowledge the handover themselves on a web page; `signoff &lt;id&gt; mail` has the bot email it to
/// them (Graph), `signoff &lt;id&gt; revoke` withdraws the delivery's links that still work. The link is answered only
/// to whoever asked, never posted on a card; a mailed one is not shown at all.
/// </summary>
internal sealed class SignoffChatCommand(ClientSignOff signOff, IClientMail mail) : IChatCommand
{
    public string Name => "signoff";
    public string Usage => "signoff <id> [mail|revoke]";
    public string Description
        => "A link for a client contact outside Teams to acknowledge the handover on a web page (DM only); "
            + "mail emails it to them, revoke withdraws it";

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        var parts = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var id = parts.Length > 0 ? DeliveryIds.ParseTyped(parts[0]) : null;
        var option = parts.Length == 2 ? parts[1].ToLowerInvariant() : null;
        var revoke = option == "revoke";
        var mailed = option == "mail";
        if (id is null || parts.Length > 2 || (option is not null && !revoke && !mailed))
        {
            await turn.ReplyAsync(
                "Type `signoff D1` for a link, `signoff D1 mail` to have me email it to the client contact, or "
                    + "`signoff D1 revoke` to withdraw it.", ct);
            return;
        }
        if (turn.Sender is not { } sender)
        {
            await turn.ReplyAsync("I can't tell who you are in this conversation, so I can't change anything.", ct);
            return;
        }
        var source = turn.ChangeFrom(sender, $"message:{Name}");
        if (revoke)
        {
            var revoked = turn.Track(await signOff.RevokeAsync(turn.KeyOf(id), source, ct));
            await turn.ReplyAsync(OutcomeText.Of(revoked.Outcome), ct);
            return;
        }
        MailRoute? route = null;
        if (mailed && (route = mail.RouteFor(turn.TenantId)) is null)
        {
            await turn.ReplyAsync(
                $"I can't email from this bot: that needs Microsoft Graph. `signoff {id}` gives you the link to send "
                    + "yourself.", ct);
            return;
        }
        var (result, link) = await signOff.IssueAsync(turn.KeyOf(id), source, route, ct);
        turn.Track(result);
        if (mailed)
        {
            await turn.ReplyAsync(OutcomeText.Of(result.Outcome), ct);
            return;
        }
        await turn.ReplyAsync(link is null
            ? OutcomeText.Of(result.Outcome)
            : $"{OutcomeText.Of(result.Outcome)}\n\nSend this link to the client contact yourself (it is theirs "
                + $"alone: whoever opens it can acknowledge for them):\n\n`{link}`\n\n`signoff {id} revoke` "
                + "withdraws it.", ct);
    }
}
