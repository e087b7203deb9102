using System.Text.Json;
using DeliveryBot.Application.Telemetry;
using DeliveryBot.Teams.Auth;
using DeliveryBot.Teams.Connector;
using DeliveryBot.Teams.Conversations;
using DeliveryBot.Teams.Protocol;
using DeliveryBot.Teams.Turns;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeliveryBot.Teams.Endpoint;

/// <summary>
/// POST /api/messages: read (size-limited) → parse → authenticate → tenant filter → save conversation
/// references → the bot → 200 for activities, the invoke response for invokes. Nothing reaches the bot half-parsed
/// or unauthenticated; a database that cannot be used is answered to the person (<see cref="StorageFaultAnswer"/>).
/// </summary>
internal sealed partial class MessagesEndpoint(
    BotTokenValidator validator,
    IOptions<BotOptions> options,
    ConversationReferences references,
    IBotConnector connector,
    IActivityHandler bot,
    StorageFaultAnswer storageFaults,
    RuleViolationAnswer rules,
    StoppingSignal stopping,
    ILogger<MessagesEndpoint> logger)
{
    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        if (stopping.IsStopping)
        {
            // Stopping (SIGTERM): turns already in hand finish; a new one is for another instance, or this one after
            // its restart. The Bot Connector retries on a 503.
            request.HttpContext.Response.Headers.RetryAfter = "5";
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
        var limit = options.Value.MaxActivityBytes;
        if (request.ContentLength > limit) return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        if (await ActivityBody.ReadAsync(request.Body, request.ContentLength, limit, ct) is not { } body)
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);

        Activity activity;
        try { activity = ActivityJson.Parse(body.Utf8); }
        catch (JsonException)
        {
            return Results.BadRequest(new { error = "The body is not a Bot Framework activity (malformed JSON)." });
        }
        finally { body.Dispose(); } // what the activity keeps of it is copied out
        if (Malformed(activity) is { } problem) return Results.BadRequest(new { error = problem });

        var auth = await validator.ValidateAsync(request.Headers.Authorization.FirstOrDefault(), activity, ct);
        if (auth.KeysUnavailable)
        {
            // The token may be good; the keys to tell are not at hand. The Bot Connector retries on a 503.
            request.HttpContext.Response.Headers.RetryAfter = "30";
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
        if (!auth.Succeeded)
        {
            Refused(auth.Failure!);
            return Results.Unauthorized();
        }
        var allowed = options.Value.AllowedTenants;
        if (allowed.Count > 0
            && (activity.TenantId() is not { } tenant || !allowed.Contains(tenant, StringComparer.OrdinalIgnoreCase)))
        {
            TenantRefused(activity.TenantId() ?? "(none)");
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        using var span = StartTurn(activity);
        var turn = new TurnContext(activity, auth, connector) { Trace = span };
        try
        {
            if (activity.Type is ActivityTypes.Message or ActivityTypes.ConversationUpdate
                or ActivityTypes.InstallationUpdate or ActivityTypes.Invoke)
                await references.SaveAsync(activity, vouchedFor: !auth.Anonymous, ct);
            await bot.OnTurnAsync(turn, ct);
        }
        catch (Exception e) when (StorageFaultAnswer.Handles(e))
        {
            // Told here, once for every command and verb; otherwise Teams would show "Unable to reach app" for a 500.
            await storageFaults.AnswerAsync(turn, e, ct);
        }
        catch (Domain.Common.RuleViolation violation)
        {
            await rules.AnswerAsync(turn, violation, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // A bug: logged once here, and answered with a bare 500, so no exception page (Development's) ever shows a
            // caller a stack trace or a source path.
            TurnFailed(e, activity.Type ?? "", activity.Name ?? "");
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.GetType().Name);
            return Results.StatusCode(StatusCodes.Status500InternalServerError);
        }
        finally
        {
            Timed(turn, started);
        }
        if (activity.Type == ActivityTypes.Invoke)
        {
            var response = turn.InvokeResponse ?? new InvokeResponse(StatusCodes.Status501NotImplemented, Body: null);
            return response.Body switch
            {
                null => Results.StatusCode(response.Status),
                CardAnswer card => new CardAnswerResult(card, response.Status),
                var other => Results.Json(other, statusCode: response.Status),
            };
        }
        return Results.Ok();
    }

    /// <summary>
    /// The turn's span under the request's: the activity's type, invoke name and tenant (ids and kinds only, never
    /// text); the routers add the verb or command, the commands the delivery.
    /// </summary>
    private static System.Diagnostics.Activity? StartTurn(Activity activity)
    {
        var span = DeliveryTelemetry.Source.StartActivity("teams.turn");
        if (span is not { IsAllDataRequested: true }) return span; // not sampled: it only carries the trace on
        span.SetTag("deliverybot.activity.type", activity.Type);
        if (activity.Name is { } name) span.SetTag("deliverybot.activity.name", name);
        if (activity.TenantId() is { } tenant) span.SetTag("deliverybot.tenant", tenant);
        return span;
    }

    /// <summary>
    /// A click's or a command's time to answer, by verb or command; turns that ran neither are not timed.
    /// </summary>
    private static void Timed(TurnContext turn, long started)
    {
        if (turn.Handler is not { } handler) return;
        var click = turn.Activity.Type == ActivityTypes.Invoke;
        var histogram = click ? DeliveryTelemetry.ClickDuration : DeliveryTelemetry.CommandDuration;
        if (!histogram.Enabled) return;
        histogram.Record(
            System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds,
            new KeyValuePair<string, object?>(click ? "deliverybot.verb" : "deliverybot.command", handler));
    }

    private static string? Malformed(Activity activity)
    {
        if (string.IsNullOrWhiteSpace(activity.Type)) return "The activity has no type.";
        if (string.IsNullOrWhiteSpace(activity.Conversation?.Id)) return "The activity has no conversation.";
        if (string.IsNullOrWhiteSpace(activity.ServiceUrl)
            || !Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var url)
            || url.Scheme is not ("https" or "http"))
            return "The activity has no valid serviceUrl.";
        if (activity.From?.Id is null) return "The activity has no sender.";
        // Teams' ids are a few hundred characters at most; longer ones would only end up in URLs, keys and logs.
        if (TooLong(activity.Conversation.Id) || TooLong(activity.ServiceUrl) || TooLong(activity.From.Id)
            || TooLong(activity.From.AadObjectId) || TooLong(activity.TenantId()) || TooLong(activity.Id))
            return $"An id or the serviceUrl of the activity is longer than {MaxIdLength} characters.";
        return null;
    }

    private const int MaxIdLength = 1_000;

    private static bool TooLong(string? id) => id?.Length > MaxIdLength;

    [LoggerMessage(EventId = 2005, Level = LogLevel.Error, Message = "A {ActivityType} {ActivityName} turn failed")]
    private partial void TurnFailed(Exception e, string activityType, string activityName);

    [LoggerMessage(EventId = 2000, Level = LogLevel.Warning, Message = "Refused an activity: {Reason}")]
    private partial void Refused(string reason);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning,
        Message = "Refused an activity from tenant {TenantId}, which is not on Bot:AllowedTenants")]
    private partial void TenantRefused(string tenantId);
}
