using DeliveryBot.Teams.Protocol;

namespace DeliveryBot.Teams.Tests;

public sealed class MentionTextTests
{
    private static Activity Message(string text, params (string Id, string Name, string Text)[] mentions) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        Recipient = new ChannelAccount { Id = "28:bot", Name = "DeliveryBot" },
        Entities = [.. mentions.Select(m => new Entity { Type = "mention",
            Mentioned = new ChannelAccount { Id = m.Id, Name = m.Name }, Text = m.Text })],
    };

    [Fact]
    public void The_bots_mention_is_removed_and_whitespace_collapsed()
        => Assert.Equal("status D12", MentionText.CommandText(
            Message("<at>DeliveryBot</at>   status   D12 ", ("28:bot", "DeliveryBot", "<at>DeliveryBot</at>"))));

    [Fact]
    public void Other_peoples_mentions_become_their_names()
        => Assert.Equal("delegate qa to Sam Lee until 2026-12-01",
            MentionText.CommandText(Message("<at>DeliveryBot</at> delegate qa to <at>Sam Lee</at> until 2026-12-01",
                ("28:bot", "DeliveryBot", "<at>DeliveryBot</at>"), ("29:sam", "Sam Lee", "<at>Sam Lee</at>"))));

    [Fact]
    public void Html_entities_are_decoded_and_a_stray_at_tag_is_unwrapped()
        => Assert.Equal("risk D1 \"vendor\" & co",
            MentionText.CommandText(Message("<at>Somebody</at>&nbsp;risk D1 &quot;vendor&quot; &amp; co"))
            .Replace("Somebody ", "", StringComparison.Ordinal));

    [Fact]
    public void Mentions_of_the_bot_are_recognised_by_id()
    {
        Assert.True(MentionText.MentionsBot(Message("x", ("28:bot", "Any name", "<at>Any name</at>"))));
        Assert.False(MentionText.MentionsBot(Message("x", ("29:someone", "DeliveryBot", "<at>DeliveryBot</at>"))));
        Assert.False(MentionText.MentionsBot(Message("x")));
    }

    [Fact]
    public void Crafted_mentions_cannot_make_the_text_grow_beyond_the_names_put_in()
    {
        // Each mention's name is made of the next mention's text: replaced one after another, the text multiplied with
        // every mention (six of them, with longer names, on 2 KB took seconds and hundreds of MB).
        var mentions = "abcd".Select((c, i) => ($"29:user{i}", new string((char)(c + 1), 5), c.ToString())).ToArray();
        var text = string.Concat(Enumerable.Repeat("abcd ", 300));

        var command = MentionText.CommandText(Message(text, mentions));

        // what was put in is not looked at again
        Assert.StartsWith("bbbbb ccccc ddddd eeeee bbbbb", command, StringComparison.Ordinal);
        Assert.Equal(300 * 24 - 1, command.Length);
    }

    [Fact]
    public void A_long_name_is_cut_to_a_hundred_characters()
        => Assert.Equal($"risk D1 {new string('x', 100)}", MentionText.CommandText(
            Message("risk D1 <at>X</at>", ("29:x", new string('x', 5000), "<at>X</at>"))));

    [Fact]
    public void A_mention_with_no_text_is_passed_over()
        => Assert.Equal("status D1", MentionText.CommandText(Message("status D1", ("29:sam", "Sam", ""))));
}

public sealed class DeliveryIdTests
{
    [Theory]
    [InlineData("D12", "D12")]
    [InlineData("d12", "D12")]
    [InlineData("12", "D12")]
    [InlineData(" D007 ", "D7")]
    [InlineData("D0", "D0")]
    [InlineData("D", null)]
    [InlineData("D12x", null)]
    [InlineData("D1234567890", null)]
    [InlineData("'; drop table", null)]
    [InlineData("D00", "D0")]
    [InlineData("0000000000", "D0")]
    [InlineData("D0000000001234", "D1234")]
    public void Ids_parse_as_people_type_them(string typed, string? id)
        => Assert.Equal(id, DeliveryBot.Teams.Commands.DeliveryIds.Parse(typed));

    /// <summary>
    /// The parse cuts by hand what the pattern's group used to capture: for every text of up to four characters from
    /// an alphabet of prefixes, zeros, other digits (an Arabic-Indic one among them, which \d takes), spaces and
    /// strays, it answers as the pattern with its group does.
    /// </summary>
    [Fact]
    public void Ids_parse_as_the_pattern_with_its_group_does()
    {
        var reference = new System.Text.RegularExpressions.Regex(@"^[Dd]?0*(\d{1,9})$");
        string[] alphabet = ["D", "d", "0", "1", "9", "\u0660", " ", "\n", "x", "-"];
        var texts = new List<string> { "" };
        for (var length = 1; length <= 4; length++)
            texts.AddRange(texts.Where(t => t.Length == length - 1).SelectMany(t => alphabet.Select(c => t + c))
                .ToList());
        foreach (var text in texts)
        {
            var m = reference.Match(text.Trim());
            var expected = m.Success ? $"D{m.Groups[1].Value}" : null;
            Assert.True(expected == DeliveryBot.Teams.Commands.DeliveryIds.Parse(text), $"'{text}'");
        }
    }
}
