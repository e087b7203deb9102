using System.Globalization;
using DeliveryBot.Domain.Calendar;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Teams.Cards.Views;

namespace DeliveryBot.Teams.Actions;

/// <summary>plan.save: the schedule form (every date required) and the acceptable delays.</summary>
internal sealed class SaveScheduleVerb : ICardVerb
{
    public string Verb => "plan.save";

    public VerbResult Build(CardSubmission submission)
    {
        var dates = new List<DateOnly>();
        var delays = new Dictionary<Milestone, int>();
        foreach (var field in PlanningCard.Fields)
        {
            var (date, problem) = submission.Date(field.Id, field.Label);
            if (problem is not null) return VerbResult.Invalid(problem);
            if (date is null) return VerbResult.Invalid($"{field.Label}: pick a date.");
            dates.Add(date.Value);
            var (delay, badDelay) = submission.Number(
                $"delay-{field.Id}", $"The acceptable delay of {field.Label.ToLowerInvariant()}");
            if (badDelay is not null) return VerbResult.Invalid(badDelay);
            if (delay is { } d) delays[field.Milestone] = d;
        }
        return new PlanDelivery(
            new Schedule(
                ProductionStart: dates[0],
                ProductionComplete: dates[1],
                QaSubmission: dates[2],
                QaCertification: dates[3],
                DeploymentWindowStart: dates[4],
                DeploymentWindowEnd: dates[5],
                ClientHandover: dates[6]),
            delays);
    }
}

/// <summary>
/// plan.publish: the schedule shared; the PLA and the Deployment Specialist are asked to acknowledge it.
/// </summary>
internal sealed class PublishScheduleVerb : ICardVerb
{
    public string Verb => "plan.publish";

    public VerbResult Build(CardSubmission submission) => new PublishSchedule();
}

/// <summary>plan.cadence: the client status-update cadence (day, time in the delivery's zone, every N weeks).</summary>
internal sealed class SetCadenceVerb : ICardVerb
{
    public string Verb => "plan.cadence";

    public VerbResult Build(CardSubmission submission)
    {
        if (!Enum.TryParse<DayOfWeek>(submission.Text("cadenceDay"), ignoreCase: true, out var day)
            || !Enum.IsDefined(day))
            return VerbResult.Invalid("Pick the day of the week.");
        if (!TimeOnly.TryParseExact(
                submission.Text("cadenceTime") ?? "",
                ["HH:mm", "HH:mm:ss"],
                System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None,
                out var time))
            return VerbResult.Invalid(
                $"'{submission.Text("cadenceTime")}' is not a time (use the time picker, or HH:mm).");
        var (weeks, problem) = submission.Number("cadenceWeeks", "Every how many weeks");
        return problem is not null ? VerbResult.Invalid(problem) : new SetStatusUpdateCadence(day, time, weeks ?? 1);
    }
}

/// <summary>
/// plan.reminders: the delivery's working calendar (zone, days, hours, holidays, one "yyyy-MM-dd name" per line) and
/// the reminder pacing. The domain checks the values; this only reads them.
/// </summary>
internal sealed class SetCalendarAndRemindersVerb : ICardVerb
{
    public string Verb => "plan.reminders";

    public VerbResult Build(CardSubmission submission)
    {
        if (submission.Text("timeZone") is not { } zone) return VerbResult.Invalid("Pick the time zone.");
        var days = new List<DayOfWeek>();
        foreach (var day in (submission.Text("workDays") ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<DayOfWeek>(day, ignoreCase: true, out var d) || !Enum.IsDefined(d))
                return VerbResult.Invalid($"'{day}' is not a day of the week.");
            days.Add(d);
        }
        if (days.Count == 0) return VerbResult.Invalid("Pick at least one working day.");
        var (start, startProblem) = Time(submission, "dayStart", "The working day's start");
        if (startProblem is not null) return VerbResult.Invalid(startProblem);
        var (end, endProblem) = Time(submission, "dayEnd", "The working day's end");
        if (endProblem is not null) return VerbResult.Invalid(endProblem);
        var holidays = new List<Holiday>();
        var lines = (submission.Text("holidays") ?? "")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < lines.Length; i++)
        {
            var parts = lines[i].Split(' ', 2, StringSplitOptions.TrimEntries);
            if (!DateOnly.TryParseExact(
                    parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                || parts.Length < 2)
                return VerbResult.Invalid(
                    $"Holiday line {i + 1}, '{lines[i]}': write the date (yyyy-MM-dd), a space, then its name.");
            holidays.Add(new Holiday(date, parts[1]));
        }
        var numbers = new List<int>();
        foreach (var (input, label) in Paces)
        {
            var (n, problem) = submission.Number(input, label);
            if (problem is not null) return VerbResult.Invalid(problem);
            if (n is null) return VerbResult.Invalid($"{label}: enter a number.");
            numbers.Add(n.Value);
        }
        return new ChangeReminderSettings(
            TimeZoneId: zone,
            WorkDays: days,
            DayStart: start!.Value,
            DayEnd: end!.Value,
            Holidays: holidays,
            NudgeAfterBusinessHours: numbers[0],
            NudgesBeforeTellingDm: numbers[1],
            CheckInEveryBusinessDays: numbers[2],
            BlockerAcceptableDelayDays: numbers[3]);
    }

    /// <summary>The pacing inputs, in the order ChangeReminderSettings takes them.</summary>
    private static readonly (string Input, string Label)[] Paces =
    [
        ("nudgeAfterHours", "Nudge after how many business hours"),
        ("nudgesBeforeDm", "Tell the DM after how many nudges"),
        ("checkInDays", "Check-ins every how many business days"),
        ("blockerDays", "A blocker escalates after how many business days"),
    ];

    private static (TimeOnly? Time, string? Problem) Time(CardSubmission submission, string input, string label)
        => TimeOnly.TryParseExact(
            submission.Text(input) ?? "",
            ["HH:mm", "HH:mm:ss"],
            CultureInfo.InvariantCulture,
            DateTimeStyles.None,
            out var t)
            ? (t, null)
            : (null, $"{label}: '{submission.Text(input)}' is not a time (use the time picker, or HH:mm).");
}

/// <summary>
/// plan.move: the DM moves one milestone's target, with the reason (the planning card's "Move a milestone").
/// </summary>
internal sealed class MoveMilestoneVerb : ICardVerb
{
    public string Verb => "plan.move";

    public VerbResult Build(CardSubmission submission)
    {
        if (MilestoneNames.Parse(submission.Text("milestone")) is not { } milestone)
            return VerbResult.Invalid("Pick the milestone to move.");
        var (date, problem) = submission.Date("newTarget", "The new target date");
        if (problem is not null) return VerbResult.Invalid(problem);
        if (date is null) return VerbResult.Invalid("Pick the new target date.");
        return submission.Text("reason") is { } reason
            ? new RescheduleMilestone(milestone, date.Value, reason)
            : VerbResult.Invalid("Say why it moves.");
    }
}

/// <summary>
/// schedule.acknowledge-revised: the PLA or the Deployment Specialist acknowledges the schedule the DM revised.
/// </summary>
internal sealed class AcknowledgeRevisedScheduleVerb : ICardVerb
{
    public string Verb => "schedule.acknowledge-revised";

    public VerbResult Build(CardSubmission submission)
        => submission.Focus == ScheduleCard.Revised
            ? new AcknowledgeRevisedSchedule()
            : VerbResult.Invalid("This button is for the revised schedule.");
}
