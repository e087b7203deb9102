namespace DeliveryBot.Domain.Common;

/// <summary>
/// Keys made of a prefix and an enum value's name ("answer:Cto", "milestone:QaCertified"), each made once: such keys
/// are asked for behind every save (the metric facts, the escalation triggers), where a string built each time was an
/// allocation each time.
/// </summary>
internal sealed class EnumKeys<T>(string prefix) where T : struct, Enum
{
    private readonly Dictionary<T, string> _keys = Enum.GetValues<T>().ToDictionary(v => v, v => $"{prefix}{v}");

    /// <summary>The key of <paramref name="value"/> (one outside the enum's names is made as it comes).</summary>
    public string Of(T value) => _keys.TryGetValue(value, out var key) ? key : $"{prefix}{value}";
}
