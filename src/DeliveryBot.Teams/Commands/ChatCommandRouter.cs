namespace DeliveryBot.Teams.Commands;

/// <summary>
/// Finds the command a message names (case-insensitive, first word) in a map of the registered commands.
/// An unknown command gets the help text and the nearest command's name.
/// </summary>
internal sealed class ChatCommandRouter
{
    private readonly Dictionary<string, IChatCommand> _commands;

    public ChatCommandRouter(IEnumerable<IChatCommand> commands)
    {
        _commands = commands.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        Commands = [.. _commands.Values.OrderBy(c => c.Name == "help" ? "" : c.Name, StringComparer.Ordinal)];
    }

    public IReadOnlyList<IChatCommand> Commands { get; }

    public (IChatCommand? Command, string Name, string Arguments) Route(string text)
    {
        var trimmed = text.Trim();
        var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
        var name = space < 0 ? trimmed : trimmed[..space];
        var arguments = space < 0 ? "" : trimmed[(space + 1)..].Trim();
        return (_commands.GetValueOrDefault(name), name, arguments);
    }

    /// <summary>The registered command closest to what was typed (edit distance), if any is close enough.</summary>
    public string? Nearest(string typed)
    {
        if (typed.Length == 0) return null;
        var best = Commands
            .Select(c => (c.Name, Distance: Distance(typed.ToLowerInvariant(), c.Name)))
            .MinBy(x => x.Distance);
        return best.Distance <= Math.Max(2, typed.Length / 2) ? best.Name : null;
    }

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var previous = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var current = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (a[i - 1] == b[j - 1] ? 0 : 1));
                previous = current;
            }
        }
        return row[b.Length];
    }
}
