using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Rendering;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace DeliveryBot.Domain.Tests.Rendering;

/// <summary>
/// What a person typed stays inert wherever it is shown: no link, no emphasis, nothing hidden or reordered.
/// </summary>
public sealed class MarkdownTextTests
{
    [Fact]
    public void Text_written_as_it_is_is_exactly_what_escaping_it_character_by_character_gives()
    {
        // the shortcut for text with nothing to escape must never skip what the escaping would change: every UTF-16
        // code unit alone, at the start of a word, after one and between two
        for (var c = char.MinValue; ; c++)
        {
            foreach (var text in new[] { $"{c}", $"{c}x", $"x{c}", $"a {c} b" })
                Assert.Equal(MarkdownText.EscapeEach(text), MarkdownText.Escape(text));
            if (c == char.MaxValue) break;
        }
        Assert.Same("Fabrikam D1 2026-12-06", MarkdownText.Escape("Fabrikam D1 2026-12-06")); // nothing made
    }

    [Fact]
    public void Text_echoed_as_inline_code_cannot_close_the_code_and_become_a_link()
    {
        var echoed = MarkdownText.Code("x`[Sign in again](https://evil.example/login)`");

        Assert.Equal("`xˋ[Sign in again](https://evil.example/login)ˋ`", echoed);
        Assert.Equal(2, echoed.Count(c => c == '`')); // one code span, from the first character to the last
    }

    [Fact]
    public void Inline_code_is_one_line_and_cut_short()
    {
        Assert.Equal("`a b`", MarkdownText.Code("a\nb"));
        Assert.Equal($"`{new string('x', 60)}…`", MarkdownText.Code(new string('x', 500)));
        Assert.Equal("``", MarkdownText.Code(null));
    }

    [Theory]
    [InlineData("invoice\u202Eexe.pdf", "invoiceexe.pdf")] // right-to-left override: "fdp.exe" shown reversed
    [InlineData("Pa\u200Bblo", "Pablo")] // zero-width space
    [InlineData("\u2066Dana\u2069", "Dana")] // isolates
    [InlineData("\uFEFFClara", "Clara")] // byte-order mark
    public void Characters_that_hide_or_reorder_text_are_removed(string typed, string kept)
    {
        Assert.Equal(kept, UserText.Required(typed, "Name"));
        Assert.Equal(kept, MarkdownText.Escape(typed));
        Assert.Equal($"`{kept}`", MarkdownText.Code(typed));
    }

    /// <summary>The text a reader sees: every literal and code run of the parsed Markdown, joined.</summary>
    private static string Seen(string markdown)
        => string.Concat(Markdown.Parse(markdown).Descendants().Select(node => node switch
        {
            LiteralInline literal => literal.Content.ToString(),
            HtmlEntityInline entity => entity.Transcoded.ToString(),
            CodeInline code => code.Content,
            FencedCodeBlock block => block.Lines.ToString(),
            _ => "",
        }));

    [Fact]
    public void Plain_punctuation_is_written_as_typed_so_a_code_block_shows_no_stray_backslash()
    {
        var escaped = MarkdownText.Escape("O'Brien & Søn");

        Assert.Equal("O'Brien & Søn", escaped);
        // in a code block (the record, for copying) exactly what was typed
        Assert.Equal("O'Brien & Søn", Seen($"```markdown\n{escaped}\n```").TrimEnd('\n'));
        // outside one (a notice, a chat answer) read as text: no entity, no stray backslash
        Assert.Equal("D1 · O'Brien & Søn", Seen($"**D1** · {escaped}"));
        Assert.Equal("Order #42 ships C:\\temp & more", MarkdownText.Escape("Order #42 ships C:\\temp & more"));
    }

    [Theory]
    [InlineData("&amp; &#169; &#x1F600; &copy;")]
    [InlineData("# Heading")]
    [InlineData("   ## Heading")]
    [InlineData("\\*not emphasis*")]
    [InlineData("trailing backslash \\")]
    [InlineData("&\u200Bamp;")]
    public void What_markdown_would_read_as_a_reference_a_heading_or_an_escape_stays_text(string typed)
    {
        var shown = UserText.Required(typed, "Text");
        var markdown = $"{MarkdownText.Escape(typed)}\nnext line";

        var document = Markdown.Parse(markdown);

        Assert.Empty(document.Descendants<HeadingBlock>());
        Assert.Empty(document.Descendants<EmphasisInline>());
        Assert.Empty(document.Descendants<HtmlEntityInline>());
        Assert.DoesNotContain(document.Descendants<LineBreakInline>(), b => b.IsHard);
        Assert.Equal($"{shown}next line", Seen(markdown).Replace("\n", "", StringComparison.Ordinal));
    }
}
