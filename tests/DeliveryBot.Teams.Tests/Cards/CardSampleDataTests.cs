using System.Text.Json;
using System.Text.Json.Nodes;
using DeliveryBot.Domain.Metrics;
using DeliveryBot.Teams.Cards.Views;

namespace DeliveryBot.Teams.Tests.Cards;

/// <summary>
/// Every template in cards/ has a view, a sample (see <see cref="CardSamples"/>) and sample data beside it that is
/// exactly what the view draws for the sample, so the data a card author opens in the Designer cannot drift from
/// the code. UPDATE_GOLDEN=1 rewrites the data files after a deliberate change; review their diff before committing.
/// </summary>
public sealed class CardSampleDataTests
{
    public static TheoryData<string> Templates() => [.. TemplateNames()];

    private static IEnumerable<string> TemplateNames()
        => Directory.GetFiles(Repo("cards"), "*.json").Where(f => !f.EndsWith(".data.json", StringComparison.Ordinal))
            .Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Templates))]
    public void The_sample_data_is_what_the_view_draws_for_the_sample_delivery(string template)
    {
        JsonObject drawn;
        if (Forms.TryGetValue(template, out var form)) drawn = form();
        else
        {
            Assert.True(CardSamples.Cards.Knows(template), $"cards/{template}.json has no card view");
            Assert.True(CardSamples.All.ContainsKey(template), $"cards/{template}.json has no sample in CardSamples");
            drawn = CardSamples.Data(template);
        }
        var path = Repo("cards", $"{template}.data.json");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
            File.WriteAllText(path, drawn.ToJsonString(new JsonSerializerOptions { WriteIndented = true,
                Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(File.ReadAllText(path)), drawn),
            $"cards/{template}.data.json is out of date with its view");
    }

    /// <summary>
    /// What every card carries is added after the view's own data and would overwrite a field of the same name: the
    /// status card's record version once became its buttons' version (0) that way.
    /// </summary>
    [Fact]
    public void No_view_draws_a_field_that_every_card_adds()
    {
        string[] added = ["card", "deliveryId", "focus", "version", "note", "mine", "canAct", "userIds"];
        foreach (var (template, sample) in CardSamples.All)
        {
            var (delivery, focus, context) = sample();
            var own = CardSamples.Cards.View(template).Draw(delivery, focus, context).Properties().Select(p => p.Key);
            Assert.True(!own.Intersect(added).Any(),
                $"{template} draws {string.Join(", ", own.Intersect(added))}, which every card adds itself");
        }
    }

    /// <summary>The cards that are not drawn from a delivery (forms and help), with their sample data.</summary>
    private static readonly Dictionary<string, Func<JsonObject>> Forms = new(StringComparer.Ordinal)
    {
        ["help"] = ()
            => DeliveryBot.Teams.Cards.Forms.HelpCard.Data([("status <id>", "The living status card of a delivery"),
            ("new", "Open a delivery: the intake form (you run it, or name its Delivery Manager)")]),
        ["intake"] = () => DeliveryBot.Teams.Cards.Forms.IntakeForm.Data(
            "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
            [new() { Id = "29:ivy", AadObjectId = "oid-ivy", Name = "Ivy" },
                new() { Id = "29:pablo", AadObjectId = "oid-pablo", Name = "Pablo" }],
            new DateOnly(2026, 3, 2), "Europe/London"),
        ["moved"] = () => DeliveryBot.Teams.Cards.Forms.MovedCard.Data("D1", "Contoso Ltd", "status"),
        ["metrics"] = MetricsSample,
    };

    /// <summary>
    /// The worked delivery's own card on 2 April 2026: April against March, its slips, stages and answers.
    /// </summary>
    private static JsonObject MetricsSample()
    {
        var d = TestKit.WorkedDelivery.Run().Delivery;
        var april = new ReportingPeriod(2026, 4, "Europe/London");
        return MetricsCard.Data(new MetricsCard.Input(
            "D1 · Contoso Ltd — Invoice Triage Agent",
            Current: PortfolioMetrics.Of([d], april),
            Previous: PortfolioMetrics.Of([d], april.Previous),
            Windows: [d],
            Today: new DateOnly(2026, 4, 2),
            One: d,
            Now: new DateTimeOffset(2026, 4, 2, 12, 0, 0, TimeSpan.Zero),
            Counted: "Counted from this delivery's record.")).ToJson();
    }

    [Fact]
    public void Every_card_view_has_its_template()
    {
        var templates = TemplateNames().ToHashSet();
        Assert.All(CardSamples.All.Keys, name => Assert.Contains(name, templates));
    }

    internal static string Repo(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "DeliveryBot.sln"))) dir = dir.Parent;
        return Path.Combine([dir.FullName, .. parts]);
    }
}
