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

/// <summary>plan.cadence: the client status-update cadence (day, time in the delivery's zone, every N weeks).</summary>
public sealed class SetCadenceVerb : ICardVerb
{
    public string Verb => "plan.cadence";

    public CardCommand Build(CardSubmission submission)
    {
        if (!Enum.TryParse<DayOfWeek>(submission.Text("cadenceDay"), ignoreCase: true, out var day) || !Enum.IsDefined(day))
            return CardCommand.Invalid("Pick the day of the week.");
        if (!TimeOnly.TryParseExact(submission.Text("cadenceTime") ?? "", ["HH:mm", "HH:mm:ss"], System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None, out var time))
            return CardCommand.Invalid($"'{submission.Text("cadenceTime")}' is not a time (use the time picker, or HH:mm).");
        var (weeks, problem) = submission.Number("cadenceWeeks", "Every how many weeks");
        return problem is not null ? CardCommand.Invalid(problem) : new SetStatusUpdateCadence(day, time, weeks ?? 1);
    }
}
