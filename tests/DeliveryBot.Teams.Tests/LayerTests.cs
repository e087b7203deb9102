using System.Text.RegularExpressions;
using DeliveryBot.Application.Deliveries;
using DeliveryBot.Teams.Protocol;

namespace DeliveryBot.Teams.Tests;

/// <summary>
/// The layers keep to their side: the Bot Framework protocol knows nothing of deliveries (an SDK could take its place),
/// and the application knows nothing of Teams, databases or Graph (every adapter can be replaced).
/// </summary>
public sealed partial class LayerTests
{
    private static IReadOnlyList<string> References(Type inAssembly)
        => [.. inAssembly.Assembly.GetReferencedAssemblies().Select(a => a.Name!)];

    [Fact]
    public void The_channel_references_neither_the_domain_nor_the_application()
    {
        var references = References(typeof(Activity));

        Assert.Contains("Microsoft.IdentityModel.JsonWebTokens", references); // it is the protocol assembly
        Assert.DoesNotContain(references, r => r.StartsWith("DeliveryBot.", StringComparison.Ordinal));
    }

    [Fact]
    public void The_application_references_the_domain_and_no_adapter()
    {
        var references = References(typeof(DeliveryService));

        Assert.Contains("DeliveryBot.Domain", references);
        Assert.DoesNotContain(
            references, r => r.StartsWith("DeliveryBot.", StringComparison.Ordinal) && r != "DeliveryBot.Domain");
        Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
            || r.StartsWith("Microsoft.Data", StringComparison.Ordinal)
            || r.StartsWith("Npgsql", StringComparison.Ordinal) || r.StartsWith("Hangfire", StringComparison.Ordinal)
                || r.StartsWith("Microsoft.Graph", StringComparison.Ordinal));
    }

    [Fact]
    public void No_two_folders_of_the_teams_project_depend_on_each_other()
    {
        // Each source file's namespace, the types it declares, and the other namespaces' types it names.
        var files = Directory.EnumerateFiles(Path.Combine(Support.Playground.RepoRoot(), "src", "DeliveryBot.Teams"),
            "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(
                $"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => File.ReadAllText(f))
            .Select(text => (Namespace: NamespaceOf().Match(text).Groups[1].Value, Text: UsingLine().Replace(text, ""),
                Declared: Declared().Matches(text).Select(m => m.Groups[1].Value)))
            .ToList();
        var owner = files.SelectMany(f => f.Declared.Select(t => (Type: t, f.Namespace))).GroupBy(x => x.Type)
            .ToDictionary(g => g.Key, g => g.First().Namespace);
        var uses = files.GroupBy(f => f.Namespace).ToDictionary(g => g.Key, g => owner
            .Where(o => o.Value != g.Key && g.Any(f => Regex.IsMatch(f.Text, $@"(?<![\w]){o.Key}\b")))
            .Select(o => (Namespace: o.Value, Type: o.Key)).ToList());

        var loops = (from a in uses from b in a.Value.Select(u => u.Namespace).Distinct()
                     where string.CompareOrdinal(a.Key, b) < 0 && uses.TryGetValue(b, out var back)
                         && back.Any(u => u.Namespace == a.Key)
                     select $"{a.Key} ({string.Join(", ", a.Value.Where(u => u.Namespace == b).Select(u => u.Type))})" +
                         $" <-> {b} " +
                         $"({string.Join(", ", uses[b].Where(u => u.Namespace == a.Key).Select(u => u.Type))})")
            .ToList();

        Assert.True(uses.Count > 5, "the folders were not read");
        Assert.Empty(loops);
    }

    [GeneratedRegex(@"^namespace ([\w.]+);", RegexOptions.Multiline)]
    private static partial Regex NamespaceOf();

    [GeneratedRegex(@"^using .*$", RegexOptions.Multiline)]
    private static partial Regex UsingLine();

    [GeneratedRegex(
        @"^(?:public|internal) (?:sealed |static |abstract |partial |readonly )*" +
        @"(?:class|record|interface|enum|struct) (\w+)",
        RegexOptions.Multiline)]
    private static partial Regex Declared();
}
