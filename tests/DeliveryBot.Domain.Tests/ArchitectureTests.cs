using System.Xml.Linq;
using DeliveryBot.Domain.Deliveries;

namespace DeliveryBot.Domain.Tests;

/// <summary>
/// The domain stays pure: no framework, storage, scheduler, Graph or Teams layer, no clock of its own.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly string[] Forbidden =
        ["Microsoft.AspNetCore", "Microsoft.Data.Sqlite", "SQLitePCL", "Npgsql", "Hangfire", "Microsoft.Graph",
         "Microsoft.Kiota", "Microsoft.Identity", "Microsoft.Extensions", "System.Net.Http", "DeliveryBot.Teams",
         "DeliveryBot.Storage", "DeliveryBot.Scheduling"];

    [Fact]
    public void Domain_assembly_references_only_the_base_class_library()
    {
        var references = typeof(Delivery).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.NotEmpty(references);
        foreach (var name in references)
        {
            Assert.DoesNotContain(Forbidden, f => name.StartsWith(f, StringComparison.Ordinal));
            Assert.True(
                name.StartsWith("System", StringComparison.Ordinal) || name is "netstandard" or "mscorlib",
                $"unexpected reference {name}");
        }
    }

    [Fact]
    public void Domain_project_has_no_package_or_project_references()
    {
        var project = XDocument.Load(
            Path.Combine(RepoRoot(), "src", "DeliveryBot.Domain", "DeliveryBot.Domain.csproj"));

        Assert.Empty(project.Descendants("PackageReference"));
        Assert.Empty(project.Descendants("ProjectReference"));
    }

    [Fact]
    public void Domain_never_reads_the_system_clock()
    {
        var sources = Directory
            .EnumerateFiles(Path.Combine(RepoRoot(), "src", "DeliveryBot.Domain"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(
                $"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(sources);
        foreach (var file in sources)
        {
            var text = File.ReadAllText(file);
            foreach (var clock in new[] { "DateTime.Now", "DateTime.UtcNow", "DateTimeOffset.Now",
                                          "DateTimeOffset.UtcNow", "DateTime.Today", "TimeProvider.System" })
                Assert.False(text.Contains(clock, StringComparison.Ordinal), $"{Path.GetFileName(file)} uses {clock}");
        }
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DeliveryBot.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("DeliveryBot.sln not found above the test output.");
    }
}
