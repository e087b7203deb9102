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

    public static TeamsChannelData? TeamsData(this Activity activity)
    {
        if (activity.ChannelData is not { ValueKind: JsonValueKind.Object } data) return null;
        try { return data.Deserialize(ActivityJsonContext.Default.TeamsChannelData); }
        catch (JsonException) { return null; }
    }

    /// <summary>The tenant: Teams puts it in channelData.tenant.id and conversation.tenantId.</summary>
    public static string? TenantId(this Activity activity)
        => activity.TeamsData()?.Tenant?.Id ?? activity.Conversation?.TenantId;

    public static bool IsChannel(this Activity activity) => activity.Conversation?.ConversationType == "channel";

    public static bool IsPersonal(this Activity activity)
        => activity.Conversation?.ConversationType is "personal" or null
            && activity.Conversation?.IsGroup != true;
}
