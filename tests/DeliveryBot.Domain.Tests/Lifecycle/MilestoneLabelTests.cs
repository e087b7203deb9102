using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Milestones;

namespace DeliveryBot.Domain.Tests.Lifecycle;

/// <summary>
/// A milestone's label says the same whether its text was made for it or kept from an earlier row with the same
/// numbers (the status card shows every label on every redraw, so the texts of small numbers are kept).
/// </summary>
public sealed class MilestoneLabelTests
{
    private static MilestoneView View(MilestoneStatus status, int late, int acceptable = 2)
        => new(new MilestoneEntry(Milestone.QaSubmitted, null, null, acceptable), status, late);

    /// <summary>The labels as they were written before any was kept.</summary>
    private static string Written(MilestoneStatus status, int late, int acceptable) => status switch
    {
        MilestoneStatus.Late when late == 0 => "Late",
        MilestoneStatus.Late => $"Late ({late} business day{(late == 1 ? "" : "s")})",
        MilestoneStatus.BeyondAcceptableDelay =>
            $"Late ({late} business days, beyond the acceptable {acceptable})",
        MilestoneStatus.DoneLate => $"Done ({late} business day{(late == 1 ? "" : "s")} late)",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static TheoryData<MilestoneStatus> Numbered
        => [MilestoneStatus.Late, MilestoneStatus.BeyondAcceptableDelay, MilestoneStatus.DoneLate];

    [Theory]
    [MemberData(nameof(Numbered))]
    public void A_late_label_reads_the_same_made_kept_and_past_the_numbers_kept(MilestoneStatus status)
    {
        int[] acceptables = [0, 1, 2, 5, NumberTexts.Kept - 1, NumberTexts.Kept, 1_000, -1];
        int[] lates = [0, 1, 2, 3, 17, NumberTexts.Kept - 1, NumberTexts.Kept, NumberTexts.Kept + 1, 10_000, -3];
        foreach (var acceptable in acceptables)
            foreach (var late in lates)
            {
                var first = View(status, late, acceptable).Label;
                var again = View(status, late, acceptable).Label;
                Assert.Equal(Written(status, late, acceptable), first);
                Assert.Equal(first, again);
            }
    }

    [Fact]
    public void A_small_number_s_text_is_made_once_and_a_large_one_each_time()
    {
        Assert.Same(View(MilestoneStatus.Late, 4).Label, View(MilestoneStatus.Late, 4).Label);
        Assert.Same(View(MilestoneStatus.DoneLate, 4).Label, View(MilestoneStatus.DoneLate, 4).Label);
        Assert.Same(
            View(MilestoneStatus.BeyondAcceptableDelay, 9, 3).Label,
            View(MilestoneStatus.BeyondAcceptableDelay, 9, 3).Label);
        // the same number beyond another acceptable delay is another text
        Assert.NotEqual(
            View(MilestoneStatus.BeyondAcceptableDelay, 9, 3).Label,
            View(MilestoneStatus.BeyondAcceptableDelay, 9, 4).Label);
        Assert.NotSame(
            View(MilestoneStatus.Late, NumberTexts.Kept + 5).Label,
            View(MilestoneStatus.Late, NumberTexts.Kept + 5).Label);
    }

    [Fact]
    public void Numbers_texts_keep_what_they_made_for_each_number_apart()
    {
        var made = 0;
        var texts = new NumberTexts(n =>
        {
            made++;
            return $"#{n}";
        });

        Assert.Equal("#0", texts[0]);
        Assert.Equal("#7", texts[7]);
        Assert.Equal("#0", texts[0]);
        Assert.Equal("#7", texts[7]);
        Assert.Equal(2, made);
        Assert.Equal($"#{NumberTexts.Kept}", texts[NumberTexts.Kept]);
        Assert.Equal($"#{NumberTexts.Kept}", texts[NumberTexts.Kept]);
        Assert.Equal("#-1", texts[-1]);
        Assert.Equal(5, made);
    }
}
