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
    /// The people directory on Microsoft Graph when <c>Graph:TenantId</c>, <c>Graph:ClientId</c> and <c>Graph:ClientSecret</c>
    /// are set; otherwise nothing is registered and the application's <see cref="NoDirectory"/> answers, saying what to configure.
    /// </summary>
    public static IServiceCollection AddDeliveryGraph(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(GraphOptions.Section).Get<GraphOptions>() ?? new GraphOptions();
        if (!options.IsConfigured) return services;
        services.AddSingleton(options);
        services.AddSingleton<IAccessTokenProvider>(new GraphTokenProvider(options));
        services.AddSingleton(sp =>
        {
            // The SDK's default handlers: retry on 429/503/504 honouring Retry-After, redirects, compression.
            var http = GraphClientFactory.Create();
            return new GraphServiceClient(http, new BaseBearerTokenAuthenticationProvider(sp.GetRequiredService<IAccessTokenProvider>()), options.BaseUrl);
        });
        services.AddSingleton<IPeopleDirectory>(sp => new GraphDirectory(
            sp.GetRequiredService<GraphServiceClient>(), options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<GraphDirectory>>()));
        return services;
    }
}
