using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Domain.Deliveries;

/// <summary>Read-only views of the record derived from its state.</summary>
public sealed partial class Delivery
{
    /// <summary>The handover communication once it went (marked sent, or taken by Teams or the mail server).</summary>
    public StatusUpdate? HandoverSent
        => State.StatusUpdates.Find(u => u.Type == CommunicationType.HandoverCommunication && u.IsSent);

    /// <summary>
    /// A message of this kind the bot is sending now, if any: one at a time, so a second press waits for its outcome.
    /// </summary>
    public StatusUpdate? BeingSent(CommunicationType type)
        => State.StatusUpdates.Find(u => u.Type == type && u.State == CommunicationState.Sending);

    /// <summary>
    /// How the bot can send a client message, the one place this rule lives (the Send button shows where it can, and
    /// the command refuses where it cannot): to the client contact in Teams when the bot knows their Entra id (a
    /// member, guest or federated user of the delivery's organisation), else by email when they are known by email
    /// and <paramref name="mail"/> says Graph can send it, from the shared mailbox or the Delivery Manager's address.
    /// Null: the DM sends it another way and marks it sent.
    /// </summary>
    public ClientSendRoute? ClientSendRoute(MailRoute? mail)
    {
        if (HolderOf(People.Role.ClientContact) is not { } contact) return null;
        if (contact.ObjectId is not null) return new ClientSendRoute(ClientChannel.Teams, contact, From: null);
        var from = mail?.SharedMailbox ?? HolderOf(People.Role.DeliveryManager)?.Email;
        return mail is not null && contact.Email is not null && from is not null
            ? new ClientSendRoute(ClientChannel.Email, contact, from)
            : null;
    }

    /// <summary>
    /// The open risks, the worst (likelihood × impact) first, so a card that lists a few of a long register shows what
    /// matters most; risks as bad as each other keep the register's order. The one ordering the status card and the
    /// register card list risks in.
    /// </summary>
    public IReadOnlyList<Risk> OpenRisksWorstFirst()
    {
        var open = new List<Risk>();
        foreach (var r in State.Risks)
            if (r.IsOpen) open.Add(r);
        if (open.Count < 2) return open;
        var order = new (int Score, int Index)[open.Count];
        for (var i = 0; i < open.Count; i++) order[i] = (-((int)open[i].Likelihood * (int)open[i].Impact), i);
        Array.Sort(order); // by score, worst first, then by place in the register: a stable order
        var sorted = new List<Risk>(open.Count);
        foreach (var (_, index) in order) sorted.Add(open[index]);
        return sorted;
    }

    /// <summary>The actual delivery date is the day the handover reached the client.</summary>
    public DateOnly? ActualDeliveryDate => State.Milestones[(int)Milestone.ClientHandover].Actual;

    public IReadOnlyList<MilestoneView> MilestoneViews(DateTimeOffset now)
    {
        var today = Calendar.LocalDate(now);
        // a loop into an array of the right length: the status card asks on every redraw
        var views = new MilestoneView[State.Milestones.Count];
        var i = 0;
        foreach (var milestone in State.Milestones) views[i++] = View(milestone, today);
        return views;
    }

    public MilestoneView View(MilestoneEntry entry, DateOnly today)
    {
        if (entry.Skipped) return new(entry, MilestoneStatus.Skipped, 0);
        if (entry.Actual is { } actual)
            return entry.Target is { } t && actual > t
                ? new(entry, MilestoneStatus.DoneLate, Calendar.BusinessDaysBetween(t, actual))
                : new(entry, MilestoneStatus.Done, 0);
        if (entry.Target is not { } target) return new(entry, MilestoneStatus.NotScheduled, 0);
        if (today < target) return new(entry, MilestoneStatus.Upcoming, 0);
        if (today == target) return new(entry, MilestoneStatus.DueToday, 0);
        var late = Calendar.BusinessDaysBetween(target, today);
        return new(
            entry,
            late > entry.AcceptableDelayDays ? MilestoneStatus.BeyondAcceptableDelay : MilestoneStatus.Late,
            late);
    }
}
