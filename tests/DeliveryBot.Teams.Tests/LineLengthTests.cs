namespace DeliveryBot.Teams.Tests;

/// <summary>
/// The 120-column limit .editorconfig declares (max_line_length), checked: no analyzer enforces it, and a line that
/// runs off a side-by-side diff or a review pane is where a reader stops reading. The text of a raw string literal
/// is exempt: it is data, not code (the SQL of released migrations, which is never edited, and JSON whose
/// exact text or size a test relies on).
/// </summary>
public sealed class LineLengthTests
{
    private const int Limit = 120;
    private static readonly string[] SourceFolders = ["src", "tests", "bench"];

    [Fact]
    public void No_source_line_is_longer_than_120_columns()
    {
        var root = Support.Playground.RepoRoot();
        var tooLong = SourceFolders
            .SelectMany(folder =>
                Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(file => !IsGenerated(file))
            .SelectMany(file => CodeLines(file).Select(l => (file, l.line, l.number)))
            .Where(l => l.line.Length > Limit)
            .Select(l => $"{Path.GetRelativePath(root, l.file)}:{l.number} ({l.line.Length} columns)")
            .ToList();

        Assert.True(tooLong.Count == 0, $"{tooLong.Count} lines over {Limit} columns:\n{string.Join('\n', tooLong)}");
    }

    /// <summary>
    /// The file's lines with their numbers, leaving out any line that opens, holds or closes a raw string literal.
    /// </summary>
    private static IEnumerable<(string line, int number)> CodeLines(string file)
    {
        var inRawLiteral = false;
        var number = 0;
        foreach (var line in File.ReadLines(file))
        {
            number++;
            var quotes = CountRawQuotes(line);
            if (!inRawLiteral && quotes == 0) yield return (line, number);
            if (quotes % 2 == 1) inRawLiteral = !inRawLiteral;
        }
    }

    private static int CountRawQuotes(string line)
    {
        var count = 0;
        for (var at = line.IndexOf("\"\"\"", StringComparison.Ordinal); at >= 0;
             at = line.IndexOf("\"\"\"", at + 3, StringComparison.Ordinal))
            count++;
        return count;
    }

    private static bool IsGenerated(string file)
    {
        var separator = Path.DirectorySeparatorChar;
        return file.Contains($"{separator}obj{separator}", StringComparison.Ordinal)
            || file.Contains($"{separator}bin{separator}", StringComparison.Ordinal)
            || file.Contains($"{separator}node_modules{separator}", StringComparison.Ordinal);
    }
}
