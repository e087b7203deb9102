using System.Globalization;
using System.Text.RegularExpressions;
using DeliveryBot.Application.Deliveries;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Teams.Turns;
using DeliveryBot.Teams.Wording;

namespace DeliveryBot.Teams.Commands;

/// <summary>
/// A command that changes a delivery: "&lt;name&gt; &lt;id&gt; &lt;rest&gt;" becomes a domain command run by the
/// <see cref="DeliveryService"/>, with the activity id as the idempotency key (a Teams retry answers as the first
/// time).
/// </summary>
internal abstract class ChangeChatCommand(DeliveryService deliveries) : IChatCommand
{
    public abstract string Name { get; }
    public abstract string Usage { get; }
    public abstract string Description { get; }

    /// <summary>
    /// The domain command for the id argument and the text after it, or a plain-words reason it cannot be one.
    /// </summary>
    protected abstract (DeliveryCommand? Command, string? Problem) Build(string first, string rest);

    /// <summary>Which delivery the first argument names (an escalation id names its delivery too).</summary>
    protected virtual string? DeliveryId(string first) => DeliveryIds.Parse(first);

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        var parts = arguments.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var id = parts.Length > 0 ? DeliveryId(parts[0]) : null;
        if (id is null)
        {
            await turn.ReplyAsync($"Type `{Usage}`.", ct);
            return;
        }
        var (command, problem) = Build(parts[0], parts.Length > 1 ? parts[1] : "");
        if (command is null)
        {
            await turn.ReplyAsync($"{problem} Type `{Usage}`.", ct);
            return;
        }
        if (turn.Sender is not { } sender)
        {
            await turn.ReplyAsync("I can't tell who you are in this conversation, so I can't change anything.", ct);
            return;
        }
        var result = turn.Track(
            await deliveries.ExecuteAsync(turn.KeyOf(id), command, turn.ChangeFrom(sender, $"message:{Name}"), ct));
        await turn.ReplyAsync(OutcomeText.Of(result.Outcome), ct);
    }
}

internal sealed class SkipChatCommand(DeliveryService deliveries) : ChangeChatCommand(deliveries)
{
    public override string Name => "skip";
    public override string Usage => "skip <id> <stage> <rationale>";
    public override string Description => "Skip a stage with a documented rationale (DM only; never QA)";

    protected override (DeliveryCommand?, string?) Build(string first, string rest)
    {
        var parts = rest.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0 || StageText.Parse(parts[0]) is not { } stage)
            return (null, "Which stage? Give its number (1–7) or name.");
        return parts.Length < 2 ? (null, "Say why the stage is skipped.") : (new SkipStage(stage, parts[1]), null);
    }
}

internal sealed class EscalateChatCommand(DeliveryService deliveries) : ChangeChatCommand(deliveries)
{
    public override string Name => "escalate";
    public override string Usage => "escalate <id> <issue>";
    public override string Description => "Escalate an issue to the CTO (DM only)";

    protected override (DeliveryCommand?, string?) Build(string first, string rest)
        => rest.Length == 0 ? (null, "Say what the issue is.") : (new Escalate(rest), null);
}

/// <summary>
/// `blocker &lt;id&gt; &lt;what is blocking&gt; [delays &lt;milestone&gt; by &lt;n&gt; days]`: raised with what it
/// delays when the sentence ends that way.
/// </summary>
internal sealed partial class BlockerChatCommand(DeliveryService deliveries) : ChangeChatCommand(deliveries)
{
    public override string Name => "blocker";
    public override string Usage => "blocker <id> <what is blocking> [delays <milestone> by <n> days]";
    public override string Description => "Raise a blocker on the stage under way; the DM and the PLA are told";

    protected override (DeliveryCommand?, string?) Build(string first, string rest)
    {
        if (rest.Length == 0) return (null, "Say what is blocking.");
        if (Impact().Match(rest) is not { Success: true } impact) return (new RaiseBlocker(rest), null);
        if (MilestoneNames.Parse(impact.Groups["milestone"].Value) is not { } milestone)
            return (null, "Which milestone does it delay? Its number in the record (1–9) or its name, e.g. "
                + "qa submitted.");
        var what = rest[..impact.Index].TrimEnd(' ', ',', ';', '.', '-', '—');
        return what.Length == 0
            ? (null, "Say what is blocking.")
            : (new RaiseBlocker(what, Delays: milestone,
                DelayDays: int.TryParse(impact.Groups["days"].ValueSpan, out var days) ? days : -1), null);
    }

    [GeneratedRegex(
        @"\s*[,;.—-]?\s*\bdelays\s+(?<milestone>[\w -]+?)\s+by\s+(?<days>\d{1,4})\s+(business\s+)?days?\s*\.?\z",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
        matchTimeoutMilliseconds: 100)]
    private static partial Regex Impact();
}

/// <summary>
/// `resolve &lt;escalation or blocker&gt; &lt;resolution&gt;`: the id (D12-E1, D12-B2) names its delivery; whether
/// it is an escalation or a blocker decides who may resolve it (the domain says).
/// </summary>
internal sealed class ResolveChatCommand(DeliveryService deliveries) : ChangeChatCommand(deliveries)
{
    public override string Name => "resolve";
    public override string Usage => "resolve <escalation or blocker> <resolution>";
    public override string Description
        => "Resolve a blocker (who raised it, the DM, the PLA) or an escalation (the CTO): resolve D12-B1 data came";

    protected override string? DeliveryId(string first)
    {
        var dash = first.LastIndexOf('-');
        return dash > 0 ? DeliveryIds.Parse(first[..dash]) : null;
    }

    protected override (DeliveryCommand?, string?) Build(string first, string rest)
    {
        if (rest.Length == 0) return (null, "Say how it was resolved.");
        var item = first[(first.LastIndexOf('-') + 1)..];
        return item.Length > 1 && char.ToUpperInvariant(item[0]) == 'B'
            ? (new ResolveBlocker(item.ToUpperInvariant(), rest), null)
            : (new ResolveEscalation($"{DeliveryId(first)}-{item}", rest), null);
    }
}

/// <summary>
/// `done &lt;follow-up&gt; [note]`: a review follow-up (D12-F1) or a post-incident review's action item (D12-I1-A1) is
/// done; its owner or the DM says so, also after the delivery is closed, and its nudges stop.
/// </summary>
internal sealed class DoneChatCommand(DeliveryService deliveries) : ChangeChatCommand(deliveries)
{
    public override string Name => "done";
    public override string Usage => "done <follow-up or action item> [note]";
    public override string Description
        => "Mark a review follow-up or an incident's action item done (its owner or the DM); its nudges stop: "
            + "done D12-F1 smoke tests automated, done D12-I1-A1";

    // the delivery is the first part: D12 of D12-F1 and of D12-I1-A1
    protected override string? DeliveryId(string first)
    {
        var dash = first.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 ? DeliveryIds.Parse(first[..dash]) : null;
    }

    protected override (DeliveryCommand?, string?) Build(string first, string rest)
    {
        var item = first[(first.IndexOf('-', StringComparison.Ordinal) + 1)..];
        var note = rest.Length > 0 ? rest : null;
        if (item.Length > 1 && char.ToUpperInvariant(item[0]) == 'F')
            return (new MarkFollowUpDone(item.ToUpperInvariant(), note), null);
        if (item.Length > 1 && char.ToUpperInvariant(item[0]) == 'I' && item.Contains('-', StringComparison.Ordinal))
            return (new MarkActionItemDone(item.ToUpperInvariant(), note), null);
        return (null, $"Which follow-up or action item? Give its id as `review {DeliveryId(first)}` or the incident's "
            + $"review shows it, e.g. {DeliveryId(first)}-F1 or {DeliveryId(first)}-I1-A1.");
    }
}

internal sealed class CloseChatCommand(DeliveryService deliveries) : ChangeChatCommand(deliveries)
{
    public override string Name => "close";
    public override string Usage => "close <id>";
    public override string Description => "Close the delivery record, once the quality gate holds (DM only)";

    protected override (DeliveryCommand?, string?) Build(string first, string rest) => (new CloseDelivery(), null);
}

/// <summary>
/// `replan &lt;id&gt; &lt;milestone&gt; &lt;yyyy-mm-dd&gt; &lt;reason&gt;`: the DM moves a milestone's target (by its
/// number 1–9 or its name, e.g. `client handover`).
/// </summary>
internal sealed class ReplanChatCommand(DeliveryService deliveries) : ChangeChatCommand(deliveries)
{
    /// <summary>Words a milestone's name has at most ("post delivery review").</summary>
    private const int NameWords = 3;

    public override string Name => "replan";
    public override string Usage => "replan <id> <milestone> <yyyy-mm-dd> <reason>";
    public override string Description
        => "Move a milestone's target date, with the reason (DM only), e.g. replan D1 handover 2026-05-04 QA failed";

    protected override (DeliveryCommand?, string?) Build(string first, string rest)
    {
        var words = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0) return (null, "Which milestone? Give its number (1–9) or name, e.g. `client handover`.");
        // a number is the milestone; otherwise its name is the words before the date (the first word with a digit)
        var named = words[0].All(char.IsAsciiDigit) ? 1 : words.TakeWhile(w => !w.Any(char.IsAsciiDigit)).Count();
        var (milestone, used) = Enumerable.Range(1, Math.Min(named, NameWords))
            .Reverse()
            .Select(n => (Milestone: MilestoneNames.Parse(string.Join(' ', words[..n])), Used: n))
            .FirstOrDefault(m => m.Milestone is not null);
        if (milestone is not { } which)
            return (null, $"'{Bounded.Cut(string.Join(' ', words[..Math.Max(1, named)]), 60)}' is not a milestone: "
                + "give its number (1–9) or name, e.g. `client handover`.");
        if (words.Length <= used) return (null, $"Give the new {which.Title()} date (yyyy-mm-dd).");
        if (!DateOnly.TryParseExact(words[used], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None,
                out var date))
            return (null, $"'{Bounded.Cut(words[used], 40)}' is not a date: write it as yyyy-mm-dd, e.g. 2026-05-04.");
        var reason = string.Join(' ', words[(used + 1)..]);
        return reason.Length == 0
            ? (null, $"Say why {which.Title()} moves.")
            : (new RescheduleMilestone(which, date, reason), null);
    }
}
