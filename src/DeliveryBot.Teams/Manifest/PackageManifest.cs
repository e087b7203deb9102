using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

namespace DeliveryBot.Teams.Manifest;

/// <summary>
/// For Teams admins: `package-manifest --app-id &lt;guid&gt; [--bot-id &lt;guid&gt;]
/// [--website &lt;https url&gt;] [--host &lt;host name&gt;] [--out appPackage.zip]`
/// writes the app package Teams takes ("Upload a custom app"): manifest/manifest.json with its placeholders
/// ({{APP_ID}}, {{BOT_ID}}, {{WEBSITE_URL}}) filled in, and the two icons, at the root of a zip. A relative --out is
/// relative to the folder holding manifest/. With --host (where the bot is served) the package has the tab too
/// (<see cref="TabManifest"/>).
/// </summary>
public static class PackageManifest
{
    private const string Usage =
        "Usage: package-manifest --app-id <guid> [--bot-id <guid>] [--website <https url>] [--host <host name>] "
        + "[--out appPackage.zip] [--manifest-dir manifest]";

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        // Every refusal is one plain line on stderr naming the problem and the fix, and exits non-zero: 2 for a
        // command line that does not parse, 1 for values or files that cannot make a package. A control character
        // (a NUL would even make Path throw) is refused outright, and echoed text goes through Shown, so an error
        // stays one line.
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            var flag = args[i];
            if (!flag.StartsWith("--", StringComparison.Ordinal) || flag.Any(char.IsControl))
                return Fail(
                    error,
                    $"package-manifest: unexpected argument '{Shown(flag)}'; options are written --name value. {Usage}",
                    2);
            if (flag[2..] is not ("app-id" or "bot-id" or "website" or "host" or "out" or "manifest-dir"))
                return Fail(error, $"package-manifest: unknown option {Shown(flag)}. {Usage}", 2);
            if (i + 1 >= args.Count
                || args[i + 1].Length == 0
                || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                return Fail(error, $"package-manifest: {Shown(flag)} needs a value. {Usage}", 2);
            if (args[i + 1].Any(char.IsControl))
                return Fail(error, $"package-manifest: the value of {flag} has a control character; retype it.", 2);
            options[flag[2..]] = args[i + 1];
        }
        if (!options.TryGetValue("app-id", out var appId))
            return Fail(error, $"package-manifest: --app-id is required (the Teams app id, a GUID). {Usage}", 2);
        if (!Guid.TryParse(appId, out var app))
            return Fail(
                error,
                $"package-manifest: --app-id '{Shown(appId)}' is not a GUID (the Teams app id, e.g. 8f4b1c2e-...).",
                1);
        // Guid.Empty parses, but Teams refuses a package whose app or bot id is all zeros.
        if (app == Guid.Empty)
            return Fail(
                error,
                "package-manifest: --app-id is the all-zero GUID, which Teams rejects; "
                    + "pass the app's own id (a new GUID, or the one in the Teams Developer Portal).",
                1);
        var botId = options.GetValueOrDefault("bot-id", appId);
        if (!Guid.TryParse(botId, out var bot))
            return Fail(
                error,
                $"package-manifest: --bot-id '{Shown(botId)}' is not a GUID (the Azure Bot's Microsoft App ID).",
                1);
        if (bot == Guid.Empty)
            return Fail(
                error,
                "package-manifest: --bot-id is the all-zero GUID, which Teams rejects; "
                    + "pass the Azure Bot's Microsoft App ID.",
                1);
        var website = options.GetValueOrDefault("website", "https://example.com/deliverybot");
        if (!Uri.TryCreate(website, UriKind.Absolute, out var site) || site.Scheme != Uri.UriSchemeHttps)
            return Fail(error, $"package-manifest: --website '{Shown(website)}' is not an https URL.", 1);
        var host = options.GetValueOrDefault("host");
        if (host is not null && !TabManifest.IsHostName(host))
            return Fail(
                error,
                $"package-manifest: --host '{Shown(host)}' is not a host name (the bot's, e.g. bot.contoso.com: no "
                    + "scheme, no path).",
                1);

        var directory = Path.TrimEndingDirectorySeparator(
            Path.GetFullPath(Locate(options.GetValueOrDefault("manifest-dir", "manifest"))));
        if (!Directory.Exists(directory))
            return Fail(
                error,
                $"package-manifest: --manifest-dir '{Shown(directory)}' is not a folder; "
                    + $"pass the folder holding {string.Join(", ", Files)} (manifest/ in the repository).",
                1);
        if (Files.Where(f => !File.Exists(Path.Combine(directory, f))).ToList() is [_, ..] missing)
            return Fail(
                error,
                $"package-manifest: '{Shown(directory)}' is not a manifest folder (no {string.Join(", ", missing)}); "
                    + $"pass --manifest-dir the folder holding {string.Join(", ", Files)}.",
                1);
        // `dotnet run` starts a web project in its own folder, not the caller's: a relative --out is taken from the
        // folder holding manifest/ (the repository root), where the admin ran the command and looks for the package.
        // A manifest folder at the root of the disk has no parent: its package goes beside its files.
        var target = Path.GetFullPath(
            options.GetValueOrDefault("out", "appPackage.zip"), Path.GetDirectoryName(directory) ?? directory);
        if (Directory.Exists(target))
            return Fail(
                error,
                $"package-manifest: --out '{Shown(target)}' is a folder; give the package a file name, "
                    + $"e.g. {Shown(Path.Combine(target, "appPackage.zip"))}.",
                1);
        if (Path.GetDirectoryName(target) is not { } outFolder || !Directory.Exists(outFolder))
            return Fail(
                error,
                $"package-manifest: the folder of --out '{Shown(target)}' does not exist; "
                    + "create it or choose another --out.",
                1);

        JsonObject parsed;
        byte[][] icons;
        try
        {
            using var text = new StreamReader(
                new MemoryStream(ReadSmallFile(Path.Combine(directory, "manifest.json"))), Encoding.UTF8);
            var manifest = text.ReadToEnd()
                .Replace("{{APP_ID}}", app.ToString("D"), StringComparison.Ordinal)
                .Replace("{{BOT_ID}}", bot.ToString("D"), StringComparison.Ordinal)
                .Replace("{{WEBSITE_URL}}", site.AbsoluteUri, StringComparison.Ordinal);
            if (manifest.Contains("{{", StringComparison.Ordinal))
                return Fail(error, "package-manifest: manifest.json has a placeholder this tool does not fill.", 1);
            // Refuse to package a manifest that is not a JSON object (JSON null parses too, to no node at all).
            if (JsonNode.Parse(manifest) is not JsonObject json)
                return Fail(
                    error,
                    "package-manifest: manifest.json is not a JSON object; restore it from the repository's manifest/.",
                    1);
            if (host is not null) TabManifest.AddTo(json, host, bot);
            parsed = json;
            icons = [.. Icons.Select(icon => ReadSmallFile(Path.Combine(directory, icon)))];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            return Fail(
                error,
                $"package-manifest: cannot read the manifest folder '{Shown(directory)}' ({Shown(e.Message)}); "
                    + "pass --manifest-dir the repository's manifest/ folder.",
                1);
        }

        // written aside and moved into place, so a failure leaves no half package
        var partial = target + ".partial";
        try
        {
            File.Delete(partial);
            using (var zip = ZipFile.Open(partial, ZipArchiveMode.Create))
            {
                using (var writer = new StreamWriter(zip.CreateEntry("manifest.json").Open(), new UTF8Encoding(false)))
                    writer.Write(
                        parsed.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
                foreach (var (icon, bytes) in Icons.Zip(icons))
                {
                    using var entry = zip.CreateEntry(icon).Open();
                    entry.Write(bytes);
                }
            }
            File.Move(partial, target, overwrite: true);
            output.WriteLine(
                $"Wrote {target}: app {app:D}, bot {bot:D}, "
                    + (host is null ? "no tab (--host adds it). " : $"the tab on https://{host}/tab. ")
                    + "Upload it in Teams (Apps > Manage your apps > Upload an app) or the Teams admin center.");
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            DeletePartial(partial);
            return Fail(
                error,
                $"package-manifest: cannot write '{Shown(target)}' ({Shown(e.Message)}); "
                    + "choose an --out in a folder you can write to.",
                1);
        }
    }

    private static readonly string[] Icons = ["color.png", "outline.png"];

    /// <summary>What a manifest folder holds.</summary>
    private static readonly string[] Files = ["manifest.json", .. Icons];

    /// <summary>
    /// The manifest and its icons are a few kilobytes. A bigger file means --manifest-dir is not the manifest folder
    /// (or a name there links to something endless such as /dev/zero), and reading it whole could exhaust memory.
    /// </summary>
    private const int MaxFileBytes = 1024 * 1024;

    private static byte[] ReadSmallFile(string path)
    {
        using var file = File.OpenRead(path);
        var buffer = new byte[MaxFileBytes + 1];
        var read = file.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (read > MaxFileBytes)
            throw new IOException(
                $"{Path.GetFileName(path)} is over {MaxFileBytes / 1024 / 1024} MB, "
                    + "far too big for a Teams app package file");
        return buffer[..read];
    }

    /// <summary>
    /// Removes a half-written package; if even that fails, the error that led here is the one worth reporting.
    /// </summary>
    private static void DeletePartial(string partial)
    {
        try { File.Delete(partial); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>A value as echoed in an error: one line, and not so long that the message is lost.</summary>
    private static string Shown(string value)
    {
        var line = new string([.. value.Select(c => char.IsControl(c) ? ' ' : c)]);
        return line.Length <= 200 ? line : line[..200] + "...";
    }

    private static int Fail(TextWriter error, string message, int code)
    {
        error.WriteLine(message);
        return code;
    }

    /// <summary>
    /// The manifest folder as given, or found from a parent folder (`dotnet run --project` starts in the project's
    /// folder).
    /// </summary>
    private static string Locate(string path)
    {
        if (Path.IsPathRooted(path) || Directory.Exists(path)) return path;
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory).Parent; dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, path))
                && File.Exists(Path.Combine(dir.FullName, path, "manifest.json")))
                return Path.Combine(dir.FullName, path);
        return path;
    }
}
