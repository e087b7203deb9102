using System.Text.Json;
using DeliveryBot.Application.Deliveries;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.People;
using DeliveryBot.Teams.Cards;
using DeliveryBot.Teams.Commands;
using DeliveryBot.Teams.Connector;
using DeliveryBot.Teams.Conversations;
using DeliveryBot.Teams.Protocol;
using DeliveryBot.Teams.Turns;
using DeliveryBot.Teams.Wording;

namespace DeliveryBot.Teams.Actions;

/// <summary>
/// plan.assign: the DM gives a role to someone from the planning card, by their email or UPN. The person is looked
/// up at click time in this chat's roster, then in the directory (<see cref="PeopleLookup"/>), so they get their cards
/// in Teams; someone found in neither is known by email only. The rest is the one card pipeline.
/// </summary>
internal sealed class AssignStakeholderAction(
    IBotConnector connector,
    ConversationReferences references,
    PeopleLookup people,
    DeliveryService deliveries,
    IDeliveryStore store,
    CardDrawer cards,
    TimeProvider clock)
    : IVerbHandler
{
    public string Verb => "plan.assign";

    public async Task<InvokeResponse> HandleAsync(TurnContext turn, JsonElement data, CancellationToken ct)
    {
        var roster = await Roster.OfAsync(connector, turn.Activity, ct);
        await references.SaveMembersAsync(turn.TenantId, roster, ct);
        var typed = data.ValueKind == JsonValueKind.Object
            && data.TryGetProperty("person", out var p)
            && p.ValueKind == JsonValueKind.String
                ? p.GetString()!.Trim()
                : "";
        var person = IsAddress(typed) ? await people.ByEmailAsync(turn.TenantId, typed, roster, ct) : null;
        var verb = new Resolved(Verb, submission => Build(submission, person));
        // Someone the bot cannot write to yet is said on the card the DM is looking at, not later.
        return await new CardVerbAction(
                verb,
                deliveries,
                store,
                cards,
                clock,
                noteWhenChanged: (_, token) => people.NotYetReachableAsync(person is null ? [] : [person], token))
            .HandleAsync(turn, data, ct);
    }

    private static bool IsAddress(string typed)
        => typed.Contains('@', StringComparison.Ordinal) && !typed.Contains(' ', StringComparison.Ordinal);

    /// <summary>The command for a submission, once the person typed was looked up (null when not found).</summary>
    internal static VerbResult Build(CardSubmission submission, Person? person)
    {
        if (submission.Text("role") is not { } roleText
            || RoleText.Parse(roleText) is not { } role
            || role == Role.DeliveryManager)
            return VerbResult.Invalid("Pick the role to assign.");
        if (person is null || submission.Text("person") is not { } typed || !IsAddress(typed))
            return VerbResult.Invalid("Give the person's email address or user principal name.");
        return new AssignRole(role, person);
    }

    /// <summary>A verb whose command was worked out with what only the turn knows (the roster).</summary>
    private sealed class Resolved(string verb, Func<CardSubmission, VerbResult> build) : ICardVerb
    {
        public string Verb => verb;

        public VerbResult Build(CardSubmission submission) => build(submission);
    }
}
