using System.Text.Json;
using System.Text.Json.Nodes;
using DeliveryBot.Teams.Cards.Templating;

namespace DeliveryBot.Teams.Cards;

/// <summary>
/// For card authors: `render-card &lt;template.json&gt; [data.json]` prints the expanded card, as the bot would
/// send it, so a template can be checked without Teams.
/// </summary>
public static class RenderCard
{
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        if (args.Count is < 1 or > 2)
        {
            error.WriteLine("Usage: render-card <template.json> [data.json]");
            return 2;
        }
        try
        {
            var template = CardTemplate.Parse(File.ReadAllText(Locate(args[0])));
            var data = args.Count == 2
                ? JsonNode.Parse(File.ReadAllText(Locate(args[1])), documentOptions: CardTemplate.JsonLimits)
                : null;
            output.WriteLine(template.Expand(data, breakLinks: true)?.ToJsonString(new JsonSerializerOptions
            {
                WriteIndented = true,
                Encoder = CardOutput.Encoder, // as the bot writes it
            }));
            return 0;
        }
        // FormatException: an expression nested too deeply (NestedTooDeeplyException), refused before it overflows
        // the stack.
        catch (Exception e) when (e is IOException or JsonException or ArgumentException
            or UnauthorizedAccessException or FormatException)
        {
            error.WriteLine($"render-card: {e.Message}");
            return 1;
        }
    }

    /// <summary>
    /// A relative path as given, or found from a parent folder: `dotnet run --project` starts in the project's
    /// folder, so "cards/status.json" typed at the repository root still finds the file.
    /// </summary>
    private static string Locate(string path)
    {
        if (Path.IsPathRooted(path) || File.Exists(path)) return path;
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory).Parent; dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, path))) return Path.Combine(dir.FullName, path);
        return path;
    }
}
