using System.Text.Json;

namespace DeliveryBot.Teams.Protocol;

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
