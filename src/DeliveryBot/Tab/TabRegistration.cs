namespace DeliveryBot.Tab;

/// <summary>
/// The tab in Teams (/tab): its page, its bundle and its API, and how its reader signs in (<see cref="TabSignIn"/>).
/// </summary>
public static class TabRegistration
{
    public static IServiceCollection AddDeliveryTab(
        this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<TabOptions>().BindConfiguration(TabOptions.Section);
        var options = configuration.GetSection(TabOptions.Section).Get<TabOptions>() ?? new TabOptions();
        options.ClientId ??= configuration["MicrosoftAppId"] is { Length: > 0 } appId
            ? appId
            : null;
        var mode = TabSignIn.ModeOf(options, environment);
        TabSignIn.Add(services, options, mode, TabSignIn.AllowedTenants(configuration));
        services.AddSingleton(new TabMode(mode));
        services.AddSingleton<TabAssets>();
        services.AddSingleton<TabApi>();
        return services;
    }

    public static IEndpointRouteBuilder MapDeliveryTab(this IEndpointRouteBuilder endpoints)
    {
        var mode = endpoints.ServiceProvider.GetRequiredService<TabMode>().SignIn;
        var tab = endpoints.MapGroup("/tab");
        tab.MapGet("", (HttpContext http, TabAssets assets) => Page(http, "content", mode, assets));
        tab.MapGet("/config", (HttpContext http, TabAssets assets) => Page(http, "config", mode, assets));
        tab.MapGet("/icon.svg", TabAssets.IconFile);
        // the bundle's files by name; any other name is 404
        tab.MapGet("/{file}", (HttpContext http, string file, TabAssets assets) => assets.File(http, file));

        var api = tab.MapGroup("/api");
        api.AddEndpointFilter(async (context, next) =>
        {
            context.HttpContext.Response.Headers.CacheControl = "no-store";
            return await next(context);
        });
        if (mode == TabSignInMode.Off)
        {
            api.MapGet("/{**rest}", () => Results.Json(
                new TabJson.Problem("The tab's sign-in is not set up: set Tab:ClientId (or Bot:MicrosoftAppId) and "
                    + "Tab:HostName."),
                TabJsonContext.Default.Problem, statusCode: StatusCodes.Status503ServiceUnavailable));
            return endpoints;
        }
        var read = api.MapGroup("")
            .RequireAuthorization(TabSignIn.Policy)
            .RequireRateLimiting(Limits.PageLimits.Tab);
        read.MapGet("/portfolio", (HttpContext http, TabApi tabApi, CancellationToken ct)
            => Reader(http) is { } reader ? tabApi.PortfolioAsync(reader, ct) : Unknown());
        read.MapGet("/deliveries/{id}/timeline", (HttpContext http, string id, TabApi tabApi, CancellationToken ct)
            => Reader(http) is { } reader ? tabApi.TimelineAsync(reader, id, ct) : Unknown());
        read.MapGet("/metrics", (HttpContext http, string? zone, TabApi tabApi, CancellationToken ct)
            => Reader(http) is { } reader ? tabApi.MetricsAsync(reader, zone, ct) : Unknown());
        if (mode == TabSignInMode.Development) DevelopmentPicker.Map(api);
        return endpoints;
    }

    private static IResult Page(HttpContext http, string page, TabSignInMode mode, TabAssets assets)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = TabPage.ContentSecurityPolicy;
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        return Results.Content(TabPage.Html(page, mode, assets.Version), "text/html; charset=utf-8");
    }

    private static TabReader? Reader(HttpContext http) => TabReader.From(http.User);

    private static Task<IResult> Unknown() => Task.FromResult(Results.Unauthorized());
}

/// <summary>How this process signs the tab's reader in, decided once at start.</summary>
internal sealed record TabMode(TabSignInMode SignIn);
