using System.Text.RegularExpressions;
using DeliveryBot.Domain.Common;

namespace DeliveryBot.Domain.Tests.Rendering;

public sealed partial class CountedTests
{
    [Theory]
    [InlineData(0, "0 business days")]
    [InlineData(1, "1 business day")]
    [InlineData(2, "2 business days")]
    [InlineData(-1, "-1 business days")]
    public void A_number_says_what_it_counts_in_the_singular_for_one_only(long number, string text)
        => Assert.Equal(text, Counted.Of(number, "business day"));

    [Fact]
    public void A_plural_that_is_not_an_s_is_given()
    {
        Assert.Equal("1 person", Counted.Of(1, "person", "people"));
        Assert.Equal("3 people", Counted.Of(3, "person", "people"));
        Assert.Equal("0 people", Counted.Of(0, "person", "people"));
    }

    [Fact]
    public void No_message_of_the_bot_says_how_many_with_an_s_in_brackets()
    {
        var root = ArchitectureTests.RepoRoot();
        var obj = $"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}";
        var hedged = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(obj, StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .Where(x => Hedged().IsMatch(x.Text))
            .Select(x => $"{Path.GetRelativePath(root, x.File)}:{x.Line}")
            .ToList();
        Assert.True(hedged.Count == 0, "say how many with Counted.Of: " + string.Join(", ", hedged));
    }

    /// <summary>A number interpolated, then a word with "(s)": "{n} day(s)", "{n} Hangfire server(s)".</summary>
    [GeneratedRegex(@"\} [\w -]*\w\(s\)")]
    private static partial Regex Hedged();
}
