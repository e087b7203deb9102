namespace DeliveryBot.Domain.Common;

/// <summary>Values from outside (a card, a command line) checked before any rule runs.</summary>
public static class Known
{
    /// <summary>How far ahead of the intake a planned date may lie; beyond it a date is a typo, not a plan.</summary>
    public const int HorizonYears = 5;

    public static T Value<T>(T value, string what) where T : struct, Enum
        => Enum.IsDefined(value) ? value : throw new RuleViolation($"'{value}' is not a known {what}.");

    /// <summary>A planned date: not before <paramref name="earliest"/>, not more than five years after it.</summary>
    public static DateOnly Date(DateOnly date, DateOnly earliest, string what)
    {
        if (date < earliest)
            throw new RuleViolation($"{what} ({date:yyyy-MM-dd}) cannot be before {earliest:yyyy-MM-dd}.");
        if (date > earliest.AddYears(HorizonYears))
            throw new RuleViolation(
                $"{what} ({date:yyyy-MM-dd}) is more than {HorizonYears} years away; check the date.");
        return date;
    }
}
