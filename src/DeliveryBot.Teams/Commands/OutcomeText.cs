using System.Text;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Rendering;
using DeliveryBot.Teams.Protocol;

namespace DeliveryBot.Teams.Commands;

/// <summary>A domain outcome as a chat answer: what happened, or why nothing did and what is missing.</summary>
public static class OutcomeText
{
    public static string Of(Outcome outcome)
    {
        var text = new StringBuilder(outcome.Kind switch
        {
            OutcomeKind.Applied => "✅ ",
            OutcomeKind.Forbidden => "🚫 ",
            OutcomeKind.Refused => "⛔ ",
            _ => "ℹ️ ",
        }).Append(MarkdownText.Escape(outcome.Message));
        foreach (var missing in outcome.Missing) text.Append("\n- ").Append(MarkdownText.Escape(missing));
        return text.ToString();
    }

    /// <summary>The sender as the domain knows people: by Entra object id and display name.</summary>
    public static Domain.People.Person? Sender(Activity activity)
        => activity.From?.AadObjectId is { } oid ? new Domain.People.Person(oid, null, activity.From.Name ?? oid) : null;
}
