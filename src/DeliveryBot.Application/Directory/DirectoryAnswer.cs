namespace DeliveryBot.Application.Directory;

public enum DirectoryOutcome { Found, NotFound, Unavailable }

/// <summary>
/// A directory answer: the value, or in plain words why there is none (not found, or the directory could not say).
/// </summary>
public sealed record DirectoryAnswer<T>(DirectoryOutcome Outcome, T? Value, string? Reason);

public static class DirectoryAnswer
{
    public static DirectoryAnswer<T> Found<T>(T value) => new(DirectoryOutcome.Found, value, Reason: null);
    public static DirectoryAnswer<T> NotFound<T>(string reason)
        => new(DirectoryOutcome.NotFound, Value: default, reason);

    public static DirectoryAnswer<T> Unavailable<T>(string reason)
        => new(DirectoryOutcome.Unavailable, Value: default, reason);
}
