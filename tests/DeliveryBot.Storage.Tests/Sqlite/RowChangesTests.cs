using DeliveryBot.Storage.Sql;

namespace DeliveryBot.Storage.Tests.Sqlite;

public sealed class RowChangesTests
{
    [Fact]
    public void The_rows_gone_and_the_rows_new_are_all_a_save_writes()
    {
        Assert.True(RowChanges.TryOf(["a", "b", "c"], ["c", "d", "a"], out var gone, out var added));
        Assert.Equal(["b"], gone);
        Assert.Equal(["d"], added);
    }

    [Fact]
    public void Nothing_stored_everything_added_and_nothing_wanted_everything_gone()
    {
        Assert.True(RowChanges.TryOf([], ["a", "b"], out var gone, out var added));
        Assert.Equal((0, 2), (gone.Count, added.Count));
        Assert.True(RowChanges.TryOf(["a", "b"], [], out gone, out added));
        Assert.Equal((2, 0), (gone.Count, added.Count));
    }

    [Theory]
    [InlineData(new[] { "a", "a", "b" }, new[] { "b" })] // deleting one "a" by its values would take both
    [InlineData(new[] { "b" }, new[] { "a", "a", "b" })]
    public void A_row_held_twice_has_the_rows_written_again(string[] stored, string[] wanted)
        => Assert.False(RowChanges.TryOf(stored, wanted, out _, out _));

    [Fact]
    public void More_rows_gone_than_one_statement_each_is_worth_has_the_rows_written_again()
    {
        string[] many = [.. Enumerable.Range(0, RowChanges.MostGone + 1).Select(i => $"r{i}")];
        Assert.False(RowChanges.TryOf(many, [], out _, out _));
        Assert.True(RowChanges.TryOf(many, many[..1], out var gone, out _));
        Assert.Equal(RowChanges.MostGone, gone.Count);
    }

    [Fact]
    public void Rows_past_what_is_worth_comparing_are_written_again()
    {
        string[] many = [.. Enumerable.Range(0, 40).Select(i => $"r{i}")];
        Assert.False(RowChanges.TryOf(many, [.. many, "new"], out _, out _));
        Assert.True(RowChanges.TryOf(many[..20], [.. many[..20], "new"], out _, out var added));
        Assert.Equal(["new"], added);
    }
}
