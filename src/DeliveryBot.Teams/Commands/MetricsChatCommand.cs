using DeliveryBot.Application.Deliveries;
using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Metrics;
using DeliveryBot.Domain.Rendering;
using DeliveryBot.Teams.Reports;
using DeliveryBot.Teams.Protocol;
using DeliveryBot.Teams.Turns;

namespace DeliveryBot.Teams.Commands;

/// <summary>
/// `metrics [id]`: the delivery performance card (cards/metrics.json) of the sender's organisation this month, or of
/// one delivery: the seed's delivery metrics against their targets and last month, the lifecycle figures, the
/// incidents and the deployment windows to come. Who may see which is <see cref="MetricsCardSource"/>'s to say.
/// </summary>
internal sealed class MetricsChatCommand(MetricsCardSource metrics, ChangeFreezeService settings) : IChatCommand
{
    public string Name => "metrics";
    public string Usage => "metrics [id] | metrics targets [name value ...]";
    public string Description
        => "Delivery performance this month against your organisation's targets and last month: your "
            + "organisation's, or one delivery's (people with a role on it); `metrics targets` shows or sets the "
            + "targets (a CTO)";

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        var words = arguments.Trim();
        if (words.Equals("targets", StringComparison.OrdinalIgnoreCase)
            || words.StartsWith("targets ", StringComparison.OrdinalIgnoreCase))
        {
            await TargetsAsync(turn, words["targets".Length..].Trim(), ct);
            return;
        }
        string? id = null;
        if (arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() is { } given
            && (id = DeliveryIds.ParseTyped(given)) is null)
        {
            await turn.ReplyAsync(
                $"{MarkdownText.Code(given)} is not a delivery id (they look like D12). Type `metrics` for your "
                    + "organisation's, or `metrics D12` for one delivery's.",
                ct);
            return;
        }
        var drawn = await metrics.DrawAsync(turn, id, d => ReaderTime.ZoneFor(turn.Activity, d), ct);
        await (drawn.Card is { } card
            ? turn.ReplyAsync(Activity.Card(card, drawn.Answer), ct)
            : turn.ReplyAsync(drawn.Answer, ct));
    }

    /// <summary>`metrics targets` shows the organisation's targets; with names and values, sets them.</summary>
    private async Task TargetsAsync(TurnContext turn, string pairs, CancellationToken ct)
    {
        var current = await settings.ReadAsync(turn.TenantId, ct);
        if (pairs.Length == 0)
        {
            var who = current.TargetsSetBy is { } by && current.TargetsSetAt is { } at
                ? $"set by {by} on {at.UtcDateTime:yyyy-MM-dd}"
                : "the delivery-manager seed's, as no one has set others";
            await turn.ReplyAsync(
                $"Your organisation's metric targets ({who}): {current.Targets.Describe()}. A CTO sets them with "
                    + "metrics targets followed by names and values, e.g. metrics targets frequency 12 mttr 45m "
                    + "availability 99.95%.",
                ct);
            return;
        }
        if (turn.Sender is not { } sender)
        {
            await turn.ReplyAsync("I can't tell who you are in this conversation, so I can't change anything.", ct);
            return;
        }
        DeliveryTargets targets;
        try
        {
            targets = current.Targets.With(pairs);
        }
        catch (RuleViolation refused)
        {
            await turn.ReplyAsync($"{refused.Message} Nothing changed.", ct);
            return;
        }
        var outcome = await settings.TargetsAsync(turn.ChangeFrom(sender, $"message:{Name}"), targets, ct);
        await turn.ReplyAsync(OutcomeText.Of(outcome), ct);
    }
}
