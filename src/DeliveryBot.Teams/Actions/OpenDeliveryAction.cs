using System.Text.Json;
using DeliveryBot.Application.Deliveries;
using DeliveryBot.Teams.Cards;
using DeliveryBot.Teams.Cards.Forms;
using DeliveryBot.Teams.Commands;
using DeliveryBot.Teams.Connector;
using DeliveryBot.Teams.Conversations;
using DeliveryBot.Teams.Notifications;
using DeliveryBot.Teams.Protocol;
using DeliveryBot.Teams.Turns;

namespace DeliveryBot.Teams.Actions;

/// <summary>
/// delivery.open: the intake form submitted. The form is replaced by the new delivery's living status card, which is
/// remembered there and redrawn on every change; a problem redraws the form with what was entered and why. The form's
/// id is the command id (the activity id for a form without one), so a double click, a second person's click or a
/// Teams retry opens one delivery, even after a restart or on another instance.
/// </summary>
internal sealed class OpenDeliveryAction(
    DeliveryService deliveries,
    IBotConnector connector,
    ConversationReferences references,
    PeopleLookup people,
    CardTemplates templates,
    CardDrawer cards,
    CardPoster poster,
    TimeProvider clock)
    : IVerbHandler
{
    public string Verb => "delivery.open";

    public async Task<InvokeResponse> HandleAsync(TurnContext turn, JsonElement data, CancellationToken ct)
    {
        if (turn.Sender is not { } sender) return VerbRouter.Invalid("I can't tell who you are; nothing changed.");
        // One delivery per form: whoever clicks it again, whatever they typed, gets the delivery it opened.
        var source = turn.ChangeFrom(
            sender, $"card:{Verb}", commandId: IntakeForm.OpeningId(data, turn.Activity.TenantId()));
        if (await deliveries.OpenedByAsync(source.CommandId, source.TenantId, ct) is { Delivery: { } first })
            return await OpenedAsync(turn, sender, first, ct);
        var roster = await Roster.OfAsync(connector, turn.Activity, ct);
        await references.SaveMembersAsync(turn.TenantId, roster, ct);
        // Someone picked with the typeahead is not in the chat's roster: the people the bot has seen in this
        // organisation, then the directory, say who they are.
        var elsewhere = IntakeForm.Picked(data)
            .Where(id => !roster.Any(m => string.Equals(m.EntraId, id, StringComparison.OrdinalIgnoreCase)));
        var found = await Task.WhenAll(elsewhere.Select(id => people.PickedAsync(turn.TenantId, id, ct)));
        roster =
        [
            .. roster,
            .. found
                .OfType<Domain.People.Person>()
                .Select(p => new ChannelAccount { AadObjectId = p.ObjectId, Name = p.DisplayName, Email = p.Email }),
        ];
        var (read, problem) = IntakeForm.Read(data, roster, sender);
        if (read is null) return Form(roster, data, problem!);
        var intake = await people.ResolveAsync(turn.TenantId, read, roster, ct);
        var opened = turn.Track(await deliveries.OpenAsync(intake, source, ct));
        if (opened.Delivery is not { } delivery) return Form(roster, data, opened.Message);
        var note = await people.NotYetReachableAsync(
            delivery.State.Stakeholders.Select(s => s.Person).Where(p => !p.IsSameAs(sender)), ct);
        return await OpenedAsync(turn, sender, delivery, ct, note);
    }

    /// <summary>
    /// The form, wherever it is, becomes the delivery's living status card: remembered in its chat and redrawn there
    /// through the outbox, since the answer to the click changes only the clicker's view and the change's own redraw
    /// may have run before the card was remembered.
    /// </summary>
    private async Task<InvokeResponse> OpenedAsync(
        TurnContext turn,
        Domain.People.Person sender,
        Domain.Deliveries.Delivery delivery,
        CancellationToken ct,
        string? note = null)
    {
        var card = new CardRef(Templates.Status, delivery.Id);
        if (turn.Activity is { ReplyToId: { } cardMessage, ServiceUrl: { } url, Conversation.Id: { } conversation })
            await poster.RememberRedrawnAsync(
                poster.Posted(
                    card,
                    delivery,
                    serviceUrl: url,
                    conversationId: conversation,
                    activityId: cardMessage,
                    tenantId: turn.Activity.TenantId()),
                delivery,
                ct);
        return new InvokeResponse(
            200,
            InvokeAnswers.Card(
                await cards.DrawAsync(card, delivery, new CardContext(clock.GetUtcNow(), sender, note), ct)));
    }

    private InvokeResponse Form(IReadOnlyList<ChannelAccount> roster, JsonElement entered, string problem)
        => new(200, InvokeAnswers.Card(templates.Render(
            Templates.Intake,
            IntakeForm.Data(
                IntakeForm.IdOf(entered) ?? IntakeForm.NewId(),
                roster,
                today: DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime),
                timeZone: IntakeForm.TimeZones[0],
                entered,
                note: $"⛔ {problem} Nothing was opened."))));
}
