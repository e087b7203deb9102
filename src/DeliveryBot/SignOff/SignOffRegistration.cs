using DeliveryBot.Application.SignOff;

namespace DeliveryBot.SignOff;

/// <summary>
/// The client's sign-off page: its settings (validated at start), its keys (in Development one kept in the data
/// folder when none is set) and its endpoints.
/// </summary>
public static class SignOffRegistration
{
    private static readonly string[] Forms = ["SignOff:Keys:<id>=<base64 secret>", "SignOff:PublicBaseUrl"];

    public static IServiceCollection AddClientSignOff(
        this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<SignOffOptions>().BindConfiguration(SignOffOptions.Section)
            .Validate(o => o.Keys.All(k => SignOffKeys.IsKeyId(k.Key) && SecretOf(k.Value) is not null),
                $"Every SignOff:Keys entry must be a key id (letters, digits, - and _, up to 32) with a base64 secret "
                + $"of {SignOffKeys.MinimumBytes} bytes or more (e.g. `openssl rand -base64 32`).")
            .Validate(o => o.SigningKey is null ? o.Keys.Count <= 1 : o.Keys.ContainsKey(o.SigningKey),
                "SignOff:SigningKey must name one of SignOff:Keys; with several keys it is required.")
            .Validate(o => o.ValidFor > TimeSpan.Zero && o.ValidFor <= Domain.Commands.IssueSignOffLink.LongestValidity,
                "SignOff:ValidFor must be positive and at most 90 days.")
            .Validate(o => o.PublicBaseUrl is null || PublicAddress(o.PublicBaseUrl) is not null,
                "SignOff:PublicBaseUrl must be an absolute https URL (http only on the loopback address).")
            .Validate(o => environment.IsDevelopment() || o.Keys.Count == 0 || o.PublicBaseUrl is not null,
                $"Sign-off links need {string.Join(" and ", Forms)} outside Development.")
            .ValidateOnStart();
        services.AddSingleton(sp => Setup(
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SignOffOptions>>().Value, environment));
        services.AddSingleton<SignOffEndpoints>();
        return services;
    }

    public static IEndpointRouteBuilder MapClientSignOff(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(SignOffEndpoints.StylePath, SignOffEndpoints.Style);
        endpoints.MapGet(SignOffEndpoints.IconPath, SignOffEndpoints.IconFile);
        endpoints.MapGet("/signoff/{token}",
            (HttpContext http, string token, SignOffEndpoints page, CancellationToken ct)
                => page.ShowAsync(http, token, ct)).RequireRateLimiting(Limits.PageLimits.SignOff);
        endpoints.MapPost("/signoff/{token}",
            (HttpContext http, string token, SignOffEndpoints page, CancellationToken ct)
                => page.AnswerAsync(http, token, ct)).RequireRateLimiting(Limits.PageLimits.SignOff);
        return endpoints;
    }

    private static SignOffSetup Setup(SignOffOptions options, IHostEnvironment environment)
    {
        var development = environment.IsDevelopment();
        var address = options.PublicBaseUrl is { } url ? PublicAddress(url)
            : development ? new Uri("http://127.0.0.1:3978/") : null;
        if (address is null || (options.Keys.Count == 0 && !development)) return SignOffSetup.Off;
        return new SignOffSetup(new Lazy<SignOffTokens>(() => new SignOffTokens(Keys(options, environment))),
            address, options.ValidFor);
    }

    private static SignOffKeys Keys(SignOffOptions options, IHostEnvironment environment)
    {
        var secrets = options.Keys.ToDictionary(k => k.Key, k => SecretOf(k.Value)!);
        if (secrets.Count > 0) return new SignOffKeys(secrets, options.SigningKey ?? secrets.Keys.Single());
        var (id, secret) = DevelopmentSignOffKey.LoadOrCreate(environment.ContentRootPath);
        return new SignOffKeys(new Dictionary<string, byte[]> { [id] = secret }, id);
    }

    private static byte[]? SecretOf(string base64)
    {
        try
        {
            var secret = Convert.FromBase64String(base64.Trim());
            return secret.Length >= SignOffKeys.MinimumBytes ? secret : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The address with a trailing slash, so the link's path goes under it.</summary>
    private static Uri? PublicAddress(string url)
        => Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
                ? uri
                : null;
}
