using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Record;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Teams.Tests.Cards;

/// <summary>
/// The risk register: `risk &lt;id&gt;` in chat posts it; through real invoke activities the DM or the PLA adds a risk
/// (likelihood and impact Low, Medium or High, a mitigation, whether the client hears of it) and the DM closes one
/// with the button beside it. Anyone else, and a form missing what the register needs, change nothing.
/// </summary>
public sealed class RiskCardTests : DeliveryCardClicks
{
    private static Scenario WithRisk()
    {
        var s = Scenario.Opened().ToProduction();
        s.Ok(Dana, new AddRisk("Vendor API rate limits", Level.Medium, Level.High, "Cache responses", true));
        return s;
    }

    private static Dictionary<string, System.Text.Json.Nodes.JsonNode?> Risk(
        string description, string likelihood, string impact, string mitigation, string client = "false")
        => Values(("description", description), ("likelihood", likelihood), ("impact", impact),
            ("mitigation", mitigation), ("concernsClient", client));

    [Fact]
    public async Task The_risk_command_posts_the_register_with_its_open_risks()
    {
        await StoreAsync(WithRisk());

        var reply = await SayAsync(Dana, "risk D1");

        var attachment = reply.GetProperty("attachments")[0];
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        var card = attachment.GetProperty("content");
        Assert.Equal("risk", card.GetProperty("refresh").GetProperty("action").GetProperty("data").GetProperty("card")
            .GetString());
        Assert.Contains(
            "R1: Vendor API rate limits | Likelihood Medium · impact High | Mitigation: Cache responses", Texts(card));
        Assert.Equal(["Close R1", "Add a risk", "Add"], Buttons(card));
        Assert.Equal(["Low", "Medium", "High"], Choices(card, "likelihood"));
        Assert.Equal(["Low", "Medium", "High"], Choices(card, "impact"));
    }

    [Theory]
    [InlineData("risk", "Which delivery? Type `risk <id>`")]
    [InlineData("risk D99", "There is no delivery D99.")]
    [InlineData("risk banana", "`banana` is not a delivery id")]
    public async Task The_risk_command_without_a_delivery_it_knows_answers_in_words(string text, string answer)
    {
        await StoreAsync(WithRisk());

        Assert.Contains(answer, (await SayAsync(Dana, text)).GetProperty("text").GetString());
    }

    [Fact]
    public async Task Pablo_adds_a_risk_and_dana_closes_it()
    {
        await StoreAsync(Scenario.Opened().ToProduction());

        var added = await ClickAsync(Pablo, "risk", "risk.add",
            Risk("Sample invoices arrive late", "Low", "High", "Use last year's set", "true"));
        Assert.Contains(
            "R1: Sample invoices arrive late | Likelihood Low · impact High | Mitigation: Use last year's set | " +
            "Raised by Pablo at 2026-03-02 11:00 · shared with the client in status updates", Texts(added));
        Assert.DoesNotContain("Close R1", Buttons(added)); // Pablo adds risks; closing them is the DM's
        var risk = (await NowAsync()).State.Risks.Single();
        Assert.Equal(
            (Level.Low, Level.High, true, true), (risk.Likelihood, risk.Impact, risk.ConcernsClient, risk.IsOpen));

        var register = await SeenByAsync(Dana, "risk");
        Assert.Equal("R1", ButtonData(register, "Close R1").GetProperty("risk").GetString());
        var closed = await ClickAsync(Dana, "risk", "risk.close", Values(("risk", "R1")));

        Assert.Contains(
            "No open risks. | Closed | R1: Sample invoices arrive late (closed 2026-03-02 11:00)", Texts(closed));
        Assert.False((await NowAsync()).State.Risks.Single().IsOpen);
    }

    [Theory]
    [InlineData("", "Medium", "High", "Cache", "⛔ Describe the risk. Nothing changed.")]
    [InlineData(
        "Vendor limits", "Huge", "High", "Cache",
            "⛔ Likelihood and impact are Low, Medium or High. Nothing changed.")]
    [InlineData(
        "Vendor limits", "Medium", "7", "Cache", "⛔ Likelihood and impact are Low, Medium or High. Nothing changed.")]
    [InlineData("Vendor limits", "Medium", "High", " ", "⛔ Say how the risk is mitigated. Nothing changed.")]
    public async Task A_risk_missing_what_the_register_needs_changes_nothing(
        string description, string likelihood, string impact, string mitigation, string note)
    {
        var stored = await StoreAsync(Scenario.Opened().ToProduction());

        Assert.Contains(
            note, Texts(await ClickAsync(Dana, "risk", "risk.add", Risk(description, likelihood, impact, mitigation))));
        Assert.Equal(stored.Version, (await NowAsync()).Version);
    }

    [Fact]
    public async Task Only_the_dm_closes_a_risk_and_only_the_dm_or_the_pla_adds_one()
    {
        var stored = await StoreAsync(WithRisk());

        var pablo = await ClickAsync(Pablo, "risk", "risk.close", Values(("risk", "R1")));
        var cora = await ClickAsync(Cora, "risk", "risk.add", Risk("Our budget is cut", "High", "High", "Ask again"));
        var forged = await ClickAsync(Dana, "risk", "risk.close", Values(("risk", "R1; drop")));

        Assert.Contains("🚫 Only the Delivery Manager (Dana) can do this.", Texts(pablo));
        Assert.Contains(
            "🚫 Only the Delivery Manager (Dana) or the Production Line Architect (Pablo) can do this.", Texts(cora));
        Assert.Empty(Buttons(cora));
        Assert.Contains("⛔ This button does not name a risk. Nothing changed.", Texts(forged));
        Assert.Equal(stored.Version, (await NowAsync()).Version);
        Assert.True((await NowAsync()).State.Risks.Single().IsOpen);
    }
}
