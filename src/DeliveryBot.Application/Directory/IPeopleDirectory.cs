using DeliveryBot.Domain.People;

namespace DeliveryBot.Application.Directory;

/// <summary>
/// The organisation's directory (Microsoft Graph in production): who an email address or UPN is, whether someone is
/// away, and putting the bot in someone's Teams so it can write to them. Every answer says plainly why when it has
/// nothing, including when no directory is configured; nothing else in the bot depends on one being there. Every call
/// names the organisation (Entra tenant) it is made for: a directory answers only for its own, so people of one
/// organisation cannot look up, or reach, people of another through it.
/// </summary>
public interface IPeopleDirectory
{
    /// <summary>The person an email address or user principal name belongs to, with their Entra id and, where readable, time zone.</summary>
    Task<DirectoryAnswer<Person>> FindAsync(string tenantId, string emailOrUpn, CancellationToken ct);

    /// <summary>Whether the person's automatic replies (out of office) are on at <paramref name="now"/>, and until when.</summary>
    Task<DirectoryAnswer<Away>> AwayAsync(string tenantId, string objectId, DateTimeOffset now, CancellationToken ct);

    /// <summary>Installs the bot's Teams app for the person (already installed is fine) and returns the id of their 1:1 chat with it.</summary>
    Task<DirectoryAnswer<string>> InstallForAsync(string tenantId, string objectId, CancellationToken ct);
}

/// <summary>Whether someone's automatic replies are on, and until when if they said.</summary>
public sealed record Away(bool IsAway, DateTimeOffset? Until);

public enum DirectoryOutcome { Found, NotFound, Unavailable }

/// <summary>A directory answer: the value, or in plain words why there is none (not found, or the directory could not say).</summary>
public sealed record DirectoryAnswer<T>(DirectoryOutcome Outcome, T? Value, string? Reason);

public static class DirectoryAnswer
{
    public static DirectoryAnswer<T> Found<T>(T value) => new(DirectoryOutcome.Found, value, null);
    public static DirectoryAnswer<T> NotFound<T>(string reason) => new(DirectoryOutcome.NotFound, default, reason);
    public static DirectoryAnswer<T> Unavailable<T>(string reason) => new(DirectoryOutcome.Unavailable, default, reason);
}

/// <summary>No directory configured: every answer says so, and what to configure.</summary>
public sealed class NoDirectory : IPeopleDirectory
{
    public const string Reason = "Microsoft Graph is not configured (Graph:TenantId, Graph:ClientId, Graph:ClientSecret), so the bot cannot look people up in the directory or install itself for them.";

    public Task<DirectoryAnswer<Person>> FindAsync(string tenantId, string emailOrUpn, CancellationToken ct) => Task.FromResult(DirectoryAnswer.Unavailable<Person>(Reason));

    public Task<DirectoryAnswer<Away>> AwayAsync(string tenantId, string objectId, DateTimeOffset now, CancellationToken ct) => Task.FromResult(DirectoryAnswer.Unavailable<Away>(Reason));

    public Task<DirectoryAnswer<string>> InstallForAsync(string tenantId, string objectId, CancellationToken ct) => Task.FromResult(DirectoryAnswer.Unavailable<string>(Reason));
}
