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
        s.Ok(Dana, new AddRisk(
            "Vendor API rate limits", Level.Medium, Level.High, "We cache responses", ConcernsClient: true));
        s.Ok(Dana, new AddRisk("Internal staffing", Level.Low, Level.Low, "Rota", ConcernsClient: false));
        s.Ok(Dana, new Escalate("QA capacity"));

        var draft = ClientMessages.StatusUpdateDraft(
            s.Delivery, new DateTimeOffset(2026, 4, 2, 9, 0, 0, TimeSpan.Zero));

        Assert.StartsWith(
            "**Status update: Invoice Triage Agent for Contoso Ltd**\n\n" +
            "Where we are: QA (QA gate). Agreed delivery date: 10 April 2026.",
            draft);
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

    [Fact]
    public void The_initial_communication_shares_the_scope_the_schedule_and_who_to_contact()
    {
        var draft = ClientMessages.InitialCommunicationDraft(Scenario.Opened().Planned().Delivery);

        Assert.StartsWith("Delivery of Invoice Triage Agent for Contoso Ltd\n\nScope: ", draft);
        Assert.Contains("- Production start: ", draft);
        Assert.Contains("- Client handover: ", draft);
        Assert.Contains("Your contact throughout is Dana (dana@contoso.test).", draft);
    }

    [Fact]
    public void The_delay_notice_says_what_slipped_the_dates_now_and_what_is_being_done()
    {
        var s = Scenario.Opened().ToQa();
        s.Ok(Quinn, new RecordQaVerdict(1, QaVerdict.Fail, "Credit notes misrouted"));

        var draft = ClientMessages.DelayNoticeDraft(s.Delivery, s.Clock.GetUtcNow());

        Assert.Contains("- Quality check 1 did not pass; the issues found are being fixed", draft);
        Assert.Contains("The dates now:\n- QA certified: ", draft);
        Assert.DoesNotContain("Credit notes misrouted", draft); // the internal failure report stays internal
        Assert.Contains("What we are doing: quality certification", draft);
    }

    [Fact]
    public void The_handover_communication_is_the_package_and_asks_for_confirmation()
    {
        var s = Scenario.Opened().ToHandover();
        Assert.Contains("Prepare the handover package first", ClientMessages.HandoverCommunicationDraft(s.Delivery));
        s.Ok(Dana, new PrepareHandover(Scenario.SamplePackage));

        var draft = ClientMessages.HandoverCommunicationDraft(s.Delivery, TextFormat.Markdown);

        Assert.StartsWith("**Handover: Invoice Triage Agent for Contoso Ltd**", draft);
        Assert.Contains("How to access and use it: Open the Teams app", draft);
        Assert.EndsWith("Please confirm you have received it, and tell us your first impressions.\n", draft);
    }
}
