using DeliveryBot.Application.Deliveries;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.Domain.Rendering;

namespace DeliveryBot.Application.SignOff;

/// <summary>
/// The client's sign-off by link: the DM issues (and revokes) links on the record, the page opens one that works and
/// acknowledges receipt as the client contact through the same <see cref="DeliveryService"/> a click in Teams takes,
/// so the gate, the fan-out and the living cards follow alike. A link works when its signature holds, its tenant and
/// delivery are found, and the record says it is neither used, revoked nor expired, the delivery open and receipt
/// not yet acknowledged; anything else is one refusal.
/// </summary>
public sealed class ClientSignOff(
    DeliveryService deliveries, IDeliveryStore store, TimeProvider clock, SignOffSetup setup)
{
    /// <summary>How much of the browser's self-description is kept as evidence.</summary>
    public const int UserAgentKept = 200;

    /// <summary>
    /// Issues a link for the delivery under <paramref name="deliveryKey"/>; the page's address when it was issued
    /// (also for a repeat of the same command while its link works).
    /// </summary>
    /// <param name="deliveryKey">The delivery's key.</param>
    /// <param name="source">Who issues it, from where.</param>
    /// <param name="mail">How Graph sends mail for the organisation: the link is then emailed to the client.</param>
    /// <param name="ct">Cancels the change.</param>
    public async Task<(DeliveryResult Result, Uri? Link)> IssueAsync(
        string deliveryKey, ChangeSource source, MailRoute? mail = null, CancellationToken ct = default)
    {
        if (!setup.IsOn)
            return (new DeliveryResult(new Outcome(OutcomeKind.Refused,
                "Client sign-off links are not set up on this bot (SignOff:Keys and SignOff:PublicBaseUrl). Record "
                + "the client's acknowledgement on the card with its evidence instead.",
                Version: 0,
                Missing: []), Delivery: null), null);
        var result = await deliveries.ExecuteAsync(deliveryKey, new IssueSignOffLink(setup.ValidFor, mail), source, ct);
        if (result.Outcome.Kind is not (OutcomeKind.Applied or OutcomeKind.Duplicate)
            || result.Delivery is not { } delivery
            || IssuedBy(delivery, result.Outcome.Message) is not { } link
            || !link.IsOpenAt(clock.GetUtcNow()))
            return (result, null);
        return (result, setup.LinkFor(TokenFor(delivery, link)));
    }

    public Task<DeliveryResult> RevokeAsync(string deliveryKey, ChangeSource source, CancellationToken ct = default)
        => deliveries.ExecuteAsync(deliveryKey, new RevokeSignOffLinks(), source, ct);

    /// <summary>
    /// A text drafted with the places of sign-off links (<see cref="ClientMessages.SignOffLinkPlace"/>) with each made
    /// into its page's address as it is sent; or why not, when a link does not work any more (used, revoked, expired)
    /// or links are not set up: a dead link is not sent.
    /// </summary>
    public (string? Text, string? Refusal) WithLinks(Delivery delivery, string text)
    {
        var now = clock.GetUtcNow();
        foreach (var id in ClientMessages.SignOffLinksIn(text))
        {
            if (!setup.IsOn) return (null, "sign-off links are not set up on this bot any more.");
            if (delivery.State.SignOffLinks.Find(l => l.Id == id) is not { } link || !link.IsOpenAt(now))
                return (null, $"sign-off link {id} does not work any more (used, revoked or expired), so it was not "
                    + "sent.");
            text = text.Replace(
                ClientMessages.SignOffLinkPlace(id), setup.LinkFor(TokenFor(delivery, link)).AbsoluteUri,
                StringComparison.Ordinal);
        }
        return (text, null);
    }

    /// <summary>The token of a link on the record (its page's address is <see cref="SignOffSetup.LinkFor"/>).</summary>
    public string TokenFor(Delivery delivery, SignOffLink link)
        => setup.Tokens!.Write(new SignOffToken(delivery.State.TenantId, delivery.Id, link.Id, link.ExpiresAt));

    /// <summary>The link <paramref name="token"/> names when it works now; null for every reason it does not.</summary>
    public async Task<OpenSignOff?> OpenAsync(string? token, CancellationToken ct = default)
    {
        if (setup.Tokens?.Read(token) is not { } read) return null;
        var now = clock.GetUtcNow();
        if (read.ExpiresAt <= now || !DeliveryKey.IsId(read.DeliveryId)) return null;
        // the organisation is the signed token's: the delivery is looked up within it and nowhere else
        var delivery = await store.FindAsync(DeliveryKey.Of(read.TenantId, read.DeliveryId), ct);
        if (delivery is null || delivery.State.TenantId != read.TenantId || delivery.IsClosed
            || delivery.State.ClientAcknowledgement is not null || delivery.HandoverSent is null
            || delivery.State.Handover is not { } package
            || delivery.HolderOf(Role.ClientContact) is not { } contact)
            return null;
        var link = delivery.State.SignOffLinks.Find(l => l.Id == read.LinkId);
        return link is not null && link.IsOpenAt(now) && link.ExpiresAt == read.ExpiresAt
            ? new OpenSignOff(delivery, link, contact, package)
            : null;
    }

    /// <summary>
    /// Acknowledges receipt through the link as the client contact. A second answer with the same link, also one
    /// racing the first, is refused: the store decides one of them, and the other finds the receipt acknowledged.
    /// </summary>
    public async Task<(SignOffResult Result, string? Problem)> AcknowledgeAsync(
        string? token, SignOffAnswer answer, CancellationToken ct = default)
    {
        if (await OpenAsync(token, ct) is not { } open) return (SignOffResult.Refused, null);
        var delivery = open.Delivery;
        var command = new AcknowledgeReceipt(
            answer.Feedback,
            answer.Satisfaction,
            SignedOff: new SignOffUse(open.Link.Id, Cut(answer.From, 64), Cut(answer.UserAgent, UserAgentKept)));
        var source = new ChangeSource($"signoff:{delivery.Key}:{open.Link.Id}", open.ClientContact, "web:signoff")
        {
            TenantId = delivery.State.TenantId,
        };
        var outcome = (await deliveries.ExecuteAsync(delivery.Key, command, source, ct)).Outcome;
        if (outcome.Kind == OutcomeKind.Applied) return (SignOffResult.Acknowledged, null);
        // what was typed may be at fault (too long), while the link still works: say so and keep the form
        return await OpenAsync(token, ct) is not null && outcome.Kind == OutcomeKind.Refused
            ? (SignOffResult.NeedsFixing, outcome.Message)
            : (SignOffResult.Refused, null);
    }

    /// <summary>The link an issuing answer names (a repeat of the command answers as the first time).</summary>
    private static SignOffLink? IssuedBy(Delivery delivery, string answer)
        => delivery.State.SignOffLinks.Find(
            l => answer.StartsWith($"Sign-off link {l.Id} issued", StringComparison.Ordinal));

    private static string? Cut(string? text, int max)
        => text is null ? null : text.Length <= max ? text : text[..max];
}
