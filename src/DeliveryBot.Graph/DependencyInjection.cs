using DeliveryBot.Application.Directory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;

namespace DeliveryBot.Graph;

public static class DependencyInjection
{
    /// <summary>
    /// The people directory on Microsoft Graph when <c>Graph:TenantId</c>, <c>Graph:ClientId</c> and
    /// <c>Graph:ClientSecret</c> are set; otherwise nothing is registered and the application's
    /// <see cref="NoDirectory"/> answers, saying what to configure. Client messages by email go through the same
    /// registration (Mail.Send).
    /// </summary>
    public static IServiceCollection AddDeliveryGraph(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(GraphOptions.Section).Get<GraphOptions>() ?? new GraphOptions();
        // Half a configuration is a mistake, not a choice: refuse to start and name what is missing, instead of quietly
        // running without the directory.
        var missing = new[]
            {
                ("TenantId", options.TenantId), ("ClientId", options.ClientId), ("ClientSecret", options.ClientSecret),
            }
            .Where(s => string.IsNullOrWhiteSpace(s.Item2))
            .Select(s => $"{GraphOptions.Section}:{s.Item1}")
            .ToList();
        services.AddOptions<GraphOptions>().Bind(configuration.GetSection(GraphOptions.Section))
            .Validate(_ => missing.Count is 0 or 3,
                $"Microsoft Graph is half configured: {string.Join(", ", missing)} "
                + $"{(missing.Count == 1 ? "is" : "are")} not set. Set all three of Graph:TenantId, Graph:ClientId and "
                + "Graph:ClientSecret to use the directory, or none to run without it.")
            .Validate(o => Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps
                    || o.BaseUrl.StartsWith("http://127.0.0.1", StringComparison.Ordinal),
                "Graph:BaseUrl must be an absolute https URL.")
            .Validate(o => o.CacheFor > TimeSpan.Zero && o.CacheSize > 0,
                "Graph:CacheFor and Graph:CacheSize must be positive.")
            .Validate(o => string.IsNullOrWhiteSpace(o.SharedMailbox) || o.SharedMailbox.Trim().Contains('@'),
                "Graph:SharedMailbox must be a mailbox's address (e.g. deliveries@contoso.com).")
            .ValidateOnStart();
        if (!options.IsConfigured) return services;
        services.AddSingleton(options);
        services.AddSingleton<IAccessTokenProvider>(new GraphTokenProvider(options));
        services.AddSingleton(sp =>
        {
            // The SDK's default handlers: retry on 429/503/504 honouring Retry-After, redirects, compression; then,
            // nearest the wire, the counter that sees each attempt (a retried 429 included).
            var handlers = GraphClientFactory.CreateDefaultHandlers();
            handlers.Add(new GraphCallCounter());
            var http = GraphClientFactory.Create(handlers);
            var tokens = new BaseBearerTokenAuthenticationProvider(sp.GetRequiredService<IAccessTokenProvider>());
            return new GraphServiceClient(http, tokens, options.BaseUrl);
        });
        services.AddSingleton<IPeopleDirectory>(sp => new GraphDirectory(
            sp.GetRequiredService<GraphServiceClient>(),
            options,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<GraphDirectory>>()));
        services.AddSingleton<Application.Messages.IClientMail>(sp => new GraphClientMail(
            sp.GetRequiredService<GraphServiceClient>(), options, sp.GetRequiredService<ILogger<GraphClientMail>>()));
        return services;
    }
}
