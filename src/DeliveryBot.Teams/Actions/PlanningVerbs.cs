using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.Record;
using DeliveryBot.Teams.Cards.Views;

namespace DeliveryBot.Teams.Actions;

/// <summary>plan.save: the schedule form (every date required) and the acceptable delays.</summary>
public sealed class SaveScheduleVerb : ICardVerb
{
    public string Verb => "plan.save";

    public CardCommand Build(CardSubmission submission)
    {
        var dates = new List<DateOnly>();
        var delays = new Dictionary<Milestone, int>();
        foreach (var field in PlanningCard.Fields)
        {
            var (date, problem) = submission.Date(field.Id, field.Label);
            if (problem is not null) return CardCommand.Invalid(problem);
            if (date is null) return CardCommand.Invalid($"{field.Label}: pick a date.");
            dates.Add(date.Value);
            var (delay, badDelay) = submission.Number($"delay-{field.Id}", $"The acceptable delay of {field.Label.ToLowerInvariant()}");
            if (badDelay is not null) return CardCommand.Invalid(badDelay);
            if (delay is { } d) delays[field.Milestone] = d;
        }
        return new PlanDelivery(new Schedule(dates[0], dates[1], dates[2], dates[3], dates[4], dates[5], dates[6]), delays);
    }
}

/// <summary>plan.publish: the schedule shared; the PLA and the Deployment Specialist are asked to acknowledge it.</summary>
public sealed class PublishScheduleVerb : ICardVerb
{
    public string Verb => "plan.publish";

    public CardCommand Build(CardSubmission submission) => new PublishSchedule();
}
