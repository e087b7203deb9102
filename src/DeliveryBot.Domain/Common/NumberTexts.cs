namespace DeliveryBot.Domain.Common;

/// <summary>
/// Texts that only say a small number ("Late (3 business days)"), each made the first time it is asked for and kept,
/// for the numbers below <see cref="Kept"/>; any other number's text is made each time. Two threads asking for the
/// same number at once may both make it: the texts are equal, and either is kept.
/// </summary>
public sealed class NumberTexts(Func<int, string> make)
{
    /// <summary>Numbers whose texts are kept: a milestone months late is 100-odd business days.</summary>
    public const int Kept = 256;

    private readonly string?[] _texts = new string?[Kept];

    public string this[int number] => (uint)number < Kept ? _texts[number] ??= make(number) : make(number);
}
