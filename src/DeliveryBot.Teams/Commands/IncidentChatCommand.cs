using System.Text.RegularExpressions;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Rendering;
using DeliveryBot.Teams.Cards;
using DeliveryBot.Teams.Notifications;
using DeliveryBot.Teams.Turns;

namespace DeliveryBot.Teams.Commands;

/// <summary>
/// `incident &lt;id&gt;`: the form to declare an incident in the service the delivery put live; `incident
/// &lt;id&gt;-I1`: that incident's report in the seed's layout, as Markdown; `incident &lt;id&gt;-I1 card`: its card,
/// to act on it here.
/// </summary>
internal sealed partial class IncidentChatCommand(IDeliveryStore store, CardPoster poster) : IChatCommand
{
    public string Name => "incident";
    public string Usage => "incident <id>[-I<n> [card]]";
    public string Description
        => "Incidents after go-live: incident D1 declares one (SEV-1 to SEV-4), incident D1-I1 gives its report, "
            + "incident D1-I1 card its card";

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        var words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var one = OneIncident().Match(words.FirstOrDefault() ?? "");
        if (await DeliveryArgument.LoadAsync(
                turn, store, one.Success ? one.Groups["delivery"].Value : arguments, Usage, ct) is not { } delivery)
            return;
        if (!one.Success)
        {
            await poster.ReplyAsync(
                turn,
                card: new CardRef(Templates.IncidentForm, delivery.Id, ""),
                delivery,
                summary: $"{delivery.Id} · {delivery.State.Client}: declare an incident",
                ct);
            return;
        }
        if (delivery.FindIncident(one.Groups["incident"].Value) is not { } incident)
        {
            await turn.ReplyAsync(
                $"There is no incident {MarkdownText.Code(one.Groups["incident"].Value)} on {delivery.Id}"
                    + (delivery.State.Incidents.IsEmpty
                        ? $": `incident {delivery.Id}` declares one."
                        : $": it has I1 to I{delivery.State.Incidents.Count}."),
                ct);
            return;
        }
        if (words.Length > 1 && string.Equals(words[1], "card", StringComparison.OrdinalIgnoreCase))
        {
            await poster.ReplyAsync(
                turn,
                card: new CardRef(Templates.Incident, delivery.Id, incident.Id),
                delivery,
                summary: $"{delivery.Id}-{incident.Id}: {incident.Title}",
                ct);
            return;
        }
        await turn.ReplyAsync(
            $"Incident report {delivery.Id}-{incident.Id}, as Markdown (`incident {delivery.Id}-{incident.Id} card` "
                + $"gives its card):\n\n```markdown\n{IncidentMarkdown.Render(delivery, incident)}```",
            ct);
    }

    [GeneratedRegex(@"^(?<delivery>[^\s-]+)-(?<incident>[Ii]\d{1,4})\z", RegexOptions.None, 100)]
    private static partial Regex OneIncident();
}
