using System.Globalization;
using DeliveryBot.Domain.Commands;

namespace DeliveryBot.Teams.Actions;

/// <summary>sla.record: a performance reading from the SLA card (p99 latency in ms, error rate in %).</summary>
internal sealed class RecordPerformanceVerb : ICardVerb
{
    public string Verb => "sla.record";

    public VerbResult Build(CardSubmission submission)
    {
        var (latency, badLatency) = ServiceLevelInputs.Whole(submission, "latency", "The latency p99");
        if (badLatency is not null) return VerbResult.Invalid(badLatency);
        var (errors, badErrors) = ServiceLevelInputs.Percent(submission, "errorRate", "The error rate");
        if (badErrors is not null) return VerbResult.Invalid(badErrors);
        return new RecordPerformance(latency!.Value, errors!.Value);
    }
}

/// <summary>sla.targets: the DM's availability and performance targets from the SLA card.</summary>
internal sealed class SetServiceLevelVerb : ICardVerb
{
    public string Verb => "sla.targets";

    public VerbResult Build(CardSubmission submission)
    {
        var (availability, badAvailability)
            = ServiceLevelInputs.Percent(submission, "availability", "The availability target");
        if (badAvailability is not null) return VerbResult.Invalid(badAvailability);
        var (latency, badLatency) = ServiceLevelInputs.Whole(submission, "latency", "The latency p99 target");
        if (badLatency is not null) return VerbResult.Invalid(badLatency);
        var (errors, badErrors) = ServiceLevelInputs.Percent(submission, "errorRate", "The error rate target");
        if (badErrors is not null) return VerbResult.Invalid(badErrors);
        return new SetServiceLevel(availability!.Value, latency!.Value, errors!.Value);
    }
}

/// <summary>sla.maintenance: scheduled maintenance from the SLA card (local start and end, the reason).</summary>
internal sealed class ScheduleMaintenanceVerb : ICardVerb
{
    public string Verb => "sla.maintenance";

    public VerbResult Build(CardSubmission submission)
    {
        var (start, badStart) = submission.Moment("startDate", "startTime", "The start");
        if (badStart is not null) return VerbResult.Invalid(badStart);
        var (end, badEnd) = submission.Moment("endDate", "endTime", "The end");
        if (badEnd is not null) return VerbResult.Invalid(badEnd);
        if (start is not { } from || end is not { } to)
            return VerbResult.Invalid("Pick when the maintenance starts and ends (date and time).");
        return submission.Text("reason") is { } reason
            ? new ScheduleMaintenance(from, to, reason)
            : VerbResult.Invalid("Say why the maintenance is needed.");
    }
}

/// <summary>The numbers the SLA card's forms take.</summary>
internal static class ServiceLevelInputs
{
    /// <summary>A required whole number: the number, or a plain-words problem.</summary>
    public static (int? Number, string? Problem) Whole(CardSubmission submission, string input, string label)
    {
        var (number, problem) = submission.Number(input, label);
        return problem is not null ? (null, problem)
            : number is null ? (null, $"{label} is required (a whole number of milliseconds).")
            : (number, null);
    }

    /// <summary>A required percentage such as 99.9 or 0.05 (a trailing % is fine): the number, or a problem.</summary>
    public static (decimal? Number, string? Problem) Percent(CardSubmission submission, string input, string label)
    {
        if (submission.Text(input) is not { } text) return (null, $"{label} is required (a percentage, e.g. 0.1).");
        const NumberStyles style = NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign;
        return decimal.TryParse(text.TrimEnd('%').Trim(), style, CultureInfo.InvariantCulture, out var number)
            ? (number, null)
            : (null, $"{label}: '{text}' is not a number (use a point for decimals, e.g. 99.9).");
    }
}
