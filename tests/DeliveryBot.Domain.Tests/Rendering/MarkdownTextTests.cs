using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Rendering;

namespace DeliveryBot.Domain.Tests.Rendering;

/// <summary>
/// What a person typed stays inert wherever it is shown: no link, no emphasis, nothing hidden or reordered.
/// </summary>
public sealed class MarkdownTextTests
{
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
}
