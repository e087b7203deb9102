using System.Globalization;
using System.Threading.RateLimiting;

namespace DeliveryBot.Limits;

/// <summary>
/// How often the web pages answer one caller (ASP.NET Core's rate limiter): the tab's API per signed-in person, the
/// client's sign-off page per address. Past it: 429 with Retry-After, and nothing read or changed. Teams' own traffic
/// (/api/messages) is paced by the channel, and a person's commands counted there (CommandAllowance), not here.
/// </summary>
public static class PageLimits
{
    public const string Tab = "tab-reader";
    public const string SignOff = "signoff-client";

    public static IServiceCollection AddPageLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(PageLimitOptions.Section).Get<PageLimitOptions>() ?? new();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait))
                    context.HttpContext.Response.Headers.RetryAfter =
                        ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
            // one window per person (organisation and object id): a reader's refreshes hold up nobody else
            limiter.AddPolicy(Tab, http => RateLimitPartition.GetFixedWindowLimiter(
                $"{http.User.FindFirst("tid")?.Value}/{http.User.FindFirst("oid")?.Value}",
                _ => Window(options.TabPerMinute, options.Window)));
            limiter.AddPolicy(SignOff, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => Window(options.SignOffPerMinute, options.Window)));
        });
        return services;
    }

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) => new()
    {
        PermitLimit = permits,
        Window = window,
        QueueLimit = 0,
    };
}

/// <summary>"Limits" section: requests a minute to the web pages, per caller.</summary>
public sealed class PageLimitOptions
{
    public const string Section = "Limits";

    /// <summary>The window the counts below are for: a minute (longer in tests, so none straddles two).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The tab's API calls per signed-in person a minute: a page shows with one or two.</summary>
    public int TabPerMinute { get; set; } = 120;

    /// <summary>Sign-off page requests per address a minute: a client opens it and answers once.</summary>
    public int SignOffPerMinute { get; set; } = 30;
}
