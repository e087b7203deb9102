using System.Text.Json;
using DeliveryBot.Teams.Protocol;

namespace DeliveryBot.Teams.Turns;

/// <summary>A button on a card (Action.Execute): its verb and its handler. One class per verb.</summary>
internal interface IVerbHandler
{
    string Verb { get; }

    /// <summary>Handles a click; the answer is the invoke response (usually the card redrawn).</summary>
    Task<InvokeResponse> HandleAsync(TurnContext turn, JsonElement data, CancellationToken ct);
}

/// <summary>Finds the handler of an adaptiveCard/action invoke by its verb, in a map of the registered verbs.</summary>
internal sealed class VerbRouter(IEnumerable<IVerbHandler> actions)
{
    private readonly Dictionary<string, IVerbHandler> _actions =
        actions.ToDictionary(a => a.Verb, StringComparer.Ordinal);

    public async Task<InvokeResponse> RouteAsync(TurnContext turn, CancellationToken ct)
    {
        if (turn.Activity.Value is not { ValueKind: JsonValueKind.Object } value
            || !value.TryGetProperty("action", out var action) || action.ValueKind != JsonValueKind.Object
            || !action.TryGetProperty("verb", out var verbElement) || verbElement.ValueKind != JsonValueKind.String)
            return Invalid("This card action has no verb; nothing changed.");
        var verb = verbElement.GetString()!;
        if (!_actions.TryGetValue(verb, out var handler))
            return Invalid($"This bot has no action '{verb}'; nothing changed.");
        turn.Handler = handler.Verb;
        var data = action.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d : default;
        return await handler.HandleAsync(turn, data, ct);
    }

    public static InvokeResponse Invalid(string message) => new(200, InvokeAnswers.Error("BadRequest", message));
}
