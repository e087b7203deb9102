using DeliveryBot.Domain.People;

namespace DeliveryBot.Application.Directory;

/// <summary>No directory configured: every answer says so, and what to configure.</summary>
public sealed class NoDirectory : IPeopleDirectory
{
    public const string Reason =
        "Microsoft Graph is not configured (Graph:TenantId, Graph:ClientId, Graph:ClientSecret), " +
        "so the bot cannot look people up in the directory or install itself for them.";

    public Task<DirectoryAnswer<Person>> FindAsync(string tenantId, string emailOrUpn, CancellationToken ct)
        => Task.FromResult(DirectoryAnswer.Unavailable<Person>(Reason));

    public Task<DirectoryAnswer<Away>> AwayAsync(
        string tenantId, string objectId, DateTimeOffset now, CancellationToken ct)
        => Task.FromResult(DirectoryAnswer.Unavailable<Away>(Reason));

    public Task<DirectoryAnswer<string>> InstallForAsync(string tenantId, string objectId, CancellationToken ct)
        => Task.FromResult(DirectoryAnswer.Unavailable<string>(Reason));
}
