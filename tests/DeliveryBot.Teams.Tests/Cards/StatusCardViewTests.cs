using System.Text.Json.Nodes;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.Teams.Cards;
using DeliveryBot.Teams.Cards.Templating;
using DeliveryBot.Teams.Cards.Views;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Teams.Tests.Cards;

public sealed class StatusCardViewTests
{
    private static string Repo(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "DeliveryBot.sln"))) dir = dir.Parent;
        return Path.Combine([dir.FullName, .. parts]);
    }

    private static JsonObject Sample() => CardSamples.Data("status");

    [Fact]
    public void A_date_reads_the_same_when_first_written_when_kept_and_past_the_days_kept()
    {
        var first = new DateOnly(2019, 12, 30);
        for (var d = 0; d < 5_000; d++) // past the 4,096 days kept
        {
            var day = first.AddDays(d);
            var expected = $"{day.Year:D4}-{day.Month:D2}-{day.Day:D2}";
            Assert.Equal(expected, CardText.Date(day));
            Assert.Equal(expected, CardText.Date(day));
        }
        Assert.Equal("—", CardText.Date(null));
    }

    [Fact]
    public void The_card_shows_the_stage_late_milestones_risks_escalations_and_who_owes_what()
    {
        var card = CardTemplate.Parse(File.ReadAllText(Repo("cards", "status.json"))).Expand(Sample())!
            .ToJsonString(new System.Text.Json.JsonSerializerOptions {
                Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

        Assert.Contains("D1 · Contoso Ltd — Invoice Triage Agent", card);
        Assert.Contains("4. QA gate", card);
        Assert.Contains("Late (4 business days, beyond the acceptable 2)", card);
        Assert.Contains("\"color\":\"Attention\"", card);
        Assert.Contains("Vendor API rate limits (Medium likelihood, High impact)", card);
        Assert.Contains("D1-E1: QA capacity is short this week (Open)", card);
        Assert.Contains("Remediate QA attempt 1 and resubmit — Pablo (Production Line Architect)", card);
        Assert.Contains("\"verb\":\"card.refresh\"", card);
        // the record's version, which the audit trail names, not the version its (no) buttons ask about
        Assert.Contains($"(version {CardSamples.StatusDelivery().Version})", card);
        Assert.Contains("\"text\":\"Production Line Architect\"", card);   // every card shows who holds each role
        Assert.Contains("\"text\":\"Clara\"", card);
        Assert.DoesNotContain("${", card);
    }

    [Fact]
    public void A_closed_delivery_shows_the_risks_it_closed_with_as_such_not_as_open_risks()
    {
        var s = Scenario.Opened();
        s.Ok(Dana, new AddRisk("Vendor API rate limits", Level.Medium, Level.High, "Cache responses"));
        string Drawn() => CardTemplate.Parse(File.ReadAllText(Repo("cards", "status.json")))
            .Expand(CardText.Data(StatusCardData.From(s.Delivery, s.Clock.GetUtcNow())))!.ToJsonString();
        Assert.Contains("\"text\":\"Open risks\"", Drawn());

        s.Reviewed();
        s.Ok(Dana, new CloseDelivery());

        var card = Drawn();
        Assert.DoesNotContain("Open risks", card);
        Assert.Contains("\"text\":\"Risks still open at closing\"", card);
        Assert.Contains("Vendor API rate limits (Medium likelihood, High impact)", card);
    }

    [Fact]
    public void Open_risks_are_listed_worst_first_in_register_order_among_equals_and_the_rest_counted()
    {
        var s = Scenario.Opened();
        // score = likelihood × impact (Low counts 0): R1 0, R2 2, R3 4, R4 2, R5 closed 4, R6..R12 1
        s.Ok(Dana, new AddRisk("R1 low", Level.Low, Level.High, "m"));
        s.Ok(Dana, new AddRisk("R2 medium-high", Level.Medium, Level.High, "m"));
        s.Ok(Dana, new AddRisk("R3 high-high", Level.High, Level.High, "m"));
        s.Ok(Dana, new AddRisk("R4 high-medium", Level.High, Level.Medium, "m"));
        s.Ok(Dana, new AddRisk("R5 closed", Level.High, Level.High, "m"));
        for (var i = 6; i <= 12; i++) s.Ok(Dana, new AddRisk($"R{i} medium", Level.Medium, Level.Medium, "m"));
        s.Ok(Dana, new CloseRisk("R5"));
        s.Ok(Dana, new Escalate("first"));
        s.Ok(Dana, new Escalate("second"));
        s.Ok(Clara, new ResolveEscalation("D1-E1", "done"));

        var view = StatusCardData.From(s.Delivery, s.Clock.GetUtcNow());

        Assert.Equal(
            ["R3 high-high", "R2 medium-high", "R4 high-medium", "R6 medium", "R7 medium", "R8 medium", "R9 medium",
                "R10 medium"],
            view.Risks.Select(r => r.Description));
        Assert.Equal("3 more: `risk D1` lists them all", view.MoreRisks); // 11 open, 8 listed
        Assert.Equal(["D1-E2"], view.Escalations.Select(e => e.Id));
        Assert.Equal("", view.MoreEscalations);
        Assert.Equal(7, view.Stages.Count);
        Assert.Equal(RoleNames.All.Count, view.People.Count);
    }

    [Fact]
    public void Whoever_stands_in_for_someone_away_is_named_beside_them_and_only_while_they_are()
    {
        var s = Scenario.Opened().Planned();
        string Architects() => StatusCardData.From(s.Delivery, s.Clock.GetUtcNow()).People
            .Single(p => p.Role == Role.ProductionLineArchitect.Title()).Names;
        Assert.Equal("Pablo", Architects());

        s.Ok(Pablo, new DelegateRole(Role.ProductionLineArchitect, Sam, new DateOnly(2026, 3, 3), "Annual leave"));

        Assert.Equal("Pablo (away: Sam for Pablo until 2026-03-03)", Architects());
        Assert.Equal("Dana", StatusCardData.From(s.Delivery, s.Clock.GetUtcNow()).People
            .Single(p => p.Role == Role.DeliveryManager.Title()).Names); // nobody away in other roles
        s.Clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal("Pablo", Architects());
    }

    [Fact]
    public void Render_card_prints_the_expanded_card_and_refuses_a_bad_call()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.Equal(
            0, RenderCard.Run([Repo("cards", "status.json"), Repo("cards", "status.data.json")], output, error));
        Assert.Contains("\"text\": \"D1 · Contoso Ltd — Invoice Triage Agent\"", output.ToString());
        Assert.Equal(2, RenderCard.Run([], output, error));
        Assert.Equal(1, RenderCard.Run(["no-such-card.json"], output, error));
        Assert.Contains("render-card:", error.ToString());
    }

    [Fact]
    public void User_text_goes_into_plain_text_runs_so_markdown_in_it_stays_inert()
    {
        var s = Scenario.Opened();
        s.Ok(Dana, new AddRisk("[click me](https://evil.example) **now**", Level.Low, Level.Low, "m"));
        var card = CardTemplate.Parse(File.ReadAllText(Repo("cards", "status.json")))
            .Expand(CardSamples.Cards.Data(new CardRef("status", "D1"), s.Delivery, new CardContext(Scenario.Start)))!;

        var holder = card["body"]!.AsArray()
            .Single(b => b!.ToJsonString().Contains("click me", StringComparison.Ordinal))!;

        Assert.Equal("RichTextBlock", holder["type"]!.GetValue<string>());
        Assert.Equal("TextRun", holder["inlines"]![0]!["type"]!.GetValue<string>());
    }
}
