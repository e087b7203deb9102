using System.Runtime.CompilerServices;

namespace DeliveryBot.Domain.Policies;

public static partial class ReminderPolicy
{
    /// <summary>
    /// A reminder's subject as the planner is given it: written out only when the plan is read for what it says. The
    /// index's next due time is worked out behind every save and reads no subject, so its plan skips the formatting
    /// (dates, names, issues) of every reminder it plans; a subject given as a ready string is simply passed on.
    /// </summary>
    [InterpolatedStringHandler]
    private ref struct SubjectText
    {
        private DefaultInterpolatedStringHandler _parts;
        private readonly bool _written;
        private string? _text;

        public SubjectText(int literalLength, int formattedCount, Planner planner, out bool shouldAppend)
        {
            _written = shouldAppend = planner.WantsTexts;
            if (_written) _parts = new DefaultInterpolatedStringHandler(literalLength, formattedCount);
        }

        public static implicit operator SubjectText(string text) => new() { _text = text };

        public void AppendLiteral(string value) => _parts.AppendLiteral(value);
        public void AppendFormatted<T>(T value) => _parts.AppendFormatted(value);
        public void AppendFormatted<T>(T value, string? format) => _parts.AppendFormatted(value, format);

        /// <summary>The subject; empty when the plan is not read for its texts.</summary>
        public string Text() => _text ?? (_written ? _parts.ToStringAndClear() : "");
    }
}
