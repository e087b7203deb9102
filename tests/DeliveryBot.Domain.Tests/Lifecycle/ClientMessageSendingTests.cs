using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.Domain.Rendering;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Lifecycle;

/// <summary>
/// A client message the bot sends when the DM presses Send: logged as being sent, then sent or failed as the bot
/// records it; one of a kind at a time; by Teams to a contact the bot can reach there, else by email only with Graph.
/// </summary>
public sealed class ClientMessageSendingTests
{
    private static readonly Person CoraByEmail = new(ObjectId: null, "cora@client.test", "Cora");

    /// <summary>The same delivery with its client contact known by email only (not in Teams).</summary>
    private static Delivery ByEmailOnly(Delivery delivery) => delivery.WithHolder(Role.ClientContact, CoraByEmail);

    private static StatusUpdate Last(Scenario s) => s.Delivery.State.StatusUpdates[^1];

    [Fact]
    public void Send_logs_the_message_as_being_sent_and_raises_it_with_the_draft_for_the_client_contact_in_teams()
    {
        var s = Scenario.Opened().ToProduction();

        var sent = s.Do(Dana, new SendClientCommunication(CommunicationType.StatusUpdate, "Weekly update"), id: "p1");

        Assert.Equal(OutcomeKind.Applied, sent.Kind);
        Assert.Contains("being sent to Cora by Teams", sent.Message, StringComparison.Ordinal);
        var row = Last(s);
        Assert.Equal(
            (CommunicationState.Sending, "p1", "oid-cora", "Teams", "Weekly update"),
            (row.State, row.SendId, row.To!.ObjectId, row.Channel, row.Summary));
        var sending = Assert.Single(sent.Events.OfType<ClientMessageSending>());
        Assert.Equal((ClientChannel.Teams, "p1"), (sending.Route.Via, sending.SendId));
        Assert.Equal("Status update: Invoice Triage Agent for Contoso Ltd", sending.Subject);
        // Markdown for a Teams message: the title bold
        Assert.StartsWith(
            "**Status update: Invoice Triage Agent for Contoso Ltd**", sending.Text, StringComparison.Ordinal);
        Assert.Contains(
            "(being sent by Teams", RecordMarkdown.Render(s.Delivery, s.Clock.GetUtcNow()), StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_press_waits_for_the_first_outcome_and_a_retried_press_is_the_same_one()
    {
        var s = Scenario.Opened().ToProduction();
        s.Ok(Dana, new SendClientCommunication(CommunicationType.StatusUpdate, "Weekly update"));
        var version = s.Delivery.Version;

        var again = s.Do(Dana, new SendClientCommunication(CommunicationType.StatusUpdate, "Weekly update"));
        var marked = s.Do(Dana, new RecordClientCommunication(CommunicationType.StatusUpdate, "Weekly update"));

        Assert.Equal(OutcomeKind.Refused, again.Kind);
        Assert.Contains("is being sent to Cora by Teams", again.Message, StringComparison.Ordinal);
        Assert.Equal(OutcomeKind.Refused, marked.Kind);
        Assert.Equal(version, s.Delivery.Version);
        Assert.Single(s.Delivery.State.StatusUpdates);
        // the delay notice is another kind: it may go meanwhile
        s.Ok(Dana, new SendClientCommunication(CommunicationType.DelayNotice, "QA slipped"));

        var first = s.Do(
            Dana, new SendClientCommunication(CommunicationType.InitialCommunication, "Scope shared"), id: "same");
        var retried = s.Do(
            Dana, new SendClientCommunication(CommunicationType.InitialCommunication, "Scope shared"), id: "same");
        Assert.Equal((OutcomeKind.Applied, OutcomeKind.Duplicate), (first.Kind, retried.Kind));
        Assert.Empty(retried.Events);
    }

    [Fact]
    public void Only_the_bot_records_how_it_went_once_and_the_record_says_sent_by_teams_at_the_time()
    {
        var s = Scenario.Opened().ToProduction();
        s.Ok(Dana, new SendClientCommunication(CommunicationType.StatusUpdate, "Weekly update"));
        var sendId = Last(s).SendId!;
        s.Later(TimeSpan.FromMinutes(3));

        Assert.Equal(OutcomeKind.Forbidden, s.Do(Dana, new RecordClientMessageOutcome(sendId, Sent: true)).Kind);
        s.Ok(Person.System, new RecordClientMessageOutcome(sendId, Sent: true));
        var late = s.Do(Person.System, new RecordClientMessageOutcome(sendId, Sent: false, "too late"));

        Assert.Equal(OutcomeKind.AlreadyDecided, late.Kind);
        Assert.Equal((CommunicationState.Sent, Scenario.Start.AddMinutes(3)), (Last(s).State, Last(s).SentAt));
        Assert.Contains(
            "| Status update | Weekly update (sent by Teams at 2026-03-02 10:03) |",
            RecordMarkdown.Render(s.Delivery, s.Clock.GetUtcNow()),
            StringComparison.Ordinal);
        // sent: the next one may go
        s.Ok(Dana, new SendClientCommunication(CommunicationType.StatusUpdate, "Next week's update"));
    }

    [Fact]
    public void A_failed_send_tells_the_dm_why_and_leaves_mark_sent_and_send_again()
    {
        var s = Scenario.Opened().ToProduction();
        s.Ok(Dana, new SendClientCommunication(CommunicationType.StatusUpdate, "Weekly update"));

        var failed = s.Ok(
            Person.System, new RecordClientMessageOutcome(Last(s).SendId!, Sent: false, "Teams refused it (403)."));

        var told = Assert.Single(failed.Events.OfType<ClientMessageFailed>());
        Assert.Equal(("oid-cora", "Teams refused it (403)."), (told.To.ObjectId, told.Failure));
        Assert.Equal(CommunicationState.Failed, Last(s).State);
        Assert.Contains(
            "(failed: Teams refused it (403).)",
            RecordMarkdown.Render(s.Delivery, s.Clock.GetUtcNow()),
            StringComparison.Ordinal);
        s.Ok(Dana, new RecordClientCommunication(CommunicationType.StatusUpdate, "Weekly update", "Phone"));
        s.Ok(Dana, new SendClientCommunication(CommunicationType.StatusUpdate, "Weekly update, again"));
    }

    [Fact]
    public void A_client_contact_known_by_email_gets_it_by_email_only_when_graph_can_send_for_the_organisation()
    {
        var s = Scenario.Opened().ToProduction();
        var delivery = ByEmailOnly(s.Delivery);

        var withoutGraph = delivery.Execute(
            new SendClientCommunication(CommunicationType.StatusUpdate, "Weekly update"), s.Meta(Dana));
        Assert.Equal(OutcomeKind.Refused, withoutGraph.Kind);
        Assert.Contains("email needs Microsoft Graph", withoutGraph.Message, StringComparison.Ordinal);
        Assert.Null(delivery.ClientSendRoute(mail: null));

        Assert.Equal("dana@contoso.test", delivery.ClientSendRoute(new MailRoute(SharedMailbox: null))!.From);
        var shared = delivery.Execute(
            new SendClientCommunication(
                CommunicationType.StatusUpdate, "Weekly update", new MailRoute("deliveries@contoso.test")),
            s.Meta(Dana));

        var sending = Assert.Single(shared.Events.OfType<ClientMessageSending>());
        Assert.Equal(
            (ClientChannel.Email, "cora@client.test", "deliveries@contoso.test"),
            (sending.Route.Via, sending.Route.To.Email, sending.Route.From));
        // plain text for an email
        Assert.StartsWith(
            "Status update: Invoice Triage Agent for Contoso Ltd\n", sending.Text, StringComparison.Ordinal);
        Assert.Equal("email", delivery.State.StatusUpdates[^1].Channel);
    }

    [Fact]
    public void The_handover_sent_by_the_bot_is_the_client_handover_only_once_it_went()
    {
        var s = Scenario.Opened().ToHandover();
        s.Ok(Dana, new PrepareHandover(Scenario.SamplePackage));
        s.Ok(Dana, new SendClientCommunication(CommunicationType.HandoverCommunication, "Handover package sent"));

        Assert.Null(s.Delivery.ActualDeliveryDate);
        Assert.Null(s.Delivery.HandoverSent);
        Assert.Equal(OutcomeKind.Refused, s.Do(Dana, new PrepareHandover(Scenario.SamplePackage)).Kind);
        Assert.Equal(OutcomeKind.Refused, s.Do(Cora, new AcknowledgeReceipt("Fine", "Happy")).Kind);

        s.Ok(Person.System, new RecordClientMessageOutcome(Last(s).SendId!, Sent: true));

        Assert.Equal(new DateOnly(2026, 3, 2), s.Delivery.ActualDeliveryDate);
        s.Ok(Cora, new AcknowledgeReceipt("Fine", "Happy"));
    }

    [Fact]
    public void Without_a_client_contact_nothing_is_sent()
    {
        var s = Scenario.Opened().ToProduction();
        var delivery = Delivery.Restore(s.Delivery.State with
        {
            Stakeholders = [.. s.Delivery.State.Stakeholders.Where(r => r.Role != Role.ClientContact)],
        });

        var refused = delivery.Execute(
            new SendClientCommunication(CommunicationType.StatusUpdate, "Weekly update"), s.Meta(Dana));

        Assert.Equal(OutcomeKind.Refused, refused.Kind);
        Assert.Contains("no client contact", refused.Message, StringComparison.Ordinal);
        Assert.Empty(delivery.State.StatusUpdates);
    }
}
