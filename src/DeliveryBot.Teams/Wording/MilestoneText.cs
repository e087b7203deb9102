using DeliveryBot.Domain.Milestones;

namespace DeliveryBot.Teams.Wording;

/// <summary>A milestone as people type it: its number in the record (1–9) or its title ("QA submitted").</summary>
internal static class MilestoneText
{
    public static Milestone? Parse(string text)
    {
        var words = string.Join(' ', text.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries));
        if (int.TryParse(words, System.Globalization.CultureInfo.InvariantCulture, out var n)
            && n >= 1 && n <= MilestoneNames.All.Count) return MilestoneNames.All[n - 1];
        foreach (var m in MilestoneNames.All)
            if (string.Equals(m.Title().Replace('-', ' '), words, StringComparison.OrdinalIgnoreCase)) return m;
        return null;
    }

    public static string Known => string.Join(", ", MilestoneNames.All.Select(m => m.Title().ToLowerInvariant()));
}
