using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.People;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>Wording shared by the cards.</summary>
internal static class CardText
{
    public static CardHeader Header(Delivery delivery, Stage stage, string yours = "")
        => new(
            $"{delivery.Id} · {delivery.State.Client} — {delivery.State.DigitalTalent}",
            $"Stage {(int)stage} · {stage.Title()}",
            yours);

    /// <summary>"2026-03-02", or "—" without a date.</summary>
    public static string Date(DateOnly? date)
    {
        if (date is not { } day) return "—";
        if (DateTexts.TryGetValue(day, out var text)) return text;
        text = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        // a delivery's dates are few and the status card shows them all on every redraw: each written once, as the
        // days a bot's cards name are a few years' worth (past the bound, written each time)
        if (DateTexts.Count < MostDateTexts) DateTexts.TryAdd(day, text);
        return text;
    }

    private const int MostDateTexts = 4096;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<DateOnly, string> DateTexts = new();

    /// <summary>"Acknowledged by Pablo at 2026-03-02 14:02", or null while undecided.</summary>
    public static string? Decision(Delivery delivery, GateCheck check)
        => delivery.DecisionFor(check) is { } d ? $"{check.DoneVerb} by {d.By} at {delivery.Time(d.At)}" : null;

    /// <summary>The actors of a check while it is undecided and answerable; nobody once decided.</summary>
    public static IReadOnlyList<Person> ActorsWhileOpen(Delivery delivery, GateCheck check, DateTimeOffset now)
        => delivery.DecisionFor(check) is null && Domain.Policies.GateRequests.OpenSince(delivery, check) is not null
            ? delivery.ActorsFor(check.Role, now)
            : [];

    /// <summary>"Pablo (Production Line Architect)", or "nobody yet (…)".</summary>
    public static string Holders(Delivery delivery, Role role, DateTimeOffset now)
        => Titled(Names(delivery, role, now), role);

    /// <summary>"Pablo, Sam (Production Line Architect)": the people who can act for the role, found already.</summary>
    public static string Holders(IReadOnlyList<Person> people, Role role) => Titled(Names(people), role);

    private static string Titled(string names, Role role) => $"{names} ({role.Title()})";

    /// <summary>Who can act for a role now (holders and stand-ins): "Pablo, Sam", or "nobody yet".</summary>
    public static string Names(Delivery delivery, Role role, DateTimeOffset now)
        => delivery.ActorsFor(role, now) is { Count: > 0 } people ? Names(people) : "nobody yet";

    /// <summary>People by name: "Pablo, Sam".</summary>
    public static string Names(IReadOnlyList<Person> people)
        => people.Count == 1
            ? people[0].DisplayName // most roles, on every card: no LINQ and no join
            : string.Join(", ", people.Select(p => p.DisplayName));

    /// <summary>A view model as card data: camelCase, as the templates name it (<see cref="ViewData"/>).</summary>
    public static ViewObject Data<T>(T view) => ViewData.Of(view);
}
