using DeliveryBot.Domain.Record;

namespace DeliveryBot.Application.Messages;

/// <summary>No mail configured: nothing can be sent, and the answer says what to configure.</summary>
public sealed class NoClientMail : IClientMail
{
    public const string Reason =
        "Microsoft Graph is not configured (Graph:TenantId, Graph:ClientId, Graph:ClientSecret), so the bot cannot "
        + "send email.";

    public MailRoute? RouteFor(string tenantId) => null;

    public Task<MailResult> SendAsync(string tenantId, OutgoingMail mail, CancellationToken ct)
        => Task.FromResult(new MailResult(MailStatus.Failed, Reason));
}
