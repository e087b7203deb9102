using DeliveryBot.Teams.Auth;
using DeliveryBot.Teams.Connector;
using DeliveryBot.Teams.Protocol;

namespace DeliveryBot.Teams.Turns;

/// <summary>One inbound activity being handled: what came in, who sent it, and how to answer.</summary>
public sealed class TurnContext(Activity activity, InboundAuth auth, IBotConnector connector)
{
    private static readonly AsyncLocal<TurnContext?> CurrentTurn = new();

    /// <summary>
    /// The turn being handled on this async flow, if any: lets what runs inside a turn without being handed it (a
    /// listener told of a saved change) know the tenant and conversation the change came from.
    /// </summary>
    public static TurnContext? Current => CurrentTurn.Value;

    internal static IDisposable Enter(TurnContext turn)
    {
        CurrentTurn.Value = turn;
        return new Exit();
    }

    private sealed class Exit : IDisposable
    {
        public void Dispose() => CurrentTurn.Value = null;
    }

    public Activity Activity { get; } = activity;
    public InboundAuth Auth { get; } = auth;

    /// <summary>The message text with the bot's mention removed; empty for other activities.</summary>
    public string CommandText { get; } = activity.Type == ActivityTypes.Message ? MentionText.CommandText(activity) : "";

    /// <summary>What the HTTP response carries for an invoke; set by the invoke's handler.</summary>
    public InvokeResponse? InvokeResponse { get; set; }

    private readonly List<string> _saved = [];

    /// <summary>The deliveries this turn has durably changed so far, so an answer to a later failure does not claim nothing changed.</summary>
    public IReadOnlyList<string> Saved => _saved;

    internal void MarkSaved(string deliveryId)
    {
        if (!_saved.Contains(deliveryId)) _saved.Add(deliveryId);
    }

    public Task<SendResult> ReplyAsync(Activity reply, CancellationToken ct)
    {
        reply.ReplyToId ??= Activity.Id;
        reply.Conversation ??= Activity.Conversation;
        reply.From ??= Activity.Recipient;
        reply.Recipient ??= Activity.From;
        return Activity.Id is { } id
            ? connector.ReplyAsync(Activity.ServiceUrl!, Activity.Conversation!.Id!, id, reply, Activity.TenantId(), ct)
            : connector.SendAsync(Activity.ServiceUrl!, Activity.Conversation!.Id!, reply, Activity.TenantId(), ct);
    }

    public Task<SendResult> ReplyAsync(string markdown, CancellationToken ct) => ReplyAsync(Activity.Message(markdown), ct);
}

/// <summary>The bot behind the channel: the seam between the Bot Framework protocol and the product.</summary>
public interface IActivityHandler
{
    Task OnTurnAsync(TurnContext turn, CancellationToken ct);
}
