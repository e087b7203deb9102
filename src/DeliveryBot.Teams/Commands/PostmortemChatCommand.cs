using System.Text.RegularExpressions;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Rendering;
using DeliveryBot.Teams.Cards;
using DeliveryBot.Teams.Notifications;
using DeliveryBot.Teams.Turns;

namespace DeliveryBot.Teams.Commands;

/// <summary>
/// `postmortem &lt;id&gt;-I&lt;n&gt;`: the incident's post-incident review card (the seed's REVIEW step): its lessons,
/// its action items with their owners and due dates, each owner's Done.
/// </summary>
internal sealed partial class PostmortemChatCommand(IDeliveryStore store, CardPoster poster) : IChatCommand
{
    public string Name => "postmortem";
    public string Usage => "postmortem <id>-I<n>";
    public string Description
        => "The post-incident review of a resolved incident: lessons learned and action items, e.g. postmortem D1-I1";

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        var one = OneIncident().Match(arguments.Trim());
        if (!one.Success)
        {
            await turn.ReplyAsync($"Which incident? Usage: `{Usage}`, e.g. `postmortem D1-I1`.", ct);
            return;
        }
        if (await DeliveryArgument.LoadAsync(turn, store, one.Groups["delivery"].Value, Usage, ct) is not { } delivery)
            return;
        if (delivery.FindIncident(one.Groups["incident"].Value) is not { } incident)
        {
            await turn.ReplyAsync(
                $"There is no incident {MarkdownText.Code(one.Groups["incident"].Value)} on {delivery.Id}"
                    + (delivery.State.Incidents.IsEmpty
                        ? "."
                        : $": it has I1 to I{delivery.State.Incidents.Count}."),
                ct);
            return;
        }
        await poster.ReplyAsync(
            turn,
            card: new CardRef(Templates.IncidentReview, delivery.Id, incident.Id),
            delivery,
            summary: $"{delivery.Id}-{incident.Id}: post-incident review of {incident.Title}",
            ct);
    }

    [GeneratedRegex(@"^(?<delivery>[^\s-]+)-(?<incident>[Ii]\d{1,4})\z", RegexOptions.None, 100)]
    private static partial Regex OneIncident();
}
