using System.Text.Json;
using DeliveryBot.Application.Deliveries;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Teams.Cards;
using DeliveryBot.Teams.Cards.Views;
using DeliveryBot.Teams.Conversations;
using DeliveryBot.Teams.Protocol;
using DeliveryBot.Teams.Turns;

namespace DeliveryBot.Teams.Actions;

/// <summary>
/// incident.review: the post-incident review card's Save. Each action item's owner is picked with the people picker:
/// one of the delivery's people, else someone the bot has seen or the directory knows by that id (an email typed is
/// looked up too), resolved at click time; then the one card pipeline, where the domain checks the rest.
/// </summary>
internal sealed class ReviewIncidentAction(
    PeopleLookup people,
    DeliveryService deliveries,
    IDeliveryStore store,
    CardDrawer cards,
    TimeProvider clock)
    : IVerbHandler
{
    public string Verb => "incident.review";

    public async Task<InvokeResponse> HandleAsync(TurnContext turn, JsonElement data, CancellationToken ct)
    {
        var owners = new Dictionary<int, Person?>();
        if (CardSubmission.Parse(data, cards.Accepts, turn.TenantId) is { } submission
            && await store.FindAsync(turn.KeyOf(submission.DeliveryId), ct) is { } delivery)
            for (var n = 1; n <= IncidentReviewCard.Rows; n++)
                if (submission.Text($"owner{n}") is { } picked)
                    owners[n] = await OwnerAsync(turn.TenantId, delivery, picked, ct);
        return await new CardVerbAction(new Resolved(Verb, s => Build(s, owners)), deliveries, store, cards, clock)
            .HandleAsync(turn, data, ct);
    }

    private async Task<Person?> OwnerAsync(string tenantId, Delivery delivery, string picked, CancellationToken ct)
    {
        var stakeholder = delivery.State.Stakeholders.Select(s => s.Person).FirstOrDefault(p =>
            string.Equals(p.ObjectId, picked, StringComparison.OrdinalIgnoreCase)
            || string.Equals(p.Email, picked, StringComparison.OrdinalIgnoreCase));
        if (stakeholder is not null) return stakeholder;
        if (picked.Contains('@', StringComparison.Ordinal))
            return picked.Contains(' ', StringComparison.Ordinal)
                ? null
                : await people.ByEmailAsync(tenantId, picked, [], ct);
        return Person.IsReservedId(picked) ? null : await people.PickedAsync(tenantId, picked, ct);
    }

    /// <summary>The review's command, each action item's owner as looked up for its row.</summary>
    internal static VerbResult Build(CardSubmission submission, IReadOnlyDictionary<int, Person?> owners)
    {
        var items = new List<NewActionItem>();
        for (var n = 1; n <= IncidentReviewCard.Rows; n++)
        {
            var (action, owner) = (submission.Text($"action{n}"), submission.Text($"owner{n}"));
            var (due, problem) = submission.Date($"due{n}", $"Action item {n}'s due date");
            if (action is null && owner is null && submission.Text($"due{n}") is null) continue;
            if (action is null) return VerbResult.Invalid($"Action item {n} needs its action.");
            if (owner is null) return VerbResult.Invalid($"Action item {n} needs an owner: pick a person.");
            if (owners.GetValueOrDefault(n) is not { } person)
                return VerbResult.Invalid($"Action item {n}'s owner is nobody I can find: pick them from the list.");
            if (problem is not null) return VerbResult.Invalid(problem);
            if (due is not { } date) return VerbResult.Invalid($"Action item {n} needs its due date.");
            items.Add(new NewActionItem(action, person, date));
        }
        return new ReviewIncident(
            submission.Focus,
            submission.Text("wentWell") ?? "",
            submission.Text("couldImprove") ?? "",
            submission.Text("followUpNotes"),
            items,
            NoActionItemsNeeded: submission.Flag("noneNeeded"));
    }

    /// <summary>A verb whose command was worked out with what only the turn knows (the owners looked up).</summary>
    private sealed class Resolved(string verb, Func<CardSubmission, VerbResult> build) : ICardVerb
    {
        public string Verb => verb;

        public VerbResult Build(CardSubmission submission) => build(submission);
    }
}

/// <summary>incident.action-done: an action item (its id in the click's data) done, by its owner or the DM.</summary>
internal sealed class MarkActionItemDoneVerb : ICardVerb
{
    public string Verb => "incident.action-done";

    public VerbResult Build(CardSubmission submission)
        => submission.Text("item") is { } item
            ? new MarkActionItemDone($"{submission.Focus}-{item}")
            : VerbResult.Invalid("Which action item? Click Done on its row.");
}
