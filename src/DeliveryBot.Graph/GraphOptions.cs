namespace DeliveryBot.Graph;

/// <summary>
/// "Graph" section. The app registration may be the bot's own (its App ID and secret) or a separate one; it needs the
/// application permissions the README lists, granted by an admin of the tenant.
/// </summary>
public sealed class GraphOptions
{
    public const string Section = "Graph";

    public string? TenantId { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }

    /// <summary>Graph's address (overridable for tests and national clouds).</summary>
    public string BaseUrl { get; set; } = "https://graph.microsoft.com/v1.0";

    /// <summary>
    /// The bot's app in the organisation's Teams app catalog (its catalog id, not the manifest id), for installing it
    /// for people.
    /// </summary>
    public string? TeamsAppCatalogId { get; set; }

    /// <summary>
    /// The mailbox client messages are emailed from (a shared mailbox, e.g. deliveries@contoso.com); when unset, each
    /// goes from the mailbox of the delivery's Delivery Manager.
    /// </summary>
    public string? SharedMailbox { get; set; }

    /// <summary>How long a directory answer is reused.</summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How many addresses' answers are kept at most (a stream of made-up addresses must not grow memory without bound).
    /// </summary>
    public int CacheSize { get; set; } = 10_000;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(TenantId)
        && !string.IsNullOrWhiteSpace(ClientId)
        && !string.IsNullOrWhiteSpace(ClientSecret);
}
