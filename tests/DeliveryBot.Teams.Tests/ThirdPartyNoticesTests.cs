using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace DeliveryBot.Teams.Tests;

/// <summary>
/// THIRD-PARTY-NOTICES.md is what we owe the authors of the code we ship, so it is checked against what the build
/// resolves: a dependency cannot be added or upgraded without its licence being listed. And Hangfire is used under
/// the LGPL, which holds only while its assemblies stay separate, replaceable files: the publish settings that would
/// merge or rewrite them are refused here.
/// </summary>
public sealed partial class ThirdPartyNoticesTests
{
    private static readonly string Root = Support.Playground.RepoRoot();
    private static readonly HashSet<string> NotSources = ["obj", "bin", "node_modules", ".git"];

    [Fact]
    public void Every_package_the_bot_ships_is_listed_at_the_version_it_ships()
    {
        var listed = Listed();
        var missing = Shipped().Where(p => !listed.Contains(Key(p.Name, p.Version)))
            .Select(p => $"{p.Name} {p.Version}").ToList();

        Assert.True(missing.Count == 0,
            $"THIRD-PARTY-NOTICES.md does not list these packages the bot ships:\n{string.Join('\n', missing)}");
    }

    [Fact]
    public void Every_pinned_package_is_listed()
    {
        // A pin can be lifted by a dependency that asks for more (the bot then ships the higher version, which the
        // test above checks is listed); otherwise the pinned version is the one used and must be listed.
        var shipped = Shipped().ToDictionary(p => p.Name, p => p.Version, StringComparer.OrdinalIgnoreCase);
        var listed = Listed();
        var missing = Pinned()
            .Where(p => !listed.Contains(Key(p.Name, p.Version))
                && !(shipped.TryGetValue(p.Name, out var version) && listed.Contains(Key(p.Name, version))))
            .Select(p => $"{p.Name} {p.Version}").ToList();

        Assert.True(missing.Count == 0, "THIRD-PARTY-NOTICES.md does not list these packages of " +
            $"Directory.Packages.props:\n{string.Join('\n', missing)}");
    }

    [Fact]
    public void No_project_is_published_single_file_trimmed_or_native()
    {
        // Each of these merges the Hangfire assemblies into the bot's binary (or rewrites them), so a user could no
        // longer replace them, which the LGPL requires.
        var offending = BuildFiles(Root)
            .SelectMany(file => MergingPublish().Matches(File.ReadAllText(file))
                .Select(m => $"{Path.GetRelativePath(Root, file)}: {m.Value}"))
            .ToList();

        Assert.True(offending.Count == 0,
            $"Hangfire's LGPL assemblies must stay separate files:\n{string.Join('\n', offending)}");
    }

    /// <summary>
    /// The packages of the bot's run-time closure, as restored: project.assets.json is written by the restore of the
    /// build that runs before the tests (this test project references src/DeliveryBot, so it is always there).
    /// </summary>
    private static List<(string Name, string Version)> Shipped()
    {
        var assets = Path.Combine(Root, "src", "DeliveryBot", "obj", "project.assets.json");
        Assert.True(File.Exists(assets), $"{assets} is missing: restore or build src/DeliveryBot first.");
        using var json = JsonDocument.Parse(File.ReadAllText(assets));
        var packages = json.RootElement.GetProperty("targets").GetProperty("net10.0").EnumerateObject()
            .Where(entry => entry.Value.GetProperty("type").GetString() == "package")
            .Select(entry => entry.Name.Split('/'))
            .Select(parts => (parts[0], parts[1]))
            .ToList();
        Assert.True(packages.Count > 10, $"{assets} was not read: only {packages.Count} packages.");
        return packages;
    }

    private static IEnumerable<(string Name, string Version)> Pinned()
        => XDocument.Load(Path.Combine(Root, "Directory.Packages.props")).Descendants("PackageVersion")
            .Select(p => (p.Attribute("Include")!.Value, p.Attribute("Version")!.Value));

    /// <summary>
    /// Name and version of every row of the notices' tables: the first two cells (a name inside a longer text, such
    /// as Microsoft.Data.Sqlite in Microsoft.Data.Sqlite.Core, does not count).
    /// </summary>
    private static HashSet<string> Listed()
        => [.. File.ReadLines(Path.Combine(Root, "THIRD-PARTY-NOTICES.md"))
            .Where(line => line.StartsWith('|'))
            .Select(line => line.Split('|'))
            .Where(cells => cells.Length > 3)
            .Select(cells => Key(cells[1].Trim().Trim('`'), cells[2].Trim()))];

    // NuGet ids are case-insensitive: Directory.Packages.props and the packages need not spell them alike.
    private static string Key(string name, string version) => $"{name.ToUpperInvariant()} {version}";

    private static IEnumerable<string> BuildFiles(string folder)
        => Directory.EnumerateFiles(folder)
            .Where(f => Path.GetExtension(f) is ".csproj" or ".props" or ".targets" or ".pubxml" or ".sh" or ".yml"
                or ".yaml" || Path.GetFileName(f) == "Dockerfile")
            .Concat(Directory.EnumerateDirectories(folder)
                .Where(d => !NotSources.Contains(Path.GetFileName(d)))
                .SelectMany(BuildFiles));

    // Set in a project (<PublishTrimmed>true</PublishTrimmed>) or on a command line (-p:PublishTrimmed=true).
    [GeneratedRegex(@"<(PublishSingleFile|PublishTrimmed|PublishAot)(\s[^>]*)?>\s*true(?=\s*<)|" +
        @"\b(PublishSingleFile|PublishTrimmed|PublishAot)=true\b", RegexOptions.IgnoreCase)]
    private static partial Regex MergingPublish();
}
