using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Record;
using DeliveryBot.Domain.Rendering;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Rendering;

public sealed class ClientMessagesTests
{
    [Fact]
    public void The_status_update_draft_says_where_things_stand_and_keeps_internal_matters_out()
    {
        var s = Scenario.Opened().ToQa();
        s.Ok(Dana, new AddRisk("Vendor API rate limits", Level.Medium, Level.High, "We cache responses", ConcernsClient: true));
        s.Ok(Dana, new AddRisk("Internal staffing", Level.Low, Level.Low, "Rota", ConcernsClient: false));
        s.Ok(Dana, new Escalate("QA capacity"));

        var draft = ClientMessages.StatusUpdateDraft(s.Delivery, new DateTimeOffset(2026, 4, 2, 9, 0, 0, TimeSpan.Zero));

        Assert.StartsWith("**Status update: Invoice Triage Agent for Contoso Ltd**\n\nWhere we are: QA (QA gate). Agreed delivery date: 10 April 2026.", draft);
        Assert.Contains("- Production complete: done 2 March 2026\n", draft);
        Assert.Contains("- QA certified: planned 27 March 2026 (running late)\n", draft);
        Assert.Contains("- Vendor API rate limits: We cache responses\n", draft);
        Assert.DoesNotContain("Internal staffing", draft);
        Assert.DoesNotContain("QA capacity", draft);
        Assert.EndsWith("Next: quality certification (target 27 March 2026).\n", draft);
    }

    [Fact]
    public void User_text_in_the_draft_is_escaped()
    {
        var s = Scenario.Opened();
        s.Ok(Dana, new AddRisk("[phish](http://evil.example)", Level.Low, Level.Low, "*none*", ConcernsClient: true));

        var draft = ClientMessages.StatusUpdateDraft(s.Delivery, Scenario.Start);

        Assert.Contains(@"\[phish\](http://evil.example): \*none\*", draft);
    }
}
