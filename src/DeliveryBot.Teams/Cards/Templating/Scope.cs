namespace DeliveryBot.Teams.Cards.Templating;

/// <summary>
/// The data an expression sees: the current $data, $root (each an expression value, see <see cref="Evaluator"/>), and
/// $index inside a repeat. A value, not an object: one is made for every item of every repeat a card draws.
/// </summary>
internal readonly record struct Scope(object? Data, object? Root, int? Index);
