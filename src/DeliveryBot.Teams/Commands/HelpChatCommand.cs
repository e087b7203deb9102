using System.Text;
using DeliveryBot.Teams.Cards;
using DeliveryBot.Teams.Cards.Forms;
using DeliveryBot.Teams.Protocol;
using DeliveryBot.Teams.Turns;
using Microsoft.Extensions.DependencyInjection;

namespace DeliveryBot.Teams.Commands;

/// <summary>`help`: the help card, every command the bot knows with how to type it.</summary>
/// <remarks>
/// The router is resolved when asked, not injected: it is built from every command, this one included.
/// </remarks>
internal sealed class HelpChatCommand(IServiceProvider services, CardTemplates templates) : IChatCommand
{
    public string Name => "help";
    public string Usage => "help";
    public string Description => "Show what DeliveryBot can do";

    public Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
        => turn.ReplyAsync(Card(templates, services.GetRequiredService<ChatCommandRouter>()), ct);

    public static Activity Card(CardTemplates templates, ChatCommandRouter router)
        => Activity.Card(
            templates.Render(Templates.Help, HelpCard.Data(router.Commands.Select(c => (c.Usage, c.Description)))),
            "DeliveryBot: what it can do");

    /// <summary>The same as text, for answers that start with something else (an unknown command).</summary>
    public static string Text(ChatCommandRouter router)
    {
        var text = new StringBuilder(
            "**DeliveryBot** runs client deliveries through the seven-stage lifecycle. Commands:\n\n");
        foreach (var command in router.Commands)
            text.Append("- `").Append(command.Usage).Append("`: ").Append(command.Description).Append('\n');
        text.Append("\nIn a channel, @mention me first.");
        return text.ToString();
    }
}
