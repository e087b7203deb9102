using System.Collections.Concurrent;
using System.Text.Json;
using DeliveryBot.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Kiota.Abstractions.Authentication;

namespace DeliveryBot.Teams.Tests.Support;

/// <summary>
/// Microsoft Graph on loopback, as much of it as the bot uses: users by UPN or mail, users whose names or addresses
/// start with what was typed (the people picker's search), mailbox settings (time zone, automatic replies), the
/// user's installed Teams apps and the chat of one, sendMail from a user's mailbox. It records every call, checks the
/// bearer token, and answers from a script first (429 with Retry-After, 403...).
/// </summary>
public sealed class FakeGraph : IAsyncDisposable
{
    public const string Token = "graph-test-token";
    public const string AppCatalogId = "catalog-app-1";

    public sealed record User(string Id, string DisplayName, string Mail, string Upn, string? TimeZone = null,
        object? AutomaticReplies = null);

    private readonly ConcurrentQueue<(int Status, string? RetryAfter, string Body)> _script = new();
    private readonly ConcurrentDictionary<string, bool> _installed = new();
    private readonly TaskCompletionSource _mailArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private LoopbackServer _server = null!;

    public List<User> Users { get; } = [];
    public ConcurrentQueue<(string Method, string Path, DateTimeOffset At)> Calls { get; } = new();

    /// <summary>Every mail sent: the mailbox it was sent from (the user's UPN) and the request's body.</summary>
    public ConcurrentQueue<(string Mailbox, JsonElement Body)> Mails { get; } = new();

    /// <summary>Completes when the first mail has been taken.</summary>
    public Task MailArrived => _mailArrived.Task;

    /// <summary>
    /// While set, a sendMail is taken (recorded in <see cref="Mails"/>) and its answer held until this completes: a
    /// Graph that sent the mail but whose answer never came back.
    /// </summary>
    public TaskCompletionSource? HoldMailAnswers { get; set; }

    /// <summary>The v1.0 base URL, as Graph:BaseUrl.</summary>
    public string BaseUrl => new Uri(_server.Address, "v1.0").ToString();

    /// <summary>The settings that point the bot's Graph adapter at this fake.</summary>
    public Dictionary<string, string?> Settings => new()
    {
        ["Graph:TenantId"] = "tenant-contoso", ["Graph:ClientId"] = "client-1", ["Graph:ClientSecret"] = "secret",
        ["Graph:BaseUrl"] = BaseUrl, ["Graph:TeamsAppCatalogId"] = AppCatalogId,
    };

    public void Script(int status, string? retryAfter = null,
        string body = """{"error":{"code":"Scripted","message":"scripted answer"}}""")
        => _script.Enqueue((status, retryAfter, body));

    public void AlreadyInstalledFor(string userId) => _installed[userId] = true;

    public bool IsInstalledFor(string userId) => _installed.ContainsKey(userId);

    public static async Task<FakeGraph> StartAsync()
    {
        var graph = new FakeGraph();
        graph._server = await LoopbackServer.StartAsync(
            app => app.Map("/v1.0/{**path}", (Func<HttpContext, Task<IResult>>)graph.HandleAsync));
        return graph;
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = Uri.UnescapeDataString(request.Path.Value!["/v1.0".Length..]);
        Calls.Enqueue(
            (request.Method, path + Uri.UnescapeDataString(request.QueryString.Value ?? ""), DateTimeOffset.UtcNow));
        if (request.Headers.Authorization.ToString() != $"Bearer {Token}")
            return Error(401, "InvalidAuthenticationToken", "Access token is empty or invalid.");
        if (_script.TryDequeue(out var scripted))
        {
            if (scripted.RetryAfter is not null) context.Response.Headers.RetryAfter = scripted.RetryAfter;
            return Results.Content(scripted.Body, "application/json", statusCode: scripted.Status);
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries); // users, {id}, ...
        var filter = request.Query["$filter"].ToString();
        if (segments is ["users"] && filter.StartsWith("mail eq '", StringComparison.Ordinal))
        {
            var mail = filter["mail eq '".Length..^1];
            return Results.Json(new { value = Users.Where(
                u => string.Equals(u.Mail, mail, StringComparison.OrdinalIgnoreCase)).Select(Json) });
        }
        if (segments is ["users"] && filter.StartsWith("startswith(", StringComparison.Ordinal))
            return Search(filter, request.Query["$top"].ToString());
        if (segments.Length < 2 || segments[0] != "users") return Error(400, "BadRequest", "Unsupported by the fake.");
        var user = Users.FirstOrDefault(
            u => u.Id == segments[1] || string.Equals(u.Upn, segments[1], StringComparison.OrdinalIgnoreCase));
        if (user is null) return Error(404, "Request_ResourceNotFound", $"Resource '{segments[1]}' does not exist.");
        return (request.Method, segments[2..]) switch
        {
            ("GET", []) => Results.Json(Json(user)),
            ("GET", ["mailboxSettings"]) => Results.Json(new { timeZone = user.TimeZone,
                automaticRepliesSetting = user.AutomaticReplies ?? new { status = "disabled" } }),
            ("POST", ["teamwork", "installedApps"]) => await InstallAsync(user, request),
            ("POST", ["sendMail"]) => await SendMailAsync(user, context),
            ("GET", ["teamwork", "installedApps"]) => Results.Json(new { value = IsInstalledFor(
                user.Id) ? new[] { new { id = $"install-{user.Id}", teamsApp = new { id = AppCatalogId } } } : [] }),
            ("GET", ["teamwork", "installedApps", var installation, "chat"]) when installation == $"install-{user.Id}"
                && IsInstalledFor(user.Id)
                => Results.Json(new { id = $"19:{user.Id}_bot@unq.gbl.spaces" }),
            _ => Error(404, "NotFound", "Unsupported by the fake."),
        };
    }

    /// <summary>
    /// The people picker's search: the prefix of the first startswith(…) (its quotes doubled, as OData escapes them)
    /// matched against the display name, its first and last word (given name, surname), mail and UPN; at most $top.
    /// </summary>
    private IResult Search(string filter, string top)
    {
        var open = filter.IndexOf('\'', StringComparison.Ordinal) + 1;
        var close = open;
        while ((close = filter.IndexOf('\'', close)) >= 0 && close + 1 < filter.Length && filter[close + 1] == '\'')
            close += 2;
        if (open == 0 || close < 0) return Error(400, "BadRequest", "Invalid filter clause.");
        var prefix = filter[open..close].Replace("''", "'", StringComparison.Ordinal);
        bool Starts(string? text) => text?.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) == true;
        var found = Users.Where(u => Starts(u.DisplayName) || Starts(u.DisplayName.Split(' ')[^1]) || Starts(u.Mail)
            || Starts(u.Upn));
        if (int.TryParse(top, out var most)) found = found.Take(most);
        return Results.Json(new { value = found.Select(Json) });
    }

    private async Task<IResult> InstallAsync(User user, HttpRequest request)
    {
        using var body = await JsonDocument.ParseAsync(request.Body);
        if (body.RootElement.GetProperty("teamsApp@odata.bind")
            .GetString() != $"{BaseUrl.TrimEnd('/')}/appCatalogs/teamsApps/{AppCatalogId}")
            return Error(400, "BadRequest", "Unknown app.");
        if (!_installed.TryAdd(user.Id, true)) return Error(409, "Conflict", "App is already installed.");
        return Results.Json(new { id = $"install-{user.Id}" }, statusCode: 201);
    }

    private async Task<IResult> SendMailAsync(User user, HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        Mails.Enqueue((user.Upn, body.RootElement.Clone()));
        _mailArrived.TrySetResult();
        if (HoldMailAnswers is { } held)
            await held.Task.WaitAsync(context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        return Results.StatusCode(202);
    }

    private static object Json(User u)
        => new { id = u.Id, displayName = u.DisplayName, mail = u.Mail, userPrincipalName = u.Upn };

    private static IResult Error(int status, string code, string message)
        => Results.Json(new { error = new { code, message } }, statusCode: status);

    /// <summary>The token the fake accepts, for the loopback host only (what the bot's MSAL provider does for Graph's
    /// host).</summary>
    public sealed class StaticToken : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new(["127.0.0.1"]);

        public Task<string> GetAuthorizationTokenAsync(
            Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null,
            CancellationToken cancellationToken = default)
            => Task.FromResult(AllowedHostsValidator.IsUrlHostValid(uri) ? Token : "");
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
