using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.People;
using DeliveryBot.Teams.Cards.Views;

namespace DeliveryBot.Teams.Actions;

/// <summary>
/// release.criteria: the exit criteria's checkboxes saved in one submission. The button carries what was met when
/// the card was drawn, so only what the person changed is confirmed or withdrawn (and the domain says whose each is).
/// </summary>
internal sealed class ConfirmExitCriteriaVerb : ICardVerb
{
    public string Verb => "release.criteria";

    public VerbResult Build(CardSubmission submission)
    {
        var shown = Items(submission.Text("shown"));
        var now = Items(submission.Text(ReleaseCard.Input));
        var met = now.Except(shown, StringComparer.Ordinal).ToList();
        var notMet = shown.Except(now, StringComparer.Ordinal).ToList();
        return met.Count + notMet.Count > 0
            ? new ConfirmExitCriteria(met, notMet)
            : VerbResult.Invalid("The exit criteria are as they were: tick what is met, then save.");
    }

    private static string[] Items(string? joined)
        => (joined ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>The decider a Go or No-go button was drawn for (the card's data: untrusted, so only a decider).</summary>
internal static class Decider
{
    public static Role? Of(CardSubmission submission)
        => Enum.TryParse<Role>(submission.Text("as"), ignoreCase: false, out var role)
            && ExitCriteria.Deciders.Contains(role)
                ? role
                : null;
}

/// <summary>release.go: a go, as the decider the viewer's card was drawn for.</summary>
internal sealed class GoVerb : ICardVerb
{
    public string Verb => "release.go";

    public VerbResult Build(CardSubmission submission)
        => Decider.Of(submission) is { } role
            ? new DecideGoNoGo(role, Go: true)
            : VerbResult.Invalid("This button does not name a go/no-go decider.");
}

/// <summary>release.no-go: a no-go with its reason; it becomes a blocker.</summary>
internal sealed class NoGoVerb : ICardVerb
{
    public string Verb => "release.no-go";

    public VerbResult Build(CardSubmission submission)
    {
        if (Decider.Of(submission) is not { } role)
            return VerbResult.Invalid("This button does not name a go/no-go decider.");
        return submission.Text("noGoReason") is { } reason
            ? new DecideGoNoGo(role, Go: false, reason)
            : VerbResult.Invalid("Say why the release cannot go.");
    }
}

/// <summary>release.client: the DM records the client's go or no-go, with how the client gave it.</summary>
internal sealed class ClientGoNoGoVerb : ICardVerb
{
    public string Verb => "release.client";

    public VerbResult Build(CardSubmission submission)
        => submission.Text("clientDecision") switch
        {
            "go" => new DecideGoNoGo(Role.ClientContact, Go: true, Evidence: submission.Text("evidence")),
            "no-go" => new DecideGoNoGo(
                Role.ClientContact, Go: false, submission.Text("clientReason"), submission.Text("evidence")),
            _ => VerbResult.Invalid("Pick the client's decision: go or no-go."),
        };
}
