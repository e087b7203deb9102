namespace DeliveryBot.Teams.Cards.Templating;

/// <summary>
/// A template expression nested deeper than <see cref="ExpressionParser.MaxDepth"/>. A FormatException like the
/// parser's syntax errors, but not left unexpanded as they are: the parser and the evaluator recurse once per level,
/// and following a hostile ${((((...))))} down would overflow the stack, which kills the process uncaught.
/// </summary>
internal sealed class NestedTooDeeplyException()
    : FormatException(
        $"A template expression is nested too deeply (more than {ExpressionParser.MaxDepth} levels); "
            + "write it flatter.");
