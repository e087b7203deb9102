using DeliveryBot.Application.Limits;
using DeliveryBot.Domain.Common;
using DeliveryBot.Teams.Turns;
using Microsoft.Extensions.Options;

namespace DeliveryBot.Teams.Commands;

/// <summary>
/// How many commands one person may type in a short window (Bot:CommandsPerPerson in Bot:CommandWindow, in any chat of
/// their organisation). Every answer is a message Teams counts against the chat's limits (eight in two seconds, sixty
/// in thirty) and the organisation's: without a cap, one person pasting forty commands into a group chat used the
/// chat's allowance, and a colleague's command after them went unanswered for as long. Past the cap the person is told
/// once a window, and the commands beyond it are not run nor answered: answering each refusal would spend the chat's
/// allowance just the same. Nothing a refused command would have changed is changed. Counted in this process.
/// </summary>
internal sealed class CommandAllowance(IOptions<BotOptions> options, TimeProvider clock)
{
    private readonly SlidingAllowance _commands = new(options.Value.CommandWindow, TimeSpan.FromMinutes(1));
    private readonly SlidingAllowance _told = new(options.Value.CommandWindow, TimeSpan.FromMinutes(1));

    /// <summary>What becomes of a command the person has just typed.</summary>
    public enum Verdict
    {
        /// <summary>Within the allowance: counted, and run.</summary>
        Run,

        /// <summary>Past it, and the person has not been told this window: not run, and they are told.</summary>
        Tell,

        /// <summary>Past it, and told already: not run, and nothing sent.</summary>
        Drop,
    }

    public int PerPerson => options.Value.CommandsPerPerson;

    public TimeSpan Window => options.Value.CommandWindow;

    public Verdict Take(TurnContext turn, out TimeSpan retryAfter)
    {
        var key = $"{turn.TenantId}|{turn.Sender?.Key ?? turn.Activity.From?.Id}";
        var now = clock.GetUtcNow();
        retryAfter = TimeSpan.Zero;
        if (_commands.TryTake(key, PerPerson, now)) return Verdict.Run;
        retryAfter = _commands.NextAllowed(key, PerPerson, now) is { } next ? next - now : Window;
        return _told.TryTake(key, 1, now) ? Verdict.Tell : Verdict.Drop;
    }

    /// <summary>What the person is told, once a window, when they are past the allowance.</summary>
    public string Refusal(TimeSpan retryAfter)
        => $"⏳ That is more than {PerPerson} commands in {Seconds(Window)}: I answer at most that many from one "
            + "person, so that everyone in the chat still gets answers. I did not run that one, nor any more you "
            + $"send in the next {Seconds(retryAfter)}; nothing was changed. Send it again after that.";

    private static string Seconds(TimeSpan span) => Counted.Of((long)Math.Ceiling(span.TotalSeconds), "second");
}
