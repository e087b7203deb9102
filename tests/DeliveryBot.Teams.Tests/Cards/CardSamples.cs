using System.Text.Json.Nodes;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Record;
using DeliveryBot.Teams.Cards;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Teams.Tests.Cards;

/// <summary>
/// The sample behind each card's sample data (cards/&lt;name&gt;.data.json): a delivery at the point where the card
/// matters, the card's focus, and who is looking. One entry per card template.
/// </summary>
public static class CardSamples
{
    public sealed record Sample(Delivery Delivery, string Focus, CardContext Context);

    public static readonly DateTimeOffset At = new(2026, 4, 2, 14, 2, 0, TimeSpan.Zero);

    public static readonly IReadOnlyDictionary<string, Func<Sample>> All = new Dictionary<string, Func<Sample>>(StringComparer.Ordinal)
    {
        ["status"] = () => new(StatusDelivery(), "", new CardContext(At)),
        ["gate"] = () =>
        {
            var s = Scenario.Opened().Planned();
            return new(s.Delivery, "schedule-acknowledged-pla", new CardContext(s.Clock.GetUtcNow()));
        },
    };

    /// <summary>Every card view of the bot, as the bot registers them.</summary>
    public static DeliveryCards Cards { get; } = new(new CardTemplates(),
        typeof(IDeliveryCardView).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.IsAssignableTo(typeof(IDeliveryCardView)))
            .Select(t => (IDeliveryCardView)Activator.CreateInstance(t)!));

    public static JsonObject Data(string template)
    {
        var sample = All[template]();
        return Cards.Data(new CardRef(template, sample.Delivery.Id, sample.Focus), sample.Delivery, sample.Context);
    }

    /// <summary>A delivery in QA with a failed attempt, an open risk and an open escalation: the status card's sample.</summary>
    public static Delivery StatusDelivery()
    {
        var s = Scenario.Opened().ToQa();
        s.Ok(Dana, new AddRisk("Vendor API rate limits", Level.Medium, Level.High, "Cache responses", true));
        s.Ok(Quinn, new RecordQaVerdict(1, QaVerdict.Fail, "Credit notes misrouted"));
        s.Ok(Dana, new Escalate("QA capacity is short this week"));
        return s.Delivery;
    }
}
