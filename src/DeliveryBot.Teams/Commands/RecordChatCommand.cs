using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Rendering;
using DeliveryBot.Teams.Turns;

namespace DeliveryBot.Teams.Commands;

/// <summary>
/// `record &lt;id&gt;`: the delivery record as Markdown in the lifecycle template's layout, ready to paste.
/// </summary>
internal sealed class RecordChatCommand(IDeliveryStore store, TimeProvider clock) : IChatCommand
{
    public string Name => "record";
    public string Usage => "record <id> [part]";
    public string Description
        => "The delivery record as Markdown, in the lifecycle template's layout, to paste anywhere";

    /// <summary>Messages one `record` sends at most; a longer record says how to ask for the next parts.</summary>
    public const int PartsPerAnswer = 5;

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        if (await DeliveryArgument.LoadAsync(turn, store, arguments, Usage, ct) is not { } delivery) return;
        var markdown = RecordMarkdown.Render(delivery, clock.GetUtcNow());
        // A code block keeps the Markdown itself (tables included) for copying; Teams would otherwise render it. A
        // long record goes in parts, cut between lines, each well under what Teams takes in one message: nothing is
        // left out, and a few parts at a time, so a huge register does not flood the chat.
        var parts = Parts(markdown, PartLength);
        var asked = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).FirstOrDefault();
        var first = asked is null ? 1
            : int.TryParse(
                asked,
                System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture,
                out var n)
                ? n
                : 0;
        if (first < 1 || first > parts.Count)
        {
            await turn.ReplyAsync(parts.Count == 1
                ? $"The record of {delivery.Id} fits in one message: `record {delivery.Id}`."
                : $"The record of {delivery.Id} has {parts.Count} parts: ask for one from 1 to {parts.Count}, "
                    + $"e.g. `record {delivery.Id} 1`.", ct);
            return;
        }
        var last = Math.Min(parts.Count, first + PartsPerAnswer - 1);
        for (var i = first; i <= last; i++)
        {
            var title = parts.Count == 1
                ? $"Delivery record {delivery.Id}, as Markdown:"
                : $"Delivery record {delivery.Id}, as Markdown (part {i} of {parts.Count}):";
            var next = i == last && last < parts.Count
                ? $"\n\nParts {last + 1}–{parts.Count} follow with `record {delivery.Id} {last + 1}`."
                : "";
            await turn.ReplyAsync($"{title}\n\n```markdown\n{parts[i - 1]}```{next}", ct);
        }
    }

    /// <summary>
    /// Characters of Markdown per message: Teams takes about 100 KB counted in UTF-16, and the envelope needs room.
    /// </summary>
    public const int PartLength = 20_000;

    /// <summary>
    /// The text cut between lines into parts of at most <paramref name="length"/> characters (a longer line is cut
    /// where it must be).
    /// </summary>
    public static IReadOnlyList<string> Parts(string text, int length)
    {
        var parts = new List<string>();
        var part = new System.Text.StringBuilder();
        foreach (var line in text.Split('\n'))
        {
            for (var rest = line + "\n"; rest.Length > 0;)
            {
                if (part.Length > 0 && part.Length + rest.Length > length) { parts.Add(part.ToString()); part.Clear(); }
                var take = Math.Min(rest.Length, length);
                part.Append(rest, 0, take);
                rest = rest[take..];
            }
        }
        if (part.Length > 0) parts.Add(part.ToString().TrimEnd('\n') + "\n");
        return parts;
    }
}
