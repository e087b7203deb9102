using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using DeliveryBot.Teams.Protocol;
using Microsoft.Extensions.Logging;
using Polly;

namespace DeliveryBot.Teams.Connector;

/// <summary>
/// The Bot Connector client: app token on trusted service URLs only, Teams' rate limits applied before each
/// call, retries (429 honouring Retry-After; 412, 502, 503, 504 and timeouts with exponential backoff and
/// jitter) inside the resilience pipeline, and 403/404 turned into an "unreachable" result.
/// </summary>
/// <remarks>
/// Each call goes to the factory's current handler chain through an <see cref="HttpMessageInvoker"/>, not an
/// <see cref="HttpClient"/>: the client would add nothing a call here uses (no base address, default headers, buffering
/// or time limit: the limit is the pipeline's), yet it made a cancellation source of its own per client and linked
/// another per call, behind every card click's redraw. The handler is the same one a client would get, rotated by the
/// factory as before.
/// </remarks>
internal sealed partial class BotConnectorClient(
    IHttpMessageHandlerFactory handlers,
    IAppTokenProvider tokens,
    ServiceUrls serviceUrls,
    SendRateLimiter limiter,
    ResiliencePipeline<HttpResponseMessage> resilience,
    Microsoft.Extensions.Options.IOptions<BotOptions> options,
    TimeProvider clock,
    ILogger<BotConnectorClient> logger) : IBotConnector
{
    public const string HttpClientName = "BotConnector";

    public Task<SendResult> ReplyAsync(
        string serviceUrl,
        string conversationId,
        string replyToId,
        Activity activity,
        string? tenantId,
        CancellationToken ct)
        => CallAsync(
            HttpMethod.Post,
            serviceUrl,
            path: $"v3/conversations/{Esc(conversationId)}/activities/{Esc(replyToId)}",
            body: Body(activity),
            conversationId,
            tenantId,
            ct);

    public Task<SendResult> SendAsync(
        string serviceUrl, string conversationId, Activity activity, string? tenantId, CancellationToken ct)
        => CallAsync(
            HttpMethod.Post,
            serviceUrl,
            path: $"v3/conversations/{Esc(conversationId)}/activities",
            body: Body(activity),
            conversationId,
            tenantId,
            ct);

    public Task<SendResult> UpdateAsync(
        string serviceUrl,
        string conversationId,
        string activityId,
        Activity activity,
        string? tenantId,
        CancellationToken ct)
        => CallAsync(
            HttpMethod.Put,
            serviceUrl,
            path: $"v3/conversations/{Esc(conversationId)}/activities/{Esc(activityId)}",
            body: Body(activity),
            conversationId,
            tenantId,
            ct);

    public Task<SendResult> DeleteAsync(
        string serviceUrl, string conversationId, string activityId, string? tenantId, CancellationToken ct)
        => CallAsync(
            HttpMethod.Delete,
            serviceUrl,
            path: $"v3/conversations/{Esc(conversationId)}/activities/{Esc(activityId)}",
            body: null,
            conversationId,
            tenantId,
            ct);

    public Task<SendResult> CreateConversationAsync(
        string serviceUrl, ConversationParameters parameters, CancellationToken ct)
        => CallAsync(
            HttpMethod.Post,
            serviceUrl,
            path: "v3/conversations",
            body: Json(parameters, ActivityJsonContext.Default.ConversationParameters),
            conversationId: $"create:{parameters.Members?.FirstOrDefault()?.Id}",
            tenantId: parameters.TenantId,
            ct);

    public async Task<(SendResult Result, IReadOnlyList<ChannelAccount> Members)> GetMembersAsync(
        string serviceUrl, string conversationId, CancellationToken ct)
    {
        List<ChannelAccount>? members = null;
        var result = await CallAsync(
            HttpMethod.Get,
            serviceUrl,
            path: $"v3/conversations/{Esc(conversationId)}/members",
            body: null,
            conversationId,
            tenantId: null,
            ct,
            read: async (response, token) => members =
                await response.Content.ReadFromJsonAsync(ActivityJsonContext.Default.ListChannelAccount, token));
        return (result, members ?? []);
    }

    private async Task<SendResult> CallAsync(
        HttpMethod method,
        string serviceUrl,
        string path,
        Func<HttpContent>? body,
        string conversationId,
        string? tenantId,
        CancellationToken ct,
        Func<HttpResponseMessage, CancellationToken, Task>? read = null)
    {
        var trusted = serviceUrls.IsTrusted(serviceUrl);
        if (BaseUri(serviceUrl, keep: trusted) is not { } baseUri)
            return SendResult.Failed(status: null, $"'{serviceUrl}' is not a service URL.");
        if (!trusted)
            return SendResult.Failed(
                status: null,
                $"The service URL {serviceUrl} did not come from an authenticated activity; nothing was sent.");
        var attempt = new Attempt(
            method, Address(baseUri, path), body, conversationId, tenantId, await tokens.GetTokenAsync(ct));
        var pooled = ResilienceContextPool.Shared.Get(ct);
        try
        {
            // the state-passing form: a closure over the call's values and its delegate were made per call
            using var response = await resilience.ExecuteAsync(
                static (context, call) => call.Client.AttemptAsync(call.Attempt, context.CancellationToken),
                pooled,
                (Client: this, Attempt: attempt));
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                string? id = null;
                if (read is not null)
                    try
                    {
                        await read(response, ct);
                    }
                    catch (JsonException e)
                    {
                        // a 200 whose body is not what the call answers (a proxy's page, a changed API): the call
                        // failed, and says why, rather than failing the turn that made it
                        GaveUp(conversationId, status, $"unreadable answer: {e.Message}");
                        return SendResult.Failed(status, "The Bot Connector's answer could not be read.");
                    }
                // Only a post makes an activity whose id is worth reading; an update's answer names the activity it
                // was asked about (read and parsed behind every click until nothing was found to use it). The handler
                // drains what is left unread, so the connection is reused all the same.
                else if (method == HttpMethod.Post && response.Content.Headers.ContentLength is not 0)
                    id = await ReadIdAsync(response, ct);
                return SendResult.Sent(id, status);
            }
            var reason = await ReasonAsync(response, ct);
            if (response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
            {
                Unreachable(conversationId, status, reason);
                return SendResult.Unreachable(status, reason);
            }
            GaveUp(conversationId, status, reason);
            return SendResult.Failed(status, reason);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or TaskCanceledException
            && !ct.IsCancellationRequested)
        {
            GaveUp(conversationId, status: null, e.Message);
            return SendResult.Failed(status: null, e.Message);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(pooled);
        }
    }

    /// <summary>One call's values, the same for each of its attempts.</summary>
    private readonly record struct Attempt(
        HttpMethod Method,
        Uri Address,
        Func<HttpContent>? Body,
        string ConversationId,
        string? TenantId,
        string? Token);

    /// <summary>
    /// One attempt: the rate limiter's turn, then the request with the call's time limit, which starts once the limiter
    /// lets it go (waiting for a busy chat's turn is not Teams being slow).
    /// </summary>
    private async ValueTask<HttpResponseMessage> AttemptAsync(Attempt call, CancellationToken token2)
    {
        var waiting = System.Diagnostics.Stopwatch.GetTimestamp();
        // an update of a message already there leaves room for the person's next new one
        using var permit = await limiter.AcquireAsync(
            call.ConversationId, call.TenantId, token2, update: call.Method == HttpMethod.Put);
        ConnectorTelemetry.Waited(waiting);
        using var request = new HttpRequestMessage(call.Method, call.Address) { Content = call.Body?.Invoke() };
        if (call.Token is { } token) request.Headers.TryAddWithoutValidation("Authorization", Bearer(token));
        using var limit = new CancellationTokenSource(options.Value.CallTimeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(token2, limit.Token);
        try
        {
            // the factory's handler outlives the call: the invoker only sends through it
            using var invoker = new HttpMessageInvoker(handlers.CreateHandler(HttpClientName), disposeHandler: false);
            var answer = await invoker.SendAsync(request, linked.Token);
            ConnectorTelemetry.Answered(answer.StatusCode);
            return answer;
        }
        catch (HttpRequestException)
        {
            ConnectorTelemetry.Unanswered();
            throw;
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !token2.IsCancellationRequested)
        {
            ConnectorTelemetry.Unanswered();
            throw new TimeoutException(
                $"The Bot Connector did not answer within {options.Value.CallTimeout.TotalSeconds:0.###} s.");
        }
    }

    /// <summary>Service URLs parsed as the base of each call's address, by their text (a few per tenant).</summary>
    private readonly ConcurrentDictionary<string, Uri> _bases = new(StringComparer.Ordinal);

    /// <summary>Most service URLs kept parsed; past that each is parsed per call (they only come from Teams).</summary>
    private const int MostBases = 64;

    /// <summary>
    /// <paramref name="serviceUrl"/> as an absolute http(s) address ending in a slash, the base every call's path is
    /// made against; null when it is not one. Only a trusted URL is kept (<paramref name="keep"/>), so one that no call
    /// may go to never takes a place.
    /// </summary>
    private Uri? BaseUri(string serviceUrl, bool keep)
    {
        if (_bases.TryGetValue(serviceUrl, out var known)) return known;
        if (!Uri.TryCreate(serviceUrl.TrimEnd('/') + "/", UriKind.Absolute, out var parsed)
            || parsed.Scheme is not ("https" or "http"))
            return null;
        if (keep && _bases.Count < MostBases) _bases.TryAdd(serviceUrl, parsed);
        return parsed;
    }

    /// <summary>
    /// The call's address: the base's text and the path parsed as one, which is half of what resolving the path
    /// against the base costs and gives the same address (a path of segments; a base with a query or fragment, which
    /// Teams never sends, is resolved as before).
    /// </summary>
    private static Uri Address(Uri baseUri, string path)
        => baseUri.Query.Length == 0 && baseUri.Fragment.Length == 0
            ? new Uri(string.Concat(baseUri.AbsoluteUri, path), UriKind.Absolute)
            : new Uri(baseUri, path);

    /// <summary>
    /// The last token's Authorization header value (the token lasts an hour and goes with every call); one object, so
    /// a call racing a renewal reads a token and its own header, never a mix.
    /// </summary>
    private volatile BearerHeader? _bearer;

    private sealed record BearerHeader(string Token, string Value);

    /// <summary>
    /// "Bearer " and the token, made once per token: a typed header value would write that string (over a kilobyte
    /// for an Entra token) afresh on every call.
    /// </summary>
    private string Bearer(string token)
    {
        if (_bearer is { } last && string.Equals(last.Token, token, StringComparison.Ordinal)) return last.Value;
        var header = new BearerHeader(token, "Bearer " + token);
        _bearer = header;
        return header.Value;
    }

    private static async Task<string?> ReadIdAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            if (string.IsNullOrWhiteSpace(text)) return null;
            return JsonSerializer.Deserialize(text, ActivityJsonContext.Default.ConversationResourceResponse)?.Id;
        }
        catch (JsonException) { return null; }
    }

    private static async Task<string> ReasonAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        try
        {
            if (JsonSerializer.Deserialize(text, ActivityJsonContext.Default.ErrorResponse)?.Error is { } error)
                return $"{(int)response.StatusCode} {error.Code}: {error.Message}";
        }
        catch (JsonException) { }
        return $"{(int)response.StatusCode} {response.ReasonPhrase}";
    }

    private static Func<HttpContent> Body(Activity activity) => Json(activity, ActivityJsonContext.Default.Activity);

    /// <summary>Each attempt's body, written from a pooled buffer as it is sent (<see cref="JsonBody{T}"/>).</summary>
    private static Func<HttpContent> Json<T>(T value, JsonTypeInfo<T> type) => () => new JsonBody<T>(value, type);

    private static string Esc(string segment) => Uri.EscapeDataString(segment);

    [LoggerMessage(EventId = 2100, Level = LogLevel.Warning,
        Message = "Conversation {ConversationId} is unreachable ({Status}): {Reason}")]
    private partial void Unreachable(string conversationId, int status, string reason);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning,
        Message = "Bot Connector call for {ConversationId} failed after retries ({Status}): {Reason}")]
    private partial void GaveUp(string conversationId, int? status, string reason);
}

/// <summary>The retry strategy of every Bot Connector call.</summary>
internal static class ConnectorResilience
{
    public static ResiliencePipeline<HttpResponseMessage> Build(BotOptions options, TimeProvider clock)
        => new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = clock }
            .AddRetry(new Polly.Retry.RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = TimeSpan.FromSeconds(60),
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Result: { } r } => IsTransient(r.StatusCode),
                    { Exception: HttpRequestException or TimeoutException } => true,
                    _ => false,
                }),
                // Teams says how long to wait when it throttles: wait exactly that.
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result?.Headers.RetryAfter switch
                {
                    { Delta: { } delta } => (TimeSpan?)delta,
                    { Date: { } date } => date > clock.GetUtcNow() ? date - clock.GetUtcNow() : TimeSpan.Zero,
                    _ => null,
                }),
                OnRetry = args => { args.Outcome.Result?.Dispose(); return default; },
            })
            // each attempt's time limit is applied around the HTTP call itself, after the rate limiter (see CallAsync)
            .Build();

    public static bool IsTransient(HttpStatusCode status)
        => status is HttpStatusCode.TooManyRequests or HttpStatusCode.PreconditionFailed or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;
}
