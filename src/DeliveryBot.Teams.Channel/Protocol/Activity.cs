using System.Text.Json;

namespace DeliveryBot.Teams.Protocol;

/// <summary>
/// A Bot Framework activity as Teams sends and expects it (the fields this bot reads or writes; others are
/// ignored on the way in). Property names follow the protocol's camelCase JSON.
/// </summary>
public sealed class Activity
{
    public string? Type { get; set; }
    public string? Id { get; set; }
    public DateTimeOffset? Timestamp { get; set; }
    public string? ServiceUrl { get; set; }
    public string? ChannelId { get; set; }
    public ChannelAccount? From { get; set; }
    public ConversationAccount? Conversation { get; set; }
    public ChannelAccount? Recipient { get; set; }
    public string? TextFormat { get; set; }
    public string? Text { get; set; }
    public string? Summary { get; set; }
    public string? Locale { get; set; }

    /// <summary>The sender's IANA time zone, as their Teams client reports it.</summary>
    public string? LocalTimezone { get; set; }
    public string? ReplyToId { get; set; }
    public string? Name { get; set; }
    public string? Action { get; set; }
    public JsonElement? Value { get; set; }
    public JsonElement? ChannelData { get; set; }
    public List<Entity>? Entities { get; set; }
    public List<Attachment>? Attachments { get; set; }
    public List<ChannelAccount>? MembersAdded { get; set; }
    public List<ChannelAccount>? MembersRemoved { get; set; }

    public static Activity Message(string text) => new() { Type = ActivityTypes.Message, Text = text, TextFormat = "markdown" };

    public static Activity Card(JsonElement card, string? summary = null) => new()
    {
        Type = ActivityTypes.Message,
        Summary = summary,
        Attachments = [new Attachment { ContentType = Attachment.AdaptiveCard, Content = card }],
    };
}

public static class ActivityTypes
{
    public const string Message = "message";
    public const string Invoke = "invoke";
    public const string ConversationUpdate = "conversationUpdate";
    public const string InstallationUpdate = "installationUpdate";
    public const string MessageUpdate = "messageUpdate";
}

public sealed class ChannelAccount
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? AadObjectId { get; set; }

    /// <summary>The Entra object id as some roster calls name it.</summary>
    public string? ObjectId { get; set; }

    public string? Email { get; set; }
    public string? UserPrincipalName { get; set; }
    public string? Role { get; set; }

    /// <summary>Their Entra object id, as Teams gives it (the product refuses the ids it keeps for itself).</summary>
    public string? EntraId => AadObjectId ?? ObjectId;
}

public sealed class ConversationAccount
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? ConversationType { get; set; }
    public string? TenantId { get; set; }
    public bool? IsGroup { get; set; }
}

/// <summary>An entity; Teams mentions are type "mention" with the mentioned account and its &lt;at&gt; text.</summary>
public sealed class Entity
{
    public string? Type { get; set; }

    /// <summary>On a clientInfo entity: the sender's IANA time zone.</summary>
    public string? Timezone { get; set; }
    public ChannelAccount? Mentioned { get; set; }
    public string? Text { get; set; }
}

public sealed class Attachment
{
    public const string AdaptiveCard = "application/vnd.microsoft.card.adaptive";

    public string? ContentType { get; set; }
    public JsonElement? Content { get; set; }
    public string? ContentUrl { get; set; }
    public string? Name { get; set; }
}

/// <summary>The Teams part of channelData: tenant, team and channel.</summary>
public sealed class TeamsChannelData
{
    public IdName? Tenant { get; set; }
    public IdName? Team { get; set; }
    public IdName? Channel { get; set; }
    public string? EventType { get; set; }
}

public sealed class IdName
{
    public string? Id { get; set; }
    public string? Name { get; set; }
}

/// <summary>What /api/messages answers to an invoke: the HTTP status and the body Teams reads.</summary>
public sealed record InvokeResponse(int Status, object? Body);
