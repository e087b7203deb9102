using DeliveryBot.Teams.Commands;
using DeliveryBot.Teams.Protocol;
using DeliveryBot.Teams.Turns;
using Microsoft.Extensions.Logging;

namespace DeliveryBot.Teams.Endpoint;

/// <summary>
/// Routes an activity: a message to its command (in a channel only when the bot is mentioned; past the person's
/// allowance of commands, not run), a card action to its verb, a people picker's typeahead to the people search, an
/// installation to a welcome. Everything else is accepted and ignored.
/// </summary>
internal sealed partial class DeliveryBotHandler(
    ChatCommandRouter commands,
    CommandAllowance allowance,
    VerbRouter cardActions,
    Conversations.PeopleSearch people,
    Cards.CardTemplates templates,
    ILogger<DeliveryBotHandler> logger) : IActivityHandler
{
    public async Task OnTurnAsync(TurnContext turn, CancellationToken ct)
    {
        var activity = turn.Activity;
        switch (activity.Type)
        {
            case ActivityTypes.Message:
                if (activity.IsChannel() && !MentionText.MentionsBot(activity)) return;
                await OnMessageAsync(turn, ct);
                break;
            case ActivityTypes.Invoke when activity.Name == "adaptiveCard/action":
                turn.InvokeResponse = await cardActions.RouteAsync(turn, ct);
                break;
            case ActivityTypes.Invoke when activity.Name == Conversations.PeopleSearch.InvokeName:
                turn.InvokeResponse = await people.AnswerAsync(turn, ct);
                break;
            case ActivityTypes.Invoke:
                turn.InvokeResponse = new InvokeResponse(
                    200, InvokeAnswers.Error("NotImplemented", $"This bot does not handle '{activity.Name}'."));
                break;
            case ActivityTypes.InstallationUpdate when activity.Action == "add":
                await turn.ReplyAsync(HelpChatCommand.Card(templates, commands), ct);
                break;
        }
    }

    private async Task OnMessageAsync(TurnContext turn, CancellationToken ct)
    {
        switch (allowance.Take(turn, out var retryAfter))
        {
            case CommandAllowance.Verdict.Tell:
                PastAllowance(turn.TenantId, allowance.PerPerson, allowance.Window);
                await turn.ReplyAsync(allowance.Refusal(retryAfter), ct);
                return;
            case CommandAllowance.Verdict.Drop:
                return;
        }
        var (command, name, arguments) = commands.Route(turn.CommandText);
        if (command is not null)
        {
            turn.Handler = command.Name;
            await command.HandleAsync(turn, arguments, ct);
            return;
        }
        var nearest = commands.Nearest(name);
        var intro = name.Length == 0
            ? ""
            : $"I don't know the command {Domain.Rendering.MarkdownText.Code(name)}."
                + $"{(nearest is null ? "" : $" Did you mean `{nearest}`?")}\n\n";
        await turn.ReplyAsync(intro + HelpChatCommand.Text(commands), ct);
    }

    [LoggerMessage(EventId = 2110, Level = LogLevel.Warning,
        Message = "Someone in tenant {TenantId} typed more than {PerPerson} commands in {Window}; the rest not run")]
    private partial void PastAllowance(string tenantId, int perPerson, TimeSpan window);
}
