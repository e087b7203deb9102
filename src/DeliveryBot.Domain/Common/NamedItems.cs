namespace DeliveryBot.Domain.Common;

/// <summary>
/// Names typed or sent for the items of a fixed list (the deployment checklist, the exit criteria): the items they
/// name, in the order given and once each, and the names the list lacks, as a refusal quotes them.
/// </summary>
public static class NamedItems
{
    public static (List<T> Known, List<string> Unknown) Resolve<T>(IEnumerable<string>? names, Func<string, T?> find)
        where T : class
    {
        var known = new List<T>();
        var unknown = new List<string>();
        foreach (var name in names ?? [])
        {
            if (find(name) is { } item) { if (!known.Contains(item)) known.Add(item); }
            else unknown.Add(UserText.Shown(name));
        }
        return (known, unknown);
    }
}
