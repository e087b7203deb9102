using System.Text.Json;

namespace DeliveryBot.Application.Messages;

/// <summary>
/// How messages are written into an outbox row's payload and read back: web JSON, and a payload that does not read
/// (written by another version, or damaged) is null, for the sender to give up on with a reason, never an exception.
/// </summary>
internal static class OutboxPayload
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>The message as its own type says it (not as the base type it is handed in as).</summary>
    public static string Write(object message) => JsonSerializer.Serialize(message, message.GetType(), Options);

    public static T? Read<T>(string json) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
