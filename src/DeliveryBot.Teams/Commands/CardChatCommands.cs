using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Record;
using DeliveryBot.Teams.Cards;
using DeliveryBot.Teams.Notifications;
using DeliveryBot.Teams.Turns;

namespace DeliveryBot.Teams.Commands;

/// <summary>
/// A command that posts one of a delivery's cards here ("&lt;name&gt; &lt;id&gt;"); the card is remembered and redrawn
/// in place on every later change, wherever it was posted.
/// </summary>
internal abstract class PostCardChatCommand(IDeliveryStore store, CardPoster poster) : IChatCommand
{
    public abstract string Name { get; }
    public abstract string Description { get; }
    public string Usage => $"{Name} <id>";

    /// <summary>The card to post, and the summary Teams shows in notifications.</summary>
    protected abstract (string Template, string Focus, string Summary) Card { get; }

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        if (await DeliveryArgument.LoadAsync(turn, store, arguments, Usage, ct) is not { } delivery) return;
        var (template, focus, summary) = Card;
        await poster.ReplyAsync(
            turn,
            card: new CardRef(template, delivery.Id, focus),
            delivery,
            summary: $"{delivery.Id} · {delivery.State.Client}: {summary}",
            ct);
    }
}

/// <summary>`plan &lt;id&gt;`: the planning form.</summary>
internal sealed class PlanChatCommand(IDeliveryStore store, CardPoster poster) : PostCardChatCommand(store, poster)
{
    public override string Name => "plan";
    public override string Description
        => "The planning form: the schedule, acceptable delays, sharing it, the initial client communication";
    protected override (string, string, string) Card => (Templates.Planning, "", "delivery planning");
}

/// <summary>`risk &lt;id&gt;`: the risk register, to add or close risks.</summary>
internal sealed class RiskChatCommand(IDeliveryStore store, CardPoster poster) : PostCardChatCommand(store, poster)
{
    public override string Name => "risk";
    public override string Description => "The risk register: add a risk or dependency, close one";
    protected override (string, string, string) Card => (Templates.Risk, "", "risk register");
}

/// <summary>`release &lt;id&gt;`: release readiness, the exit criteria and the go/no-go.</summary>
internal sealed class ReleaseChatCommand(IDeliveryStore store, CardPoster poster) : PostCardChatCommand(store, poster)
{
    public override string Name => "release";
    public override string Description => "Release readiness: confirm your exit criteria, decide go or no-go";
    protected override (string, string, string) Card => (Templates.Release, "", "release readiness");
}

/// <summary>`update &lt;id&gt;`: the client status update drafted from the record, to send and mark sent.</summary>
internal sealed class UpdateChatCommand(IDeliveryStore store, CardPoster poster) : PostCardChatCommand(store, poster)
{
    public override string Name => "update";
    public override string Description => "Draft the client status update from the record, then mark it sent";
    protected override (string, string, string) Card
        => (Templates.Update, nameof(CommunicationType.StatusUpdate), "client status update");
}

/// <summary>
/// `delay &lt;id&gt;`: the delay notice to the client drafted from the record, to send and mark sent.
/// </summary>
internal sealed class DelayChatCommand(IDeliveryStore store, CardPoster poster) : PostCardChatCommand(store, poster)
{
    public override string Name => "delay";
    public override string Description => "Draft the delay notice to the client from the record, then mark it sent";
    protected override (string, string, string) Card
        => (Templates.Update, nameof(CommunicationType.DelayNotice), "delay notice");
}

/// <summary>`sla &lt;id&gt;`: the SLA dashboard of the service the delivery put live, this month.</summary>
internal sealed class SlaChatCommand(IDeliveryStore store, CardPoster poster) : PostCardChatCommand(store, poster)
{
    public override string Name => "sla";
    public override string Description
        => "The SLA dashboard of the live service this month: availability, performance, support, error budget";
    protected override (string, string, string) Card => (Templates.Sla, "", "SLA dashboard");
}
