using System.Data.Common;
using DeliveryBot.Application.Storage;
using DeliveryBot.Teams.Protocol;
using Microsoft.Extensions.Logging;

namespace DeliveryBot.Teams.Turns;

/// <summary>
/// The answer when the database cannot take a turn's read or write (another writer holds its lock past the timeout,
/// the disk is full): the person is told plainly, on the card they clicked or in the chat, what happened and whether
/// anything changed, instead of Teams' "Unable to reach app". One place for every command and card verb. The store
/// has rolled back the write that failed; a change saved earlier in the same turn stays, and the answer says so.
/// The operator's reason (with the file or server) goes to the log, not to the chat.
/// </summary>
internal sealed partial class StorageFaultAnswer(ILogger<StorageFaultAnswer> logger)
{
    public static bool Handles(Exception e) => e is StorageUnavailableException or DbException;

    public async Task AnswerAsync(TurnContext turn, Exception fault, CancellationToken ct)
    {
        var activity = turn.Activity;
        Failed(
            fault,
            activityType: activity.Type ?? "",
            activityName: activity.Name ?? "",
            savedCount: turn.Changed.Count,
            reason: fault.Message);
        var text = Text(fault, turn.Changed);
        if (activity.Type == ActivityTypes.Invoke)
            turn.InvokeResponse = new InvokeResponse(200, InvokeAnswers.Error("StorageUnavailable", text, 500));
        else if (activity.Type == ActivityTypes.Message)
            await turn.ReplyAsync($"⚠️ {text}", ct);
    }

    public static string Text(Exception fault, IReadOnlyList<string> saved)
    {
        var what = (fault as StorageUnavailableException)?.Fault switch
        {
            StorageFault.Locked => "my database was busy with another program for too long",
            StorageFault.Full => "the disk my database is on is full",
            _ => "my database could not be used just now",
        };
        var done = saved.Count == 0
            ? "Nothing changed."
            : $"{string.Join(", ", saved)} was saved, but what should have followed was not.";
        return $"I couldn't finish that: {what}. {done} Please try again in a few minutes; "
            + "if it keeps happening, tell whoever runs DeliveryBot.";
    }

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error,
        Message = "A {ActivityType} {ActivityName} turn stopped: storage could not be used "
            + "({SavedCount} deliveries saved before). {Reason}")]
    private partial void Failed(Exception e, string activityType, string activityName, int savedCount, string reason);
}
