namespace DeliveryBot.Teams.Cards.Templating;

/// <summary>
/// The data an expression sees: the current $data, $root (each an expression value, see <see cref="Evaluator"/>), and
/// $index inside a repeat.
/// </summary>
internal sealed record Scope(object? Data, object? Root, int? Index);
