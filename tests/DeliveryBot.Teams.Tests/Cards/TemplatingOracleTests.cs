using System.Diagnostics;
using System.Text.Json.Nodes;
using DeliveryBot.Teams.Cards.Templating;

namespace DeliveryBot.Teams.Tests.Cards;

/// <summary>
/// The card binder against Microsoft's reference templating engine, run in node: the same expansion for a set of
/// cases covering every construct, and for every card in cards/ with its sample data, which must also parse with
/// Microsoft's Adaptive Cards library without a single warning.
/// </summary>
public sealed class TemplatingOracleTests
{
    private static readonly Lazy<Dictionary<string, (JsonNode? Expanded, string[] Warnings)>> Reference =
        new(RunReference);

    private static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DeliveryBot.sln"))) dir = dir.Parent;
            return dir!.FullName;
        }
    }

    public static IEnumerable<(string Name, JsonNode Template, JsonNode? Data)> Cases()
    {
        foreach (var c in JsonNode.Parse(
            File.ReadAllText(Path.Combine(Root, "tests", "DeliveryBot.Teams.Tests", "Cards", "templating-cases.json")))!
            .AsArray())
            yield return ($"case: {c!["name"]}", c["template"]!, c["data"]);
        foreach (var card in Directory.GetFiles(Path.Combine(Root, "cards"), "*.json")
            .Where(f => !f.EndsWith(".data.json", StringComparison.Ordinal)).Order())
        {
            var data = Path.ChangeExtension(card, ".data.json");
            yield return ($"card: {Path.GetFileName(card)}", JsonNode.Parse(File.ReadAllText(card))!,
                File.Exists(data) ? JsonNode.Parse(File.ReadAllText(data)) : null);
        }
    }

    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var c in Cases()) names.Add(c.Name);
        return names;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void The_binder_expands_exactly_as_the_reference_engine(string name)
    {
        var (_, template, data) = Cases().Single(c => c.Name == name);

        var ours = CardTemplate.Parse(template.ToJsonString()).Expand(data?.DeepClone());

        var (expected, warnings) = Reference.Value[name];
        Assert.DoesNotContain(warnings, w => w.StartsWith("reference engine failed", StringComparison.Ordinal));
        Assert.True(JsonNode.DeepEquals(expected, ours),
            $"reference: {expected?.ToJsonString()}\nours:      {ours?.ToJsonString()}");
        if (name.StartsWith("card: ", StringComparison.Ordinal)) Assert.Empty(warnings);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Data_held_as_objects_expands_as_the_same_data_as_json(string name)
    {
        var (_, template, data) = Cases().Single(c => c.Name == name);
        if (data is not JsonObject json) return; // only an object is held as one

        var parsed = CardTemplate.Parse(template.ToJsonString());
        foreach (var breakLinks in new[] { false, true })
        {
            var fromJson = parsed.Expand(json.DeepClone(), breakLinks)?.ToJsonString();
            var fromObjects = parsed.Expand(new HeldJson(json), breakLinks)?.ToJsonString();
            Assert.True(
                fromJson == fromObjects, $"links broken: {breakLinks}\njson:    {fromJson}\nobjects: {fromObjects}");
        }
    }

    [Fact]
    public void There_are_cards_to_check()
        => Assert.Contains(Cases(), c => c.Name.StartsWith("card: ", StringComparison.Ordinal));

    private static Dictionary<string, (JsonNode?, string[])> RunReference()
    {
        var input = new JsonArray([.. Cases().Select(c => new JsonObject { ["name"] = c.Name,
            ["template"] = c.Template.DeepClone(), ["data"] = c.Data?.DeepClone() })]);
        var info = new ProcessStartInfo("node", [Path.Combine(Root, "tests", "node", "render-cards.js")])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            WorkingDirectory = Path.Combine(Root, "tests", "node"),
        };
        using var node = Process.Start(info)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        node.StandardInput.Write(input.ToJsonString());
        node.StandardInput.Close();
        node.WaitForExit();
        if (node.ExitCode != 0) throw new InvalidOperationException($"The reference engine failed: {stderr.Result}");
        return JsonNode.Parse(stdout.Result)!.AsArray().ToDictionary(
            r => r!["name"]!.GetValue<string>(),
            r => r!["error"] is { } error
                ? ((JsonNode?)null, new[] { $"reference engine failed: {error}" })
                : (r["expanded"]?.DeepClone(), r["warnings"]!.AsArray().Select(w => w!.GetValue<string>()).ToArray()));
    }
}
