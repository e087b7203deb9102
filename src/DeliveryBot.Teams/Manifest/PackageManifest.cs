using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

namespace DeliveryBot.Teams.Manifest;

/// <summary>
/// For Teams admins: `package-manifest --app-id &lt;guid&gt; [--bot-id &lt;guid&gt;] [--website &lt;https url&gt;] [--out appPackage.zip]`
/// writes the app package Teams takes ("Upload a custom app"): manifest/manifest.json with its placeholders
/// ({{APP_ID}}, {{BOT_ID}}, {{WEBSITE_URL}}) filled in, and the two icons, at the root of a zip. A relative --out is
/// relative to the folder holding manifest/.
/// </summary>
public static class PackageManifest
{
    private const string Usage = "Usage: package-manifest --app-id <guid> [--bot-id <guid>] [--website <https url>] [--out appPackage.zip] [--manifest-dir manifest]";

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count || !args[i].StartsWith("--", StringComparison.Ordinal) || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                return Fail(error, Usage, 2);
            options[args[i][2..]] = args[i + 1];
        }
        if (options.Keys.FirstOrDefault(k => k is not ("app-id" or "bot-id" or "website" or "out" or "manifest-dir")) is { } unknown)
            return Fail(error, $"package-manifest: unknown option --{unknown}.\n{Usage}", 2);
        if (!options.TryGetValue("app-id", out var appId)) return Fail(error, Usage, 2);
        if (!Guid.TryParse(appId, out var app)) return Fail(error, $"package-manifest: --app-id '{appId}' is not a GUID (the Teams app id, e.g. 8f4b1c2e-...).", 1);
        var botId = options.GetValueOrDefault("bot-id", appId);
        if (!Guid.TryParse(botId, out var bot)) return Fail(error, $"package-manifest: --bot-id '{botId}' is not a GUID (the Azure Bot's Microsoft App ID).", 1);
        var website = options.GetValueOrDefault("website", "https://example.com/deliverybot");
        if (!Uri.TryCreate(website, UriKind.Absolute, out var site) || site.Scheme != Uri.UriSchemeHttps)
            return Fail(error, $"package-manifest: --website '{website}' is not an https URL.", 1);

        var directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Locate(options.GetValueOrDefault("manifest-dir", "manifest"))));
        // `dotnet run` starts a web project in its own folder, not the caller's: a relative --out is taken from the
        // folder holding manifest/ (the repository root), where the admin ran the command and looks for the package.
        var target = Path.GetFullPath(options.GetValueOrDefault("out", "appPackage.zip"), Path.GetDirectoryName(directory)!);
        var partial = target + ".partial"; // written aside and moved into place, so a failure leaves no half package
        try
        {
            var manifest = File.ReadAllText(Path.Combine(directory, "manifest.json"))
                .Replace("{{APP_ID}}", app.ToString("D"), StringComparison.Ordinal)
                .Replace("{{BOT_ID}}", bot.ToString("D"), StringComparison.Ordinal)
                .Replace("{{WEBSITE_URL}}", site.AbsoluteUri, StringComparison.Ordinal);
            if (manifest.Contains("{{", StringComparison.Ordinal)) return Fail(error, "package-manifest: manifest.json has a placeholder this tool does not fill.", 1);
            var parsed = JsonNode.Parse(manifest)!; // refuse to package a manifest that is not JSON
            File.Delete(partial);
            using (var zip = ZipFile.Open(partial, ZipArchiveMode.Create))
            {
                using (var writer = new StreamWriter(zip.CreateEntry("manifest.json").Open(), new UTF8Encoding(false)))
                    writer.Write(parsed.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
                foreach (var icon in new[] { "color.png", "outline.png" })
                    zip.CreateEntryFromFile(Path.Combine(directory, icon), icon);
            }
            File.Move(partial, target, overwrite: true);
            output.WriteLine($"Wrote {target}: app {app:D}, bot {bot:D}. Upload it in Teams (Apps > Manage your apps > Upload an app) or the Teams admin center.");
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            File.Delete(partial);
            return Fail(error, $"package-manifest: {e.Message}", 1);
        }
    }

    private static int Fail(TextWriter error, string message, int code)
    {
        error.WriteLine(message);
        return code;
    }

    /// <summary>The manifest folder as given, or found from a parent folder (`dotnet run --project` starts in the project's folder).</summary>
    private static string Locate(string path)
    {
        if (Path.IsPathRooted(path) || Directory.Exists(path)) return path;
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory).Parent; dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, path)) && File.Exists(Path.Combine(dir.FullName, path, "manifest.json")))
                return Path.Combine(dir.FullName, path);
        return path;
    }
}
