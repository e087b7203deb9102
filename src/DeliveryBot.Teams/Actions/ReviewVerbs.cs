using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Record;
using DeliveryBot.Teams.Cards.Views;

namespace DeliveryBot.Teams.Actions;

/// <summary>
/// review.start: the DM starts the post-delivery review before the client acknowledges (the domain says when it
/// may).
/// </summary>
internal sealed class StartReviewVerb : ICardVerb
{
    public string Verb => "review.start";

    public VerbResult Build(CardSubmission submission) => new StartReview();
}

/// <summary>
/// review.complete: the lessons learned (one point per line) and the follow-ups with their owners and due dates.
/// </summary>
internal sealed class CompleteReviewVerb : ICardVerb
{
    public string Verb => "review.complete";

    public VerbResult Build(CardSubmission submission)
    {
        var followUps = new List<FollowUp>();
        for (var i = 1; i <= ReviewCard.FollowUps; i++)
        {
            var (action, owner) = (submission.Text($"followUp{i}"), submission.Text($"owner{i}"));
            var (due, problem) = submission.Date($"due{i}", $"Follow-up {i}'s due date");
            if (action is null && owner is null) continue;
            if (action is null || owner is null)
                return VerbResult.Invalid($"Follow-up {i} needs both the action and its owner.");
            if (problem is not null) return VerbResult.Invalid(problem);
            followUps.Add(new FollowUp(action, owner, due));
        }
        return new CompleteReview(
            Lines(submission.Text("wentWell")), Lines(submission.Text("couldImprove")), followUps);
    }

    private static string[] Lines(string? text)
        => text?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}

/// <summary>
/// delivery.close: the DM closes the record; refused with what is missing unless the quality gate holds.
/// </summary>
internal sealed class CloseDeliveryVerb : ICardVerb
{
    public string Verb => "delivery.close";

    public VerbResult Build(CardSubmission submission) => new CloseDelivery();
}
