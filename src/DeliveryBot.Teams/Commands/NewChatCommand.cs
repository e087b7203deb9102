using DeliveryBot.Teams.Cards;
using DeliveryBot.Teams.Cards.Forms;
using DeliveryBot.Teams.Connector;
using DeliveryBot.Teams.Conversations;
using DeliveryBot.Teams.Protocol;
using DeliveryBot.Teams.Turns;

namespace DeliveryBot.Teams.Commands;

/// <summary>`new`: the intake form, with this chat's members to pick the stakeholders from.</summary>
internal sealed class NewChatCommand(
    IBotConnector connector,
    ConversationReferences references,
    CardTemplates templates,
    TimeProvider clock) : IChatCommand
{
    public string Name => "new";
    public string Usage => "new";
    public string Description => "Open a delivery: the intake form (you run it, or name its Delivery Manager)";

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        var roster = await Roster.OfAsync(connector, turn.Activity, ct);
        await references.SaveMembersAsync(turn.TenantId, roster, ct);
        var data = IntakeForm.Data(
            IntakeForm.NewId(), roster, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), IntakeForm.TimeZones[0]);
        await turn.ReplyAsync(Activity.Card(templates.Render(Templates.Intake, data), "New delivery: intake form"), ct);
    }
}

/// <summary>The people of the conversation an activity came from, to pick stakeholders from.</summary>
internal static class Roster
{
    /// <summary>
    /// How long the members call may take, retries included. A card click must be answered within about 5 seconds or
    /// Teams shows an error, and the connector's retries alone could take a minute; past this the turn goes on with
    /// what it has (the sender) and says so where it matters.
    /// </summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The conversation's members (the connector's members call); at least the sender when the call fails or is too
    /// slow.
    /// </summary>
    public static async Task<IReadOnlyList<ChannelAccount>> OfAsync(
        IBotConnector connector, Activity activity, CancellationToken ct)
    {
        IReadOnlyList<ChannelAccount> members = [];
        if (activity is { ServiceUrl: { } url, Conversation.Id: { } conversation })
        {
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
            budget.CancelAfter(Budget);
            try
            {
                var (result, found) = await connector.GetMembersAsync(url, conversation, budget.Token);
                if (result.Status == SendStatus.Sent) members = found;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // Teams did not list them in time: the sender alone, below.
            }
        }
        return members.Count > 0 || activity.From is null ? members : [activity.From];
    }
}
