using System.Collections.Concurrent;
using System.Globalization;
using DeliveryBot.Application.Directory;
using DeliveryBot.Domain.Deliveries;
using Person = DeliveryBot.Domain.People.Person;
using Microsoft.Extensions.Logging;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;

namespace DeliveryBot.Graph;

/// <summary>
/// The people directory on Microsoft Graph, app-only. Lookups are cached (<see cref="GraphOptions.CacheFor"/>); a 429
/// is retried by the SDK's retry handler honouring Retry-After; a refusal is answered with the permission it needs.
/// </summary>
internal sealed partial class GraphDirectory(
    GraphServiceClient graph, GraphOptions options, TimeProvider clock, ILogger<GraphDirectory> logger)
    : IPeopleDirectory
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, DirectoryAnswer<Person> Answer)> _people =
        new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// This directory is one organisation's (Graph:TenantId): a call made for another organisation's chat or delivery
    /// is answered "not found" without asking Graph, so nobody learns or reaches the people of an organisation not
    /// their own.
    /// </summary>
    private DirectoryAnswer<T>? NotThisOrganisation<T>(string tenantId)
        => DeliveryKey.Tenant(tenantId) is { Length: > 0 } asked && asked == DeliveryKey.Tenant(options.TenantId)
            ? null
            : DirectoryAnswer.NotFound<T>("The directory the bot is configured with is another organisation's.");

    public async Task<DirectoryAnswer<Person>> FindAsync(string tenantId, string emailOrUpn, CancellationToken ct)
    {
        if (NotThisOrganisation<Person>(tenantId) is { } refused) return refused;
        var now = clock.GetUtcNow();
        if (_people.TryGetValue(emailOrUpn, out var cached) && now - cached.At < options.CacheFor) return cached.Answer;
        var answer = await CallAsync(() => LookUpAsync(emailOrUpn, ct), "User.Read.All");
        // Never cache "could not say".
        if (answer.Outcome != DirectoryOutcome.Unavailable) Remember(emailOrUpn, now, answer);
        return answer;
    }

    public async Task<DirectoryAnswer<IReadOnlyList<Person>>> SearchAsync(
        string tenantId, string prefix, int top, CancellationToken ct)
    {
        if (NotThisOrganisation<IReadOnlyList<Person>>(tenantId) is { } refused) return refused;
        var quoted = prefix.Replace("'", "''", StringComparison.Ordinal);
        return await CallAsync(async () =>
        {
            var found = await graph.Users.GetAsync(r =>
            {
                r.QueryParameters.Filter = $"startswith(displayName,'{quoted}') or startswith(givenName,'{quoted}') "
                    + $"or startswith(surname,'{quoted}') or startswith(mail,'{quoted}') "
                    + $"or startswith(userPrincipalName,'{quoted}')";
                r.QueryParameters.Select = ["id", "displayName", "mail", "userPrincipalName"];
                r.QueryParameters.Top = top;
            }, ct);
            IReadOnlyList<Person> people = [.. (found?.Value ?? [])
                .Where(u => u.Id is not null)
                .Select(u => new Person(
                    u.Id, u.Mail ?? u.UserPrincipalName, u.DisplayName ?? u.Mail ?? u.UserPrincipalName ?? u.Id!))];
            return DirectoryAnswer.Found(people);
        }, "User.Read.All");
    }

    private void Remember(string emailOrUpn, DateTimeOffset now, DirectoryAnswer<Person> answer)
    {
        _people[emailOrUpn] = (now, answer);
        if (_people.Count <= options.CacheSize) return;
        foreach (var (address, kept) in _people)
            if (now - kept.At >= options.CacheFor)
                _people.TryRemove(new KeyValuePair<string, (DateTimeOffset, DirectoryAnswer<Person>)>(address, kept));
        // All fresh: start again (the cost is one more lookup each).
        if (_people.Count > options.CacheSize) _people.Clear();
    }

    private async Task<DirectoryAnswer<Person>> LookUpAsync(string emailOrUpn, CancellationToken ct)
    {
        string[] select = ["id", "displayName", "mail", "userPrincipalName"];
        User? user;
        try
        {
            user = await graph.Users[emailOrUpn].GetAsync(r => r.QueryParameters.Select = select, ct);
        }
        catch (ODataError e) when (e.ResponseStatusCode == 404)
        {
            // Not a UPN: an email address can differ from it.
            var found = await graph.Users.GetAsync(r =>
            {
                r.QueryParameters.Filter = $"mail eq '{emailOrUpn.Replace("'", "''", StringComparison.Ordinal)}'";
                r.QueryParameters.Select = select;
            }, ct);
            user = found?.Value?.FirstOrDefault();
        }
        if (user?.Id is not { } id)
            return DirectoryAnswer.NotFound<Person>($"No one in the directory has the address {emailOrUpn}.");
        return DirectoryAnswer.Found<Person>(new Person(
            ObjectId: id,
            Email: user.Mail ?? user.UserPrincipalName ?? emailOrUpn,
            DisplayName: user.DisplayName ?? emailOrUpn,
            TimeZoneId: await TimeZoneAsync(id, ct)));
    }

    /// <summary>
    /// The person's time zone from their mailbox settings, as an IANA id; null where it cannot be read (no permission,
    /// no mailbox).
    /// </summary>
    private async Task<string?> TimeZoneAsync(string id, CancellationToken ct)
    {
        try
        {
            var zone = (await graph.Users[id].MailboxSettings.GetAsync(cancellationToken: ct))?.TimeZone;
            if (string.IsNullOrWhiteSpace(zone)) return null;
            if (TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var found) && found.HasIanaId) return found.Id;
            return TimeZoneInfo.TryConvertWindowsIdToIanaId(zone, out var iana) ? iana : null;
        }
        catch (ODataError e) when (e.ResponseStatusCode is 403 or 404)
        {
            // MailboxSettings.Read not granted, or no Exchange mailbox: the delivery's zone applies.
            ZoneUnreadable(id, e.ResponseStatusCode);
            return null;
        }
    }

    public Task<DirectoryAnswer<Away>> AwayAsync(
        string tenantId, string objectId, DateTimeOffset now, CancellationToken ct)
        => NotThisOrganisation<Away>(tenantId) is { } refused ? Task.FromResult(refused) : CallAsync(async () =>
        {
            var settings = await graph.Users[objectId].MailboxSettings.GetAsync(cancellationToken: ct);
            var replies = settings?.AutomaticRepliesSetting;
            return replies?.Status switch
            {
                AutomaticRepliesStatus.AlwaysEnabled => DirectoryAnswer.Found<Away>(new Away(true, null)),
                AutomaticRepliesStatus.Scheduled
                    when Instant(replies.ScheduledStartDateTime) is var start
                        && Instant(replies.ScheduledEndDateTime) is var end
                        && (start is null || start <= now)
                        && (end is null || now < end)
                    => DirectoryAnswer.Found<Away>(new Away(true, end)),
                _ => DirectoryAnswer.Found<Away>(new Away(false, null)),
            };
        }, "MailboxSettings.Read");

    public Task<DirectoryAnswer<string>> InstallForAsync(string tenantId, string objectId, CancellationToken ct)
    {
        if (NotThisOrganisation<string>(tenantId) is { } refused) return Task.FromResult(refused);
        if (string.IsNullOrWhiteSpace(options.TeamsAppCatalogId))
            return Task.FromResult(DirectoryAnswer.Unavailable<string>(
                "Graph:TeamsAppCatalogId is not set, so the bot cannot install itself for people it has not met."));
        return CallAsync(async () =>
        {
            var app = options.TeamsAppCatalogId!;
            try
            {
                await graph.Users[objectId].Teamwork.InstalledApps.PostAsync(new UserScopeTeamsAppInstallation
                {
                    AdditionalData = new Dictionary<string, object>
                    {
                        ["teamsApp@odata.bind"] = $"{options.BaseUrl.TrimEnd('/')}/appCatalogs/teamsApps/{app}",
                    },
                }, cancellationToken: ct);
            }
            catch (ODataError e) when (e.ResponseStatusCode == 409) { } // already installed: carry on to the chat
            var installed = await graph.Users[objectId].Teamwork.InstalledApps.GetAsync(r =>
            {
                r.QueryParameters.Expand = ["teamsApp"];
                r.QueryParameters.Filter = $"teamsApp/id eq '{app.Replace("'", "''", StringComparison.Ordinal)}'";
            }, ct);
            if (installed?.Value?.FirstOrDefault()?.Id is not { } installation)
                return DirectoryAnswer.NotFound<string>(
                    "The app was installed but Teams does not list it yet; the next reminder will try again.");
            var chat = await graph.Users[objectId].Teamwork.InstalledApps[installation].Chat
                .GetAsync(cancellationToken: ct);
            return chat?.Id is { } id
                ? DirectoryAnswer.Found<string>(id)
                : DirectoryAnswer.NotFound<string>("Teams returned no chat for the installed app.");
        }, "TeamsAppInstallation.ReadWriteSelfForUser.All");
    }

    /// <summary>Runs a Graph call and turns its failures into plain answers that name what to do.</summary>
    private async Task<DirectoryAnswer<T>> CallAsync<T>(Func<Task<DirectoryAnswer<T>>> call, string permission)
    {
        try
        {
            return await call();
        }
        catch (ODataError e) when (e.ResponseStatusCode == 404)
        {
            return DirectoryAnswer.NotFound<T>($"Microsoft Graph does not know this person ({Code(e)}).");
        }
        catch (ODataError e) when (e.ResponseStatusCode is 401 or 403)
        {
            return DirectoryAnswer.Unavailable<T>(
                $"Microsoft Graph refused ({e.ResponseStatusCode} {Code(e)}): the bot's app registration needs the "
                + $"{permission} application permission, granted by an admin of the tenant.");
        }
        catch (ODataError e) when (e.ResponseStatusCode == 429)
        {
            return DirectoryAnswer.Unavailable<T>(
                "Microsoft Graph is throttling the bot and kept refusing after waiting as asked; "
                + "the next attempt will try again.");
        }
        catch (Exception e) when (e is ODataError or HttpRequestException or TaskCanceledException
            or Microsoft.Identity.Client.MsalException)
        {
            GraphFailed(e);
            return DirectoryAnswer.Unavailable<T>($"Microsoft Graph could not be used: {e.Message}");
        }
    }

    private static string Code(ODataError e) => e.Error?.Code ?? "no code";

    private static DateTimeOffset? Instant(DateTimeTimeZone? value)
    {
        if (value?.DateTime is not { } text
            || !DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return null;
        var zone = value.TimeZone is { } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found)
            ? found
            : TimeZoneInfo.Utc;
        return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone.GetUtcOffset(local));
    }

    [LoggerMessage(EventId = 4000, Level = LogLevel.Information,
        Message = "The time zone of {User} could not be read from Graph ({Status}); the delivery's applies")]
    private partial void ZoneUnreadable(string user, int status);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "A Microsoft Graph call failed")]
    private partial void GraphFailed(Exception e);
}
