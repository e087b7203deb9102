using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Record;

/// <summary>
/// One item of the deployment checklist ticked or unticked, by whom and when. The marks, in order, are each item's
/// trace: the last one says where it stands and who put it there.
/// </summary>
public sealed record ChecklistMark(string Item, bool Ticked, Person By, DateTimeOffset At);

/// <summary>
/// The DM let "deployment succeeded" go ahead with checklist items still open: who, when, why, and which items were
/// open at that moment (the record keeps them, whatever is ticked later).
/// </summary>
public sealed record ChecklistOverride(Person By, DateTimeOffset At, string Reason, IReadOnlyList<string> OpenItems);
