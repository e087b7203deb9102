using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Record;
using DeliveryBot.Domain.Rendering;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Lifecycle;

/// <summary>
/// The requirements package the intake hands over: where the signed-off requirements are, when and by whom they were
/// signed off; kept on the record and shown after the template's sections.
/// </summary>
public sealed class RequirementsPackageTests
{
    private static Delivery OpenWith(RequirementsPackage package)
        => Delivery.Open(
            "D9", Scenario.SampleIntake() with { Requirements = package }, new Scenario().Meta(Dana));

    [Fact]
    public void The_package_is_kept_and_the_record_shows_it()
    {
        var d = OpenWith(new("https://contoso.sharepoint.com/req/v3", new DateOnly(2026, 2, 27), " Olga (Contoso) "));

        Assert.Equal(
            new RequirementsPackage(
                "https://contoso.sharepoint.com/req/v3", new DateOnly(2026, 2, 27), "Olga (Contoso)"),
            d.State.Requirements);
        var record = RecordMarkdown.Render(d, Scenario.Start);
        Assert.Contains(
            "## Requirements package\n- **Signed-off requirements:** https://contoso.sharepoint.com/req/v3\n"
                + "- **Signed off:** 2026-02-27 by Olga (Contoso)\n",
            record,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("javascript:alert(1)", "2026-02-27", "is not a web address")]
    [InlineData("sharepoint/req", "2026-02-27", "is not a web address")]
    [InlineData("", "2026-02-27", "The requirements link is required.")]
    [InlineData("https://contoso.example/req", "2026-03-03", "after the intake date (2026-03-02)")]
    [InlineData("https://contoso.example/req", "2025-01-01", "more than a year before the intake")]
    public void A_package_that_does_not_hold_is_refused(string link, string signedOff, string said)
    {
        var package = new RequirementsPackage(
            link, DateOnly.Parse(signedOff, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Contains(said, Assert.Throws<RuleViolation>(() => OpenWith(package)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_delivery_opened_without_a_package_has_none_and_the_record_no_such_section()
    {
        var d = Scenario.Opened().Delivery;

        Assert.Null(d.State.Requirements);
        Assert.DoesNotContain(
            "## Requirements package", RecordMarkdown.Render(d, Scenario.Start), StringComparison.Ordinal);
    }
}
