using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.Domain.Rendering;
using DeliveryBot.TestKit;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Lifecycle;

/// <summary>The sign-off link's lifecycle on the record: issued, used once, expired, revoked.</summary>
public sealed class SignOffLinkTests
{
    private static readonly TimeSpan Fortnight = TimeSpan.FromDays(14);

    private static AcknowledgeReceipt ThroughLink(string link = "L1")
        => new("All there", "Very satisfied", SignedOff: new SignOffUse(link, "203.0.113.7", "Firefox"));

    [Fact]
    public void The_dm_issues_numbered_links_once_the_handover_went()
    {
        var s = Scenario.Opened().HandoverSent();

        s.Ok(Dana, new IssueSignOffLink(Fortnight));
        s.Later(TimeSpan.FromHours(1)).Ok(Dana, new IssueSignOffLink(Fortnight));

        var links = s.Delivery.State.SignOffLinks;
        Assert.Equal(["L1", "L2"], links.Select(l => l.Id));
        Assert.Equal(Dana, links[0].IssuedBy);
        Assert.Equal(links[0].IssuedAt + Fortnight, links[0].ExpiresAt);
        Assert.Contains(s.Delivery.State.Audit, e => e.Action == "issue-signoff-link" && e.Summary.Contains("L2"));
    }

    [Fact]
    public void A_link_is_refused_before_the_handover_went_after_receipt_and_to_anyone_but_the_dm()
    {
        var before = Scenario.Opened().ToHandover();
        Assert.Contains("not been sent", before.Do(Dana, new IssueSignOffLink(Fortnight)).Message);

        var s = Scenario.Opened().HandoverSent();
        Assert.Equal(OutcomeKind.Forbidden, s.Do(Pablo, new IssueSignOffLink(Fortnight)).Kind);
        Assert.Equal(OutcomeKind.Forbidden, s.Do(Cora, new IssueSignOffLink(Fortnight)).Kind);
        Assert.Contains("up to 90 days", s.Do(Dana, new IssueSignOffLink(TimeSpan.FromDays(91))).Message);
        s.Ok(Cora, new AcknowledgeReceipt("Thanks", Satisfaction: null));
        Assert.Contains("already acknowledged", s.Do(Dana, new IssueSignOffLink(Fortnight)).Message);
        Assert.Empty(s.Delivery.State.SignOffLinks);
    }

    [Fact]
    public void The_dms_stand_in_issues_and_revokes_too()
    {
        var s = Scenario.Opened().HandoverSent();
        s.Ok(Dana, new DelegateRole(Role.DeliveryManager, Sam, new DateOnly(2026, 12, 31)));

        s.Ok(Sam, new IssueSignOffLink(Fortnight));
        s.Ok(Sam, new RevokeSignOffLinks());

        Assert.Equal(Sam, s.Delivery.State.SignOffLinks[0].RevokedBy);
    }

    [Fact]
    public void The_client_acknowledges_through_a_link_which_passes_the_gate_and_uses_it_up()
    {
        var s = Scenario.Opened().HandoverSent();
        s.Ok(Dana, new IssueSignOffLink(Fortnight));

        s.Later(TimeSpan.FromDays(1)).Ok(Cora, ThroughLink());

        var ack = s.Delivery.State.ClientAcknowledgement!;
        Assert.Equal(Cora, ack.RecordedBy);
        Assert.Equal(new SignOffUse("L1", "203.0.113.7", "Firefox"), ack.SignedOff);
        Assert.Equal(s.Clock.GetUtcNow(), s.Delivery.State.SignOffLinks[0].UsedAt);
        Assert.Equal(StageState.Passed, s.Delivery.Progress(Stage.ClientHandover).State);
        Assert.Null(s.Delivery.DecisionFor(Checks.ClientReceipt)!.OnBehalfOf);
        Assert.Equal(OutcomeKind.AlreadyDecided, s.Do(Cora, ThroughLink()).Kind);
        var md = RecordMarkdown.Render(s.Delivery, s.Clock.GetUtcNow());
        Assert.Contains("## Client sign-off", md);
        Assert.Contains("through link L1, from 203.0.113.7 (Firefox)", md);
    }

    [Fact]
    public void An_expired_revoked_or_unknown_link_acknowledges_nothing()
    {
        var expired = Scenario.Opened().HandoverSent();
        expired.Ok(Dana, new IssueSignOffLink(TimeSpan.FromDays(1)));
        expired.Later(TimeSpan.FromDays(1));
        AssertRefused(expired, ThroughLink());
        Assert.Contains("| expired |", RecordMarkdown.Render(expired.Delivery, expired.Clock.GetUtcNow()));

        var revoked = Scenario.Opened().HandoverSent();
        revoked.Ok(Dana, new IssueSignOffLink(Fortnight));
        revoked.Ok(Dana, new RevokeSignOffLinks());
        AssertRefused(revoked, ThroughLink());
        Assert.Contains("no sign-off link that still works", revoked.Do(Dana, new RevokeSignOffLinks()).Message);

        var unknown = Scenario.Opened().HandoverSent();
        unknown.Ok(Dana, new IssueSignOffLink(Fortnight));
        AssertRefused(unknown, ThroughLink("L2"));
    }

    [Fact]
    public void Only_the_client_contact_acknowledges_through_a_link()
    {
        var s = Scenario.Opened().HandoverSent();
        s.Ok(Dana, new IssueSignOffLink(Fortnight));

        Assert.Equal(OutcomeKind.Forbidden, s.Do(Dana, ThroughLink()).Kind);
        Assert.Null(s.Delivery.State.SignOffLinks[0].UsedAt);
    }

    [Fact]
    public void Revoking_leaves_used_and_expired_links_as_they_were()
    {
        var s = Scenario.Opened().HandoverSent();
        s.Ok(Dana, new IssueSignOffLink(TimeSpan.FromHours(1)));
        s.Later(TimeSpan.FromHours(2)).Ok(Dana, new IssueSignOffLink(Fortnight));

        s.Ok(Dana, new RevokeSignOffLinks());

        Assert.Null(s.Delivery.State.SignOffLinks[0].RevokedAt);
        Assert.NotNull(s.Delivery.State.SignOffLinks[1].RevokedAt);
    }

    private static void AssertRefused(Scenario s, AcknowledgeReceipt command)
    {
        var version = s.Delivery.Version;
        var outcome = s.Do(Cora, command);
        Assert.Equal(OutcomeKind.Refused, outcome.Kind);
        Assert.Equal(version, s.Delivery.Version);
        Assert.Null(s.Delivery.State.ClientAcknowledgement);
    }

    [Fact]
    public void A_mailed_link_is_a_client_message_by_email_whose_draft_holds_the_links_place_not_the_link()
    {
        var s = Scenario.Opened().HandoverSent();

        var outcome = s.Ok(Dana, new IssueSignOffLink(Fortnight, new MailRoute(SharedMailbox: null)));

        Assert.Contains("being emailed to Cora (cora@client.test) from dana@contoso.test", outcome.Message);
        var logged = Assert.Single(s.Delivery.State.StatusUpdates, u => u.Type == CommunicationType.SignOffLink);
        Assert.Equal((CommunicationState.Sending, "email", Cora), (logged.State, logged.Channel, logged.To));
        var sending = Assert.IsType<ClientMessageSending>(Assert.Single(outcome.Events.OfType<ClientMessageSending>()));
        Assert.Equal((ClientChannel.Email, "dana@contoso.test"), (sending.Route.Via, sending.Route.From));
        Assert.Equal("Please confirm you received Invoice Triage Agent", sending.Subject);
        Assert.Contains(ClientMessages.SignOffLinkPlace("L1"), sending.Text);
        Assert.Equal(["L1"], ClientMessages.SignOffLinksIn(sending.Text));
        // one at a time: a second waits for the first to be settled, and issues nothing
        Assert.Contains(
            "being emailed already", s.Do(Dana, new IssueSignOffLink(Fortnight, new MailRoute(null))).Message);
        Assert.Single(s.Delivery.State.SignOffLinks);
    }

    [Fact]
    public void A_link_is_not_mailed_to_a_contact_without_an_address_and_nothing_is_issued()
    {
        var s = Scenario.Opened().HandoverSent();
        var carl = new Person("oid-carl", Email: null, "Carl");
        var delivery = s.Delivery.WithHolder(Role.ClientContact, carl);

        var outcome = delivery.Execute(new IssueSignOffLink(Fortnight, new MailRoute(null)), s.Meta(Dana));

        Assert.Equal(OutcomeKind.Refused, outcome.Kind);
        Assert.Contains("Carl has no email address", outcome.Message);
        Assert.Empty(delivery.State.SignOffLinks);
    }

    [Theory]
    [InlineData("Open [sign-off link L2] now", new[] { "L2" })]
    [InlineData("[sign-off link L1] and [sign-off link L1] and [sign-off link L12]", new[] { "L1", "L12" })]
    [InlineData("[sign-off link X1] [sign-off link L] [sign-off link L123456] [sign-off link L1", new string[0])]
    public void The_places_of_links_in_a_text_are_found_and_nothing_else(string text, string[] ids)
        => Assert.Equal(ids, ClientMessages.SignOffLinksIn(text));
}
