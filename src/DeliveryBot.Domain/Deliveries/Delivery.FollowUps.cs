using System.Globalization;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Domain.Deliveries;

/// <summary>The review's follow-ups: whom an owner's text names, and finding one by its number (F1, F2…).</summary>
public sealed partial class Delivery
{
    /// <summary>
    /// The stakeholder an owner's text names: a role's title or short name ("qa", "Delivery Manager": its holder),
    /// an email, or a display name, any case; null when it names nobody, or more than one person, on this delivery
    /// (the follow-up then stays text only, and its Delivery Manager is the one nudged).
    /// </summary>
    public Person? StakeholderNamed(string owner)
    {
        var text = owner.Trim();
        if (text.Length == 0) return null;
        if (RoleNames.Parse(text) is { } role) return HolderOf(role);
        var named = State.Stakeholders
            .Select(s => s.Person)
            .Where(p => string.Equals(p.Email, text, StringComparison.OrdinalIgnoreCase)
                || string.Equals(p.DisplayName.Trim(), text, StringComparison.OrdinalIgnoreCase))
            .ToList();
        return named.Count > 0 && named.All(p => p.IsSameAs(named[0])) ? named[0] : null;
    }

    /// <summary>The follow-up's id as people type it: F and its number in the review, from 1.</summary>
    public static string FollowUpId(int index) => $"F{(index + 1).ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The follow-up with that id (F1, f2), with its index; null when the review has none such.</summary>
    public (FollowUp FollowUp, int Index)? FindFollowUp(string id)
    {
        if (State.Review is not { } review || id.Length < 2 || char.ToUpperInvariant(id[0]) != 'F'
            || !int.TryParse(id.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            || n < 1 || n > review.FollowUps.Count) return null;
        return (review.FollowUps[n - 1], n - 1);
    }

    /// <summary>Who is nudged about an open follow-up: its owner when they are in Teams, else the DM.</summary>
    public Person? NudgedFor(FollowUp followUp, DateTimeOffset at)
        => followUp.OwnedBy is { ObjectId: not null } owner
            ? owner
            : ActiveDelegations(Role.DeliveryManager, at).Select(d => d.To).FirstOrDefault()
                ?? HolderOf(Role.DeliveryManager);
}
