using DeliveryBot.Teams.Tests.Support;
using Microsoft.Extensions.Options;

namespace DeliveryBot.Teams.Tests;

public sealed class StartupTests
{
    [Fact]
    public void Outside_development_the_bot_refuses_to_start_without_an_app_id()
    {
        using var bot = new ChannelFactory(new Dictionary<string, string?>(), environment: "Production");

        var e = Assert.Throws<OptionsValidationException>(() => bot.CreateClient());

        Assert.Contains("MicrosoftAppId is not set", e.Message);
    }

    [Fact]
    public void A_single_tenant_bot_needs_its_tenant()
    {
        using var bot = new ChannelFactory(new Dictionary<string, string?> { ["MicrosoftAppId"] = "x", ["MicrosoftAppType"] = "SingleTenant" }, environment: "Production");

        Assert.Contains("MicrosoftAppTenantId", Assert.Throws<OptionsValidationException>(() => bot.CreateClient()).Message);
    }
}
