using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeliveryBot.Teams.Protocol;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Activity))]
[JsonSerializable(typeof(TeamsChannelData))]
[JsonSerializable(typeof(ConversationReference))]
[JsonSerializable(typeof(ConversationParameters))]
[JsonSerializable(typeof(ResourceResponse))]
[JsonSerializable(typeof(ConversationResourceResponse))]
[JsonSerializable(typeof(List<ChannelAccount>))]
[JsonSerializable(typeof(ErrorResponse))]
internal sealed partial class ActivityJsonContext : JsonSerializerContext;

/// <summary>Reading and writing protocol JSON, source-generated (no reflection on the hot path).</summary>
public static class ActivityJson
{
    public static Activity Parse(ReadOnlySpan<byte> utf8)
        => JsonSerializer.Deserialize(utf8, ActivityJsonContext.Default.Activity)
            ?? throw new JsonException("The activity is null.");

    public static string Write(Activity activity)
        => JsonSerializer.Serialize(activity, ActivityJsonContext.Default.Activity);

    /// <summary>The tenant: Teams puts it in channelData.tenant.id and conversation.tenantId.</summary>
    /// <remarks>
    /// Read where it lies: every turn asks for it, and deserializing the whole channel data for one string cost a few
    /// KB a click. A channelData.tenant.id that is not a string (or a tenant that is not an object) is no tenant
    /// there, and the conversation's is taken, as when the channel data did not deserialize.
    /// </remarks>
    public static string? TenantId(this Activity activity)
        => (activity.ChannelData is { ValueKind: JsonValueKind.Object } data
                && Named(data, "tenant") is { ValueKind: JsonValueKind.Object } tenant
                && Named(tenant, "id") is { ValueKind: JsonValueKind.String } id
                ? id.GetString()
                : null)
            ?? activity.Conversation?.TenantId;

    /// <summary>
    /// The value of <paramref name="o"/>'s property <paramref name="name"/>: as Teams writes it (camelCase), else in
    /// another case, as the protocol's deserializer matches names; the last one where a name repeats.
    /// </summary>
    private static JsonElement? Named(JsonElement o, string name)
    {
        JsonElement? found = null;
        foreach (var property in o.EnumerateObject())
            if (property.NameEquals(name)) found = property.Value;
        if (found is not null) return found;
        foreach (var property in o.EnumerateObject()) // rarer: the name in another case
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase)) found = property.Value;
        return found;
    }

    public static bool IsChannel(this Activity activity) => activity.Conversation?.ConversationType == "channel";

    public static bool IsPersonal(this Activity activity)
        => activity.Conversation?.ConversationType is "personal" or null
            && activity.Conversation?.IsGroup != true;
}
