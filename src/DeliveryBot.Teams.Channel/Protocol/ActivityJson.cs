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
        => JsonSerializer.Deserialize(utf8, ActivityJsonContext.Default.Activity) ?? throw new JsonException("The activity is null.");

    public static string Write(Activity activity) => JsonSerializer.Serialize(activity, ActivityJsonContext.Default.Activity);

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

    public static bool IsPersonal(this Activity activity) => activity.Conversation?.ConversationType is "personal" or null && activity.Conversation?.IsGroup != true;
}

/// <summary>The Bot Connector's answer to a send: the new activity's id.</summary>
public sealed class ResourceResponse
{
    public string? Id { get; set; }
}

public sealed class ConversationResourceResponse
{
    public string? Id { get; set; }
    public string? ServiceUrl { get; set; }
    public string? ActivityId { get; set; }
}

/// <summary>POST /v3/conversations: open a conversation (a 1:1 chat) with members.</summary>
public sealed class ConversationParameters
{
    public bool IsGroup { get; set; }
    public ChannelAccount? Bot { get; set; }
    public List<ChannelAccount>? Members { get; set; }
    public string? TenantId { get; set; }
    public JsonElement? ChannelData { get; set; }
    public Activity? Activity { get; set; }
}

public sealed class ErrorResponse
{
    public ErrorBody? Error { get; set; }
}

public sealed class ErrorBody
{
    public string? Code { get; set; }
    public string? Message { get; set; }
}
