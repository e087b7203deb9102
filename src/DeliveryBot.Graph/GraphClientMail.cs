using System.Net;
using System.Net.Sockets;
using DeliveryBot.Application.Messages;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Record;
using Microsoft.Extensions.Logging;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Graph.Users.Item.SendMail;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace DeliveryBot.Graph;

/// <summary>
/// Client messages by email: Graph's <c>POST /users/{mailbox}/sendMail</c> (application permission Mail.Send), from the
/// shared mailbox <see cref="GraphOptions.SharedMailbox"/> when set, else from the Delivery Manager's own mailbox, as
/// plain text, kept in the mailbox's Sent Items. One organisation's, like the directory.
/// </summary>
/// <remarks>
/// sendMail has no idempotency key, so a request is repeated only when Graph certainly did not take it: a 429 (the
/// retry handler waits as asked); never a 503/504 or a timeout, after which the mail may have gone. Those are answered
/// Failed with "cannot tell", for the DM to check the Sent Items (see <see cref="ClientMessageSender"/>).
/// </remarks>
internal sealed partial class GraphClientMail(
    GraphServiceClient graph, GraphOptions options, ILogger<GraphClientMail> logger) : IClientMail
{
    private bool OwnOrganisation(string tenantId)
        => DeliveryKey.Tenant(tenantId) is { Length: > 0 } asked && asked == DeliveryKey.Tenant(options.TenantId);

    public MailRoute? RouteFor(string tenantId)
        => OwnOrganisation(tenantId)
            ? new MailRoute(string.IsNullOrWhiteSpace(options.SharedMailbox) ? null : options.SharedMailbox.Trim())
            : null;

    public async Task<MailResult> SendAsync(string tenantId, OutgoingMail mail, CancellationToken ct)
    {
        if (!OwnOrganisation(tenantId))
            return new MailResult(
                MailStatus.Failed, "the mail the bot is configured with is another organisation's.");
        var body = new SendMailPostRequestBody
        {
            Message = new Message
            {
                Subject = mail.Subject,
                Body = new ItemBody { ContentType = BodyType.Text, Content = mail.Body },
                ToRecipients =
                [
                    new Recipient
                    {
                        EmailAddress = new EmailAddress { Address = mail.To.Email, Name = mail.To.DisplayName },
                    },
                ],
            },
            SaveToSentItems = true,
        };
        try
        {
            await graph.Users[mail.From].SendMail.PostAsync(
                body,
                r => r.Options.Add(new RetryHandlerOption
                {
                    ShouldRetry = (_, _, response) => response.StatusCode == HttpStatusCode.TooManyRequests,
                }),
                ct);
            return new MailResult(MailStatus.Sent);
        }
        catch (ODataError e) when (e.ResponseStatusCode == 429)
        {
            return new MailResult(MailStatus.NotSent, "Microsoft Graph is throttling the bot.");
        }
        catch (ODataError e) when (e.ResponseStatusCode is 401 or 403)
        {
            return new MailResult(MailStatus.Failed,
                $"Microsoft Graph refused ({e.ResponseStatusCode} {Code(e)}): the bot's app registration needs the "
                + $"Mail.Send application permission, granted by an admin, with access to the mailbox {mail.From}.");
        }
        catch (ODataError e) when (e.ResponseStatusCode is >= 400 and < 500)
        {
            return new MailResult(MailStatus.Failed,
                $"Microsoft Graph refused it ({e.ResponseStatusCode} {Code(e)}: {e.Error?.Message}).");
        }
        catch (Microsoft.Identity.Client.MsalException e)
        {
            GraphFailed(e);
            return new MailResult(MailStatus.NotSent, $"the bot could not sign in to Microsoft Graph: {e.Message}");
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException)
        {
            GraphFailed(e);
            return new MailResult(MailStatus.NotSent, $"Microsoft Graph could not be reached: {e.Message}");
        }
        catch (Exception e) when (e is ODataError or HttpRequestException or TaskCanceledException)
        {
            // a 5xx, a cut connection or a timeout after the request went: it may have been sent
            GraphFailed(e);
            return new MailResult(MailStatus.Failed,
                $"Microsoft Graph did not confirm it ({e.Message}), so it may or may not have gone: check the Sent "
                + $"Items of {mail.From}, then mark it sent, or send it again.");
        }
    }

    private static string Code(ODataError e) => e.Error?.Code ?? "no code";

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "Sending a client email through Graph failed")]
    private partial void GraphFailed(Exception e);
}
