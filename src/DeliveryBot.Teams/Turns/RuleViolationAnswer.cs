using DeliveryBot.Domain.Common;
using DeliveryBot.Teams.Protocol;
using Microsoft.Extensions.Logging;

namespace DeliveryBot.Teams.Turns;

/// <summary>
/// The answer when a domain rule is broken outside a command, where no outcome carries it (a record whose calendar
/// cannot place anything, drawn for a card): the person is told the rule in plain words, on the card they clicked or
/// in the chat, and whether anything changed in this turn; never a 500. Commands answer their own refusals.
/// </summary>
internal sealed partial class RuleViolationAnswer(ILogger<RuleViolationAnswer> logger)
{
    public async Task AnswerAsync(TurnContext turn, RuleViolation violation, CancellationToken ct)
    {
        var activity = turn.Activity;
        Broken(violation, activity.Type ?? "", activity.Name ?? "", violation.Message);
        var done = turn.Changed.Count == 0
            ? "Nothing changed."
            : $"{string.Join(", ", turn.Changed)} was saved, but what should have followed was not.";
        var text = $"I couldn't do that: {violation.Message} {done}";
        if (activity.Type == ActivityTypes.Invoke)
            turn.InvokeResponse = new InvokeResponse(200, InvokeAnswers.Error("RuleViolation", text));
        else if (activity.Type == ActivityTypes.Message)
            await turn.ReplyAsync($"⛔ {Domain.Rendering.MarkdownText.Escape(text)}", ct);
    }

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning,
        Message = "A {ActivityType} {ActivityName} turn met a broken rule outside a command: {Rule}")]
    private partial void Broken(Exception e, string activityType, string activityName, string rule);
}
