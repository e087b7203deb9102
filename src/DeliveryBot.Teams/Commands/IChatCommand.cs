using DeliveryBot.Teams.Turns;
namespace DeliveryBot.Teams.Commands;

/// <summary>A chat command: its name, what it takes, what it does, and its handler. One class per command.</summary>
internal interface IChatCommand
{
    string Name { get; }

    /// <summary>How to type it, e.g. "status &lt;id&gt;".</summary>
    string Usage { get; }

    string Description { get; }

    /// <summary>Handles the command; <paramref name="arguments"/> is the text after the command's name.</summary>
    Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct);
}
