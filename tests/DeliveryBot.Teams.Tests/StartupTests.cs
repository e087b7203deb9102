using DeliveryBot.Teams.Tests.Support;
using Microsoft.Extensions.Options;

namespace DeliveryBot.Teams.Tests;

public sealed class StartupTests
{
    [Fact]
    public void Outside_development_the_bot_refuses_to_start_without_an_app_id()
        => Assert.Contains("MicrosoftAppId is not set", StartupFailure(new Dictionary<string, string?>()).Message);

    [Fact]
    public void A_single_tenant_bot_needs_its_tenant()
        => Assert.Contains("MicrosoftAppTenantId", StartupFailure(
            new Dictionary<string, string?> { ["MicrosoftAppId"] = "x", ["MicrosoftAppType"] = "SingleTenant" })
            .Message);

    [Theory]
    [InlineData("Bot:MaxActivityBytes", "0", "Bot:MaxActivityBytes must be between 4 KB and 4 MB.")]
    [InlineData("Bot:CallTimeout", "00:00:00", "Bot:RetryBaseDelay and Bot:CallTimeout must be positive.")]
    [InlineData("Bot:FirstContactCardsPerDay", "0", "Bot:FirstContactCardsPerDay must be at least 1.")]
    [InlineData("Graph:ClientId", "client-1", "Graph:TenantId, Graph:ClientSecret are not set")]
    [InlineData("Reminders:Node", "node 1/2", "Reminders:Node may hold letters, digits")]
    [InlineData("Reminders:IntervalSeconds", "7", "Reminders:IntervalSeconds must divide a minute")]
    [InlineData("Reminders:OutboxSeconds", "90", "Reminders:OutboxSeconds must divide a minute")]
    [InlineData("Dashboard:Enabled", "true", "Dashboard:Enabled needs a way to sign operators in")]
    [InlineData("Dashboard:TenantId", "t", "Dashboard:TenantId, ClientId and AdminGroupId go together")]
    [InlineData("SignOff:Keys:k1", "c2hvcnQ=", "Every SignOff:Keys entry must be a key id")]
    [InlineData("SignOff:Keys:k1", "c2lnbi1vZmYgdGVzdCBrZXkgb2YgdGhpcnR5LXR3byBieXRlcyE=", "Sign-off links need")]
    [InlineData("SignOff:ValidFor", "91.00:00:00", "SignOff:ValidFor must be positive and at most 90 days.")]
    [InlineData("SignOff:PublicBaseUrl", "http://bot.contoso.com", "SignOff:PublicBaseUrl must be an absolute https")]
    [InlineData("SignOff:SigningKey", "k9", "SignOff:SigningKey must name one of SignOff:Keys")]
    [InlineData("Storage:RecordCache", "500", "Storage:RecordCache (a number of records) is replaced by")]
    [InlineData("Storage:RecordCacheMegabytes", "-1", "Storage:RecordCacheMegabytes must be between 0 and 65536")]
    public void A_setting_out_of_range_or_half_a_configuration_stops_the_start_and_says_which(
        string key, string value, string said)
        => Assert.Contains(
            said, StartupFailure(new Dictionary<string, string?> { ["MicrosoftAppId"] = "x", [key] = value }).Message);

    /// <summary>
    /// Starts the bot in Production and returns why it refused. The host fails on its own thread; WebApplicationFactory
    /// sometimes looks at it only after it has disposed itself and then reports the disposed service provider instead
    /// of the reason, so a fresh factory tries again (a harness race, not the bot's).
    /// </summary>
    private static OptionsValidationException StartupFailure(Dictionary<string, string?> settings)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var bot = new ChannelFactory(settings, environment: "Production");
            try
            {
                bot.CreateClient();
                Assert.Fail("The bot started.");
            }
            catch (OptionsValidationException e) { return e; }
            catch (ObjectDisposedException) when (attempt < 5) { }
        }
    }
}
