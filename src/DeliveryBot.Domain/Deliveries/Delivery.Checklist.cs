using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Domain.Deliveries;

/// <summary>The deployment checklist: what is ticked, by whom, and what is still open.</summary>
public sealed partial class Delivery
{
    /// <summary>The checklist items not ticked, in the seed's order.</summary>
    public IReadOnlyList<string> OpenChecklistItems
        => [.. DeploymentChecklist.AllItems.Where(i => !State.DeploymentChecklistDone.Contains(i))];

    public bool IsTicked(string item) => State.DeploymentChecklistDone.Contains(item);

    /// <summary>
    /// The item's last tick or untick; null when it was never marked (or was ticked before marks were kept).
    /// </summary>
    public ChecklistMark? LastMark(string item) => State.DeploymentChecklistMarks.FindLast(m => m.Item == item);

    /// <summary>Why "deployment succeeded" cannot be confirmed yet for the checklist; null when it can.</summary>
    internal string? ChecklistHoldsDeployment()
    {
        var open = OpenChecklistItems;
        if (open.Count == 0 || State.DeploymentChecklistOverride is not null) return null;
        return $"The deployment checklist has {open.Count} of {DeploymentChecklist.Count} items open: "
            + $"{string.Join(", ", open)}. Tick them, or the DM overrides the checklist with a reason.";
    }

    /// <summary>Ticks and unticks items (already known, already different from what stands), each marked.</summary>
    internal void MarkChecklist(IReadOnlyList<string> tick, IReadOnlyList<string> untick, CommandMeta meta)
        => Change(s => s with
        {
            DeploymentChecklistDone = s.DeploymentChecklistDone.RemoveRange(untick).AddRange(tick),
            DeploymentChecklistMarks = s.DeploymentChecklistMarks
                .AddRange(tick.Select(i => new ChecklistMark(i, Ticked: true, meta.Actor, meta.At)))
                .AddRange(untick.Select(i => new ChecklistMark(i, Ticked: false, meta.Actor, meta.At))),
        });
}
