using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace DeliveryBot.Application.Messages;

/// <summary>
/// How messages are written into an outbox row's payload and read back: web JSON, and a payload that does not read
/// (written by another version, or damaged) is null, for the sender to give up on with a reason, never an exception.
/// </summary>
/// <remarks>
/// Written by generated code (<see cref="OutboxJsonContext"/>), not by reflection: a payload is written behind every
/// change, and the reflection serializer walked each nested object (the recipient, the action) with a stack of frames
/// made for the call. The JSON is the same (OutboxPayloadTests hold it to the reflection serializer's for every kind).
/// </remarks>
internal static class OutboxPayload
{
    /// <summary>The message as its own type says it (not as the base type it is handed in as).</summary>
    public static string Write(object message)
        => JsonSerializer.Serialize(message, OutboxJsonContext.Default.GetTypeInfo(message.GetType())
            ?? throw new NotSupportedException($"{message.GetType().Name} is not a kind of outbox message."));

    public static T? Read<T>(string json) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(json, (JsonTypeInfo<T>)OutboxJsonContext.Default.GetTypeInfo(typeof(T))!);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The outbox's kinds of message, as web JSON (camelCase names, names read in any case).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ReminderMessage))]
[JsonSerializable(typeof(Notice))]
[JsonSerializable(typeof(TurnCard))]
[JsonSerializable(typeof(CardRedraw))]
[JsonSerializable(typeof(CardMoved))]
[JsonSerializable(typeof(InformationCard))]
[JsonSerializable(typeof(ClientMessage))]
internal sealed partial class OutboxJsonContext : JsonSerializerContext;
