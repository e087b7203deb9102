using DeliveryBot.Application.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Teams.Auth;
using DeliveryBot.Teams.Connector;
using DeliveryBot.Teams.Protocol;

namespace DeliveryBot.Teams.Turns;

/// <summary>One inbound activity being handled: what came in, who sent it, and how to answer.</summary>
internal sealed class TurnContext(Activity activity, InboundAuth auth, IBotConnector connector)
{
    public Activity Activity { get; } = activity;
    public InboundAuth Auth { get; } = auth;

    /// <summary>
    /// Who sent the activity, as the domain knows people (Entra object id and name); null when it does not say, or
    /// claims an id the bot keeps for itself.
    /// </summary>
    public Person? Sender { get; } = activity.From?.AadObjectId is { } oid && !Person.IsReservedId(oid)
        ? new Person(oid, Email: null, activity.From.Name ?? oid)
        : null;

    /// <summary>The message text with the bot's mention removed; empty for other activities.</summary>
    public string CommandText { get; } =
        activity.Type == ActivityTypes.Message ? MentionText.CommandText(activity) : "";

    /// <summary>
    /// The organisation (Entra tenant) the activity comes from, as deliveries keep it: everything the turn reads or
    /// changes is that organisation's (empty where the activity names none, as in a local test chat).
    /// </summary>
    public string TenantId { get; } = Domain.Deliveries.DeliveryKey.Tenant(activity.TenantId());

    /// <summary>
    /// The key of this organisation's delivery <paramref name="deliveryId"/>: another organisation's D12 is not
    /// reachable from here.
    /// </summary>
    public string KeyOf(string deliveryId) => Domain.Deliveries.DeliveryKey.Of(TenantId, deliveryId);

    /// <summary>This turn's span (null when nothing traces), which the routers and commands tag.</summary>
    public System.Diagnostics.Activity? Trace { get; init; }

    /// <summary>Whether the turn's span is recorded (sampled), so its tags are worth setting.</summary>
    private bool Traced => Trace is { IsAllDataRequested: true };

    /// <summary>
    /// The card verb or chat command this turn ran (a registered name, never what was typed); null until routed.
    /// </summary>
    public string? Handler
    {
        get;
        set
        {
            field = value;
            if (Traced)
                Trace!.SetTag(
                    Activity.Type == ActivityTypes.Invoke ? "deliverybot.verb" : "deliverybot.command", value);
        }
    }

    /// <summary>What the HTTP response carries for an invoke; set by the invoke's handler.</summary>
    public InvokeResponse? InvokeResponse { get; set; }

    private readonly List<string> _saved = [];

    /// <summary>
    /// The deliveries this turn has durably changed so far, so an answer to a later failure does not claim nothing
    /// changed.
    /// </summary>
    public IReadOnlyList<string> Changed => _saved;

    /// <summary>
    /// Where a change made in this turn comes from: the activity id as the command id (so a Teams retry is applied
    /// once), the sender, and the tenant, where the people it concerns are reached.
    /// </summary>
    public ChangeSource ChangeFrom(Person sender, string source, string? commandId = null)
        => new(commandId ?? Activity.Id ?? Guid.NewGuid().ToString("N"), sender, source)
        {
            TenantId = Activity.TenantId(),
        };

    /// <summary>Notes a command's result: a change it saved is one this turn has made.</summary>
    public DeliveryResult Track(DeliveryResult result)
    {
        if (result.Delivery is { } delivery && Traced) Trace!.SetTag("deliverybot.delivery.id", delivery.Id);
        if (result is { Outcome.Changed: true, Delivery.Id: { } id }) Saved(id);
        return result;
    }

    /// <summary>Notes an intake's result: the delivery it opened is one this turn has saved.</summary>
    public OpenResult Track(OpenResult result)
    {
        if (result.Delivery is { Id: { } opened } && Traced) Trace!.SetTag("deliverybot.delivery.id", opened);
        if (result.Delivery is { Id: { } id }) Saved(id);
        return result;
    }

    private void Saved(string deliveryId)
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
            ? connector.ReplyAsync(
                serviceUrl: Activity.ServiceUrl!,
                conversationId: Activity.Conversation!.Id!,
                replyToId: id,
                activity: reply,
                tenantId: Activity.TenantId(),
                ct)
            : connector.SendAsync(
                serviceUrl: Activity.ServiceUrl!,
                conversationId: Activity.Conversation!.Id!,
                activity: reply,
                tenantId: Activity.TenantId(),
                ct);
    }

    public Task<SendResult> ReplyAsync(string markdown, CancellationToken ct)
        => ReplyAsync(Activity.Message(markdown), ct);
}

/// <summary>The bot behind the channel: the seam between the Bot Framework protocol and the product.</summary>
internal interface IActivityHandler
{
    Task OnTurnAsync(TurnContext turn, CancellationToken ct);
}
