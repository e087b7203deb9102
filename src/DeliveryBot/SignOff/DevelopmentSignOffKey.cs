using System.Security.Cryptography;

namespace DeliveryBot.SignOff;

/// <summary>
/// In Development with no SignOff:Keys, one key made once and kept beside the database (data/signoff.key, readable
/// by its owner only), so links a developer sent still open after a restart.
/// </summary>
internal static class DevelopmentSignOffKey
{
    public const string KeyId = "dev";

    public static (string KeyId, byte[] Secret) LoadOrCreate(string contentRoot)
    {
        var folder = Path.Combine(contentRoot, "data");
        var file = Path.Combine(folder, "signoff.key");
        if (File.Exists(file)) return (KeyId, Convert.FromBase64String(File.ReadAllText(file).Trim()));
        Directory.CreateDirectory(folder);
        var secret = RandomNumberGenerator.GetBytes(32);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using var writer = new StreamWriter(file, options);
            writer.Write(Convert.ToBase64String(secret));
        }
        catch (IOException) when (File.Exists(file))
        {
            // another start made it at the same moment: theirs is the key
            return (KeyId, Convert.FromBase64String(File.ReadAllText(file).Trim()));
        }
        return (KeyId, secret);
    }
}
