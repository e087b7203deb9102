using DeliveryBot.Application.Directory;
using DeliveryBot.Graph;
using DeliveryBot.Teams.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Kiota.Abstractions.Authentication;

namespace DeliveryBot.Teams.Tests.Graph;

/// <summary>
/// The directory on a fake Microsoft Graph served on loopback, through the real Graph SDK and its middleware: lookups
/// by UPN and by mail with the time zone, an unknown person, a 429 waited out, the install flow with and without a 409,
/// a 403 answered with the permission it needs, and no Graph configured at all.
/// </summary>
public sealed class GraphDirectoryTests : IAsyncLifetime
{
    private FakeGraph _graph = null!;
    private IPeopleDirectory _directory = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _graph = await FakeGraph.StartAsync();
        _graph.Users.Add(new(
            Id: "oid-pablo",
            DisplayName: "Pablo Ruiz",
            Mail: "pablo@contoso.test",
            Upn: "pablo.ruiz@contoso.test",
            TimeZone: "Pacific Standard Time"));
        _graph.Users.Add(new(
            Id: "oid-quinn",
            DisplayName: "Quinn Lee",
            Mail: "quinn@contoso.test",
            Upn: "quinn@contoso.test",
            TimeZone: "Europe/Berlin",
            AutomaticReplies: new
            {
                status = "scheduled",
                scheduledStartDateTime = new { dateTime = "2026-03-02T00:00:00", timeZone = "UTC" },
                scheduledEndDateTime = new { dateTime = "2026-03-09T09:00:00", timeZone = "UTC" }
            }));
        _services = Services(configured: true);
        _directory = _services.GetRequiredService<IPeopleDirectory>();
    }

    private ServiceProvider Services(bool configured, string? cacheSize = null)
    {
        var settings = configured ? _graph.Settings : [];
        if (cacheSize is not null) settings["Graph:CacheSize"] = cacheSize;
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System);
        Application.DependencyInjection.AddDeliveryApplication(services);
        services.AddDeliveryGraph(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        // MSAL would go to login.microsoftonline.com
        services.AddSingleton<IAccessTokenProvider>(new FakeGraph.StaticToken());
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task A_person_is_found_by_upn_or_by_mail_with_their_time_zone_as_iana_and_the_answer_is_cached()
    {
        var byUpn = await _directory.FindAsync(Activities.Tenant, "pablo.ruiz@contoso.test", CancellationToken.None);
        var byMail = await _directory.FindAsync(Activities.Tenant, "pablo@contoso.test", CancellationToken.None);

        Assert.Equal(DirectoryOutcome.Found, byUpn.Outcome);
        Assert.Equal(("oid-pablo", "Pablo Ruiz", "pablo@contoso.test", "America/Los_Angeles"),
            (byUpn.Value!.ObjectId, byUpn.Value.DisplayName, byUpn.Value.Email, byUpn.Value.TimeZoneId));
        Assert.Equal(byUpn.Value, byMail.Value);
        var calls = _graph.Calls.Count;
        await _directory.FindAsync(Activities.Tenant, "PABLO@contoso.test", CancellationToken.None);
        Assert.Equal(calls, _graph.Calls.Count); // cached, case-insensitively
    }

    [Fact]
    public async Task An_unknown_person_is_not_found_and_says_so()
    {
        var answer = await _directory.FindAsync(Activities.Tenant, "nobody@contoso.test", CancellationToken.None);

        Assert.Equal(
            (DirectoryOutcome.NotFound, "No one in the directory has the address nobody@contoso.test."),
            (answer.Outcome, answer.Reason));
    }

    [Fact]
    public async Task A_429_is_waited_out_as_retry_after_asks_and_the_lookup_succeeds()
    {
        _graph.Script(429, retryAfter: "1", body: """{"error":{"code":"TooManyRequests","message":"throttled"}}""");

        var answer = await _directory.FindAsync(Activities.Tenant, "quinn@contoso.test", CancellationToken.None);

        Assert.Equal(DirectoryOutcome.Found, answer.Outcome);
        var lookups = _graph.Calls
            .Where(c => c.Path.StartsWith("/users/quinn@contoso.test", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(2, lookups.Count);
        Assert.True(
            lookups[1].At - lookups[0].At >= TimeSpan.FromSeconds(0.9),
            $"retried after {lookups[1].At - lookups[0].At}");
    }

    [Fact]
    public async Task A_403_says_which_permission_the_app_needs_and_is_not_cached()
    {
        _graph.Script(
            403,
            body: """{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges """
                + """to complete the operation."}}""");

        var refused = await _directory.FindAsync(Activities.Tenant, "quinn@contoso.test", CancellationToken.None);

        Assert.Equal(DirectoryOutcome.Unavailable, refused.Outcome);
        Assert.Equal(
            "Microsoft Graph refused (403 Authorization_RequestDenied): the bot's app registration needs "
                + "the User.Read.All application permission, granted by an admin of the tenant.",
            refused.Reason);
        Assert.Equal(
            DirectoryOutcome.Found,
            (await _directory.FindAsync(Activities.Tenant, "quinn@contoso.test", CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task The_app_is_installed_for_a_person_and_their_chat_with_the_bot_returned()
    {
        var answer = await _directory.InstallForAsync(Activities.Tenant, "oid-pablo", CancellationToken.None);

        Assert.Equal((DirectoryOutcome.Found, "19:oid-pablo_bot@unq.gbl.spaces"), (answer.Outcome, answer.Value));
        Assert.True(_graph.IsInstalledFor("oid-pablo"));
    }

    [Fact]
    public async Task An_app_already_installed_answers_409_and_the_chat_is_still_returned()
    {
        _graph.AlreadyInstalledFor("oid-quinn");

        var answer = await _directory.InstallForAsync(Activities.Tenant, "oid-quinn", CancellationToken.None);

        Assert.Equal((DirectoryOutcome.Found, "19:oid-quinn_bot@unq.gbl.spaces"), (answer.Outcome, answer.Value));
        Assert.Contains(_graph.Calls, c => c.Method == "POST" && c.Path == "/users/oid-quinn/teamwork/installedApps");
    }

    [Fact]
    public async Task An_install_refused_says_which_permission_is_missing()
    {
        _graph.Script(
            403,
            body: """{"error":{"code":"Forbidden","message":"Missing role permissions on the request."}}""");

        var answer = await _directory.InstallForAsync(Activities.Tenant, "oid-pablo", CancellationToken.None);

        Assert.Equal(DirectoryOutcome.Unavailable, answer.Outcome);
        Assert.Contains(
            "needs the TeamsAppInstallation.ReadWriteSelfForUser.All application permission",
            answer.Reason,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Automatic_replies_on_now_mean_away_until_their_end()
    {
        var away = await _directory.AwayAsync(
            Activities.Tenant,
            "oid-quinn",
            new DateTimeOffset(2026, 3, 4, 12, 0, 0, TimeSpan.Zero),
            CancellationToken.None);
        var back = await _directory.AwayAsync(
            Activities.Tenant,
            "oid-quinn",
            new DateTimeOffset(2026, 3, 9, 9, 0, 0, TimeSpan.Zero),
            CancellationToken.None);
        var never = await _directory.AwayAsync(
            Activities.Tenant,
            "oid-pablo",
            new DateTimeOffset(2026, 3, 4, 12, 0, 0, TimeSpan.Zero),
            CancellationToken.None);

        Assert.Equal(
            new Away(IsAway: true, Until: new DateTimeOffset(2026, 3, 9, 9, 0, 0, TimeSpan.Zero)),
            away.Value);
        Assert.False(back.Value!.IsAway);
        Assert.False(never.Value!.IsAway);
    }

    [Fact]
    public async Task Without_graph_configured_every_answer_says_what_to_configure()
    {
        await using var services = Services(configured: false);
        var directory = services.GetRequiredService<IPeopleDirectory>();

        var answer = await directory.FindAsync(Activities.Tenant, "pablo@contoso.test", CancellationToken.None);

        Assert.Equal((DirectoryOutcome.Unavailable, NoDirectory.Reason), (answer.Outcome, answer.Reason));
        Assert.Empty(_graph.Calls);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _graph.DisposeAsync();
    }

    [Fact]
    public async Task Another_organisation_s_lookups_are_not_answered_from_this_directory()
    {
        var find = await _directory.FindAsync("tenant-fabrikam", "pablo@contoso.test", CancellationToken.None);
        var away = await _directory.AwayAsync(
            "tenant-fabrikam",
            "oid-quinn",
            new DateTimeOffset(2026, 3, 4, 12, 0, 0, TimeSpan.Zero),
            CancellationToken.None);
        var install = await _directory.InstallForAsync("", "oid-pablo", CancellationToken.None);

        Assert.Equal(
            (DirectoryOutcome.NotFound, DirectoryOutcome.NotFound, DirectoryOutcome.NotFound),
            (find.Outcome, away.Outcome, install.Outcome));
        Assert.Null(find.Value);
        Assert.Empty(_graph.Calls); // Graph was not even asked
        Assert.Equal(
            DirectoryOutcome.Found,
            (await _directory.FindAsync("TENANT-CONTOSO", "pablo@contoso.test", CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task The_answers_kept_are_bounded()
    {
        await using var services = Services(configured: true, cacheSize: "2");
        var directory = services.GetRequiredService<IPeopleDirectory>();
        int Lookups() => _graph.Calls.Count(c => c.Path.Contains("pablo", StringComparison.OrdinalIgnoreCase));

        await directory.FindAsync(Activities.Tenant, "pablo@contoso.test", CancellationToken.None);
        await directory.FindAsync(Activities.Tenant, "pablo@contoso.test", CancellationToken.None);
        var once = Lookups();
        await directory.FindAsync(Activities.Tenant, "nobody-1@contoso.test", CancellationToken.None);
        // a third address: more than two kept
        await directory.FindAsync(Activities.Tenant, "nobody-2@contoso.test", CancellationToken.None);
        await directory.FindAsync(Activities.Tenant, "pablo@contoso.test", CancellationToken.None);

        Assert.True(once > 0);
        Assert.True(Lookups() > once, "Pablo's answer was still kept with three addresses cached and room for two");
    }

    [Fact]
    public async Task The_people_search_finds_by_name_surname_or_address_prefix_bounded_and_quoted()
    {
        _graph.Users.Add(new(Id: "oid-niamh", DisplayName: "Niamh O'Brien", Mail: "niamh@contoso.test",
            Upn: "niamh@contoso.test"));
        _graph.Users.Add(new(Id: "oid-pam", DisplayName: "Pam Beesly", Mail: "pam@contoso.test",
            Upn: "pam@contoso.test"));

        var byName = await _directory.SearchAsync(Activities.Tenant, "pab", 5, CancellationToken.None);
        var bySurname = await _directory.SearchAsync(Activities.Tenant, "O'Br", 5, CancellationToken.None);
        var byMail = await _directory.SearchAsync(Activities.Tenant, "quinn@", 5, CancellationToken.None);
        var bounded = await _directory.SearchAsync(Activities.Tenant, "pa", 1, CancellationToken.None);
        var nobody = await _directory.SearchAsync(Activities.Tenant, "zed", 5, CancellationToken.None);

        Assert.Equal(DirectoryOutcome.Found, byName.Outcome);
        var pablo = Assert.Single(byName.Value!);
        Assert.Equal(
            ("oid-pablo", "Pablo Ruiz", "pablo@contoso.test"), (pablo.ObjectId, pablo.DisplayName, pablo.Email));
        Assert.Equal("oid-niamh", Assert.Single(bySurname.Value!).ObjectId);
        Assert.Equal("oid-quinn", Assert.Single(byMail.Value!).ObjectId);
        Assert.Single(bounded.Value!); // Pablo and Pam start with "pa": $top says one
        Assert.Empty(nobody.Value!);
        // the apostrophe reached Graph doubled, as OData quotes it, so it cannot end the filter's string early
        Assert.Contains(_graph.Calls, c => c.Path.Contains("startswith(surname,'O''Br')", StringComparison.Ordinal));
        Assert.Contains(_graph.Calls, c => c.Path.Contains("$top=1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_people_search_of_another_organisation_finds_nobody_and_asks_graph_nothing()
    {
        var answer = await _directory.SearchAsync("tenant-fabrikam", "pab", 5, CancellationToken.None);

        Assert.NotEqual(DirectoryOutcome.Found, answer.Outcome);
        Assert.Empty(_graph.Calls);
    }

    [Fact]
    public void Half_a_graph_configuration_is_refused_naming_what_is_missing()
    {
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System);
        Application.DependencyInjection.AddDeliveryApplication(services);
        services.AddDeliveryGraph(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Graph:TenantId"] = "tenant-contoso" })
            .Build());
        using var provider = services.BuildServiceProvider();

        var refused = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => provider
                .GetRequiredService<Microsoft.Extensions.Options.IOptions<DeliveryBot.Graph.GraphOptions>>()
                .Value);

        Assert.Contains("Graph:ClientId, Graph:ClientSecret are not set", refused.Message);
        Assert.IsType<NoDirectory>(provider.GetRequiredService<IPeopleDirectory>());
    }
}
