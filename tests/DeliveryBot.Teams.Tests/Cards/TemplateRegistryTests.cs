using System.Text.Json;
using DeliveryBot.Teams.Cards;
using DeliveryBot.Teams.Tests.Support;
using DeliveryBot.Teams.Turns;
using Microsoft.Extensions.DependencyInjection;

namespace DeliveryBot.Teams.Tests.Cards;

/// <summary>
/// The card templates, their names and their buttons agree: every file in cards/ is named once in <see
/// cref="Templates"/> and every name has a file; every verb a template's buttons send has a handler, and every handler
/// a button.
/// </summary>
public sealed class TemplateRegistryTests : ChannelTest
{
    private static readonly string CardsFolder = Path.Combine(Playground.RepoRoot(), "cards");

    private static IEnumerable<string> TemplateFiles()
        => Directory.GetFiles(CardsFolder, "*.json").Where(f => !f.EndsWith(".data.json", StringComparison.Ordinal))
            .Select(Path.GetFileNameWithoutExtension)!;

    [Fact]
    public void Every_template_file_is_named_once_and_every_name_has_a_file()
    {
        Assert.Equal(Templates.All.Count, Templates.All.Distinct().Count());
        Assert.Equal(TemplateFiles().Order(StringComparer.Ordinal), Templates.All.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_verb_on_a_template_has_a_handler_and_every_handler_a_verb_on_a_template()
    {
        var onTemplates = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in TemplateFiles())
            Collect(JsonDocument.Parse(File.ReadAllText(Path.Combine(CardsFolder, $"{file}.json"))).RootElement,
                onTemplates);
        var handled = Bot.Services.GetServices<IVerbHandler>().Select(a => a.Verb).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(onTemplates.Except(handled)); // a button nobody answers
        Assert.Empty(handled.Except(onTemplates)); // a handler no button sends
    }

    /// <summary>Every verb a template's buttons (and its refresh) send, wherever they stand in it.</summary>
    internal static void Collect(JsonElement element, HashSet<string> verbs)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (element.TryGetProperty("verb", out var verb) && verb.ValueKind == JsonValueKind.String) verbs.Add(
                    verb.GetString()!);
                foreach (var property in element.EnumerateObject()) Collect(property.Value, verbs);
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) Collect(item, verbs);
                break;
        }
    }
}
