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
    /// <summary>
    /// The person an email address or user principal name belongs to, with their Entra id and, where readable, time
    /// zone.
    /// </summary>
    Task<DirectoryAnswer<Person>> FindAsync(string tenantId, string emailOrUpn, CancellationToken ct);

    /// <summary>
    /// People of organisation <paramref name="tenantId"/> whose name or address starts with <paramref name="prefix"/>,
    /// at most <paramref name="top"/> (the people picker's typeahead). A directory that cannot search says so.
    /// </summary>
    Task<DirectoryAnswer<IReadOnlyList<Person>>> SearchAsync(
        string tenantId, string prefix, int top, CancellationToken ct)
        => Task.FromResult(DirectoryAnswer.Unavailable<IReadOnlyList<Person>>("This directory cannot search."));

    /// <summary>
    /// Whether the person's automatic replies (out of office) are on at <paramref name="now"/>, and until when.
    /// </summary>
    Task<DirectoryAnswer<Away>> AwayAsync(string tenantId, string objectId, DateTimeOffset now, CancellationToken ct);

    /// <summary>
    /// Installs the bot's Teams app for the person (already installed is fine) and returns the id of their 1:1 chat
    /// with it.
    /// </summary>
    Task<DirectoryAnswer<string>> InstallForAsync(string tenantId, string objectId, CancellationToken ct);
}
