using System.Text.Json;
using DeliveryBot.Teams.Cards;
using DeliveryBot.Teams.Cards.Forms;
using DeliveryBot.Teams.Commands;
using DeliveryBot.Teams.Connector;
using DeliveryBot.Teams.Conversations;
using DeliveryBot.Teams.Protocol;
using DeliveryBot.Teams.Turns;

namespace DeliveryBot.Teams.Actions;

/// <summary>help.new: "Start a delivery" on the help card answers with the intake form, as `new` does.</summary>
internal sealed class ShowIntakeFormAction(
    IBotConnector connector,
    ConversationReferences references,
    CardTemplates templates,
    TimeProvider clock) : IVerbHandler
{
    public string Verb => "help.new";

    public async Task<InvokeResponse> HandleAsync(TurnContext turn, JsonElement data, CancellationToken ct)
    {
        var roster = await Roster.OfAsync(connector, turn.Activity, ct);
        await references.SaveMembersAsync(turn.TenantId, roster, ct);
        var form = IntakeForm.Data(
            IntakeForm.NewId(), roster, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), IntakeForm.TimeZones[0]);
        return new InvokeResponse(200, InvokeAnswers.Card(templates.Render(Templates.Intake, form)));
    }
}
