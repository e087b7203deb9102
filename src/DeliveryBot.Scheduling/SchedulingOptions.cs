using System.ComponentModel.DataAnnotations;

namespace DeliveryBot.Scheduling;

/// <summary>"Reminders" section: whether the scheduler runs, and how often its jobs look for work.</summary>
public sealed class SchedulingOptions : IValidatableObject
{
    public const string Section = "Reminders";

    /// <summary>False: the scheduler is not started (tests that drive reminders on their own clock).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How often the due reminders are looked for. Each is computed on its recipient's business calendar, so this is
    /// only the latency. A whole number of slots per minute or per hour (it becomes a cron schedule).
    /// </summary>
    [Range(1, 3600)]
    public int IntervalSeconds { get; set; } = 15;

    /// <summary>
    /// How often the outbox is drained (besides right after a pass wrote to it): bounds how late a message left by a
    /// crash or a retry goes.
    /// </summary>
    [Range(1, 3600)]
    public int OutboxSeconds { get; set; } = 5;

    /// <summary>
    /// How often the weekly digests due are looked for: each reader's is due from Monday 09:00 their time, so this is
    /// only how late it may go. Whole minutes dividing an hour (it becomes a cron schedule).
    /// </summary>
    [Range(60, 3600)]
    public int DigestSeconds { get; set; } = 900;

    /// <summary>
    /// How many days a message is kept in the outbox after it was sent. Its idempotency key is needed only while the
    /// same message may be written again (minutes); what was not sent is kept whatever its age.
    /// </summary>
    [Range(1, 3650)]
    public int SentKeptDays { get; set; } = 30;

    /// <summary>
    /// This instance's name for what it claims (outbox messages): stable across restarts, so a restarted instance takes
    /// back what it held before a crash. Empty: the machine name. Instances sharing a database need distinct names.
    /// </summary>
    [MaxLength(100)]
    [RegularExpression(@"^[A-Za-z0-9._-]*$",
        ErrorMessage = "Reminders:Node may hold letters, digits, '.', '_' and '-' only.")]
    public string Node { get; set; } = "";

    /// <summary>The name this instance claims under: <see cref="Node"/>, or the machine name.</summary>
    public string NodeName => Node is { Length: > 0 } ? Node : Environment.MachineName;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (CronSchedule.EverySeconds(IntervalSeconds) is null)
            yield return Uneven(IntervalSeconds, nameof(IntervalSeconds));
        if (CronSchedule.EverySeconds(OutboxSeconds) is null)
            yield return Uneven(OutboxSeconds, nameof(OutboxSeconds));
        if (CronSchedule.EverySeconds(DigestSeconds) is null)
            yield return Uneven(DigestSeconds, nameof(DigestSeconds));
    }

    private static ValidationResult Uneven(int seconds, string name) => new(
        $"Reminders:{name} must divide a minute (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30) or be whole minutes dividing an "
            + $"hour (60, 120, ... 3600); {seconds} is neither.",
        [name]);
}
