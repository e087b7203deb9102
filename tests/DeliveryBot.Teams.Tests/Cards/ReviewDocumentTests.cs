using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Teams.Tests.Cards;

/// <summary>
/// The review document once the review is completed: follow-ups with owners and due dates from the review card,
/// read back with `review D1` and at the end of `record D1`.
/// </summary>
public sealed class ReviewDocumentTests : DeliveryCardClicks
{
    private static string Text(System.Text.Json.JsonElement reply) => reply.GetProperty("text").GetString()!;

    [Fact]
    public async Task Completed_with_a_dated_follow_up_the_review_is_read_back_in_chat_and_in_the_record()
    {
        await StoreAsync(Scenario.Opened().ToReview());
        Assert.Contains("has not been completed yet; it is under way",
            Text(await SayAsync(Pablo, "review D1")), StringComparison.Ordinal);

        await ClickAsync(Dana, "review", "review.complete", Values(
            ("wentWell", "Clear gates\nFast QA"), ("couldImprove", "QA earlier"),
            ("followUp1", "Automate smoke tests"), ("owner1", "Quinn"), ("due1", "2026-03-20")));

        var review = Text(await SayAsync(Pablo, "review D1"));
        Assert.Contains("## Post-delivery review", review, StringComparison.Ordinal);
        Assert.Contains("### What went well\n- Clear gates\n- Fast QA\n", review, StringComparison.Ordinal);
        Assert.Contains("### What could improve\n- QA earlier\n", review, StringComparison.Ordinal);
        Assert.Contains("- F1: Automate smoke tests — owner Quinn, due 2026-03-20", review, StringComparison.Ordinal);
        var record = Text(await SayAsync(Dana, "record D1"));
        Assert.Contains("- F1: Automate smoke tests — owner Quinn, due 2026-03-20", record, StringComparison.Ordinal);
        Assert.True(record.IndexOf("## Post-delivery review", StringComparison.Ordinal)
            > record.IndexOf("## Status updates sent", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("next friday", "Follow-up 1's due date: 'next friday' is not a date")]
    [InlineData("2026-02-01", "A follow-up's due date (2026-02-01) cannot be before 2026-03-02")]
    public async Task A_due_date_that_does_not_parse_or_has_passed_is_refused_and_the_review_stays_open(
        string due, string said)
    {
        await StoreAsync(Scenario.Opened().ToReview());

        var answer = await ClickAsync(Dana, "review", "review.complete", Values(
            ("wentWell", "Clear gates"), ("couldImprove", "QA earlier"),
            ("followUp1", "Automate smoke tests"), ("owner1", "Quinn"), ("due1", due)));

        Assert.Contains(said, Texts(answer), StringComparison.Ordinal);
        Assert.Null((await NowAsync()).State.Review);
    }
}
