namespace DeliveryBot.Teams;

/// <summary>
/// The bot's Azure registration, under the configuration keys Microsoft's bot samples use (root level).
/// </summary>
public sealed class BotCredentials
{
    public string? MicrosoftAppId { get; set; }
    public string? MicrosoftAppPassword { get; set; }
    public string? MicrosoftAppTenantId { get; set; }

    /// <summary>MultiTenant (default) or SingleTenant. (UserAssignedMSI is not supported yet.)</summary>
    public string MicrosoftAppType { get; set; } = "MultiTenant";

    public bool HasAppId => !string.IsNullOrWhiteSpace(MicrosoftAppId);
    public bool IsSingleTenant => string.Equals(MicrosoftAppType, "SingleTenant", StringComparison.OrdinalIgnoreCase);
}

/// <summary>"Bot" section: how the channel is protected and paced.</summary>
public sealed class BotOptions
{
    public const string Section = "Bot";
    public const string BotFrameworkMetadata = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>The OpenID metadata that lists the Bot Connector's signing keys (overridable for tests).</summary>
    public string OpenIdMetadataUrl { get; set; } = BotFrameworkMetadata;

    /// <summary>Entra tenants whose activities are served; empty serves every tenant.</summary>
    public List<string> AllowedTenants { get; set; } = [];

    /// <summary>Largest activity accepted on /api/messages.</summary>
    public int MaxActivityBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// Sends per second per tenant: Teams' per-app limit to plan for. The limiter counts a send from the moment it
    /// starts until its answer arrives, so Teams never sees more than this in any second and the bot never causes a
    /// 429.
    /// </summary>
    public int TenantSendsPerSecond { get; set; } = 30;

    /// <summary>Retries of a failed Bot Connector call (429, 412, 502, 503, 504, timeouts) before giving up.</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>Base delay of the exponential backoff between retries.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Time allowed for one Bot Connector call.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Cards a day to someone who has never written to the bot; the rest wait (see FirstContactAllowance).
    /// </summary>
    public int FirstContactCardsPerDay { get; set; } = 10;

    /// <summary>
    /// Commands one person may type in <see cref="CommandWindow"/>, in any chat; past it they are told once and the
    /// rest are not run (see CommandAllowance). Their answers share a chat's Teams limits with everyone else in it.
    /// </summary>
    public int CommandsPerPerson { get; set; } = 6;

    /// <summary>The sliding window <see cref="CommandsPerPerson"/> counts over.</summary>
    public TimeSpan CommandWindow { get; set; } = TimeSpan.FromSeconds(10);
}
