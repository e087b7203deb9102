using System.Text.Json;
using DeliveryBot.Application.Directory;
using DeliveryBot.Application.Storage;
using DeliveryBot.Teams.Connector;
using DeliveryBot.Teams.Protocol;

namespace DeliveryBot.Teams.Conversations;

/// <summary>
/// Sends to a person without being spoken to: through their 1:1 chat with the bot, opened first if the bot has
/// none yet (with their Teams user id when known, from a roster, else their Entra object id). When Teams will not
/// open that chat because the bot is not installed for them, the directory installs it (Microsoft Graph) and the
/// chat it answers with is used. A 403/404 marks them unreachable (with the reason) for the DM to act on; a later
/// success clears it. Every outcome is returned, none swallowed.
/// </summary>
internal sealed class ProactiveMessenger(
    IBotConnector connector,
    ConversationReferences references,
    IConversationStore store,
    IPeopleDirectory directory,
    FirstContactAllowance firstContact,
    TimeProvider clock)
{
    public Task<SendResult> SendToUserAsync(
        string tenantId, string aadObjectId, Activity activity, CancellationToken ct)
        => SendToUserAsync(tenantId, new ChannelAccount { AadObjectId = aadObjectId }, activity, ct);

    public async Task<SendResult> SendToUserAsync(
        string tenantId, ChannelAccount person, Activity activity, CancellationToken ct)
        => (await SendAsync(tenantId, person, activity, ct)).Result;

    /// <summary>Sends, and says where it went (the 1:1 chat's reference) so the message can be updated later.</summary>
    public Task<(SendResult Result, ConversationReference? Reference)> SendToUserWithReferenceAsync(
        string tenantId, string aadObjectId, Activity activity, CancellationToken ct)
        => SendAsync(tenantId, new ChannelAccount { AadObjectId = aadObjectId }, activity, ct);

    private async Task<(SendResult Result, ConversationReference? Reference)> SendAsync(
        string tenantId, ChannelAccount person, Activity activity, CancellationToken ct)
    {
        var aadObjectId = person.EntraId
            ?? throw new ArgumentException("The person needs an Entra object id.", nameof(person));
        var reference = await references.FindUserAsync(aadObjectId, ct);
        if (firstContact.Take(reference, aadObjectId, person.Name ?? "This person") is { } waits)
            return (SendResult.Failed(status: null, waits), null);
        if (reference is null)
        {
            var memberId = person.Id ?? await references.FindMemberIdAsync(aadObjectId, ct) ?? aadObjectId;
            var opened = await OpenPersonalChatAsync(tenantId, memberId, aadObjectId, ct);
            if (opened.Reference is null) return (await RecordAsync(aadObjectId, opened.Result, ct), null);
            reference = opened.Reference;
        }
        var result = await connector.SendAsync(
            serviceUrl: reference.ServiceUrl,
            conversationId: reference.ConversationId,
            activity,
            tenantId: reference.TenantId ?? tenantId,
            ct);
        return (await RecordAsync(aadObjectId, result, ct), reference);
    }

    private async Task<(SendResult Result, ConversationReference? Reference)> OpenPersonalChatAsync(
        string tenantId, string memberId, string aadObjectId, CancellationToken ct)
    {
        if (await references.FindTenantAsync(tenantId, ct) is not { } known)
            return (
                SendResult.Failed(
                    status: null,
                    $"The bot has not been used in tenant {tenantId} yet, so it cannot open a chat there."),
                null);
        var parameters = new ConversationParameters
        {
            IsGroup = false,
            Bot = new ChannelAccount { Id = known.BotId, Name = known.BotName },
            Members = [new ChannelAccount { Id = memberId }],
            TenantId = tenantId,
            ChannelData = JsonSerializer.SerializeToElement(
                new TeamsChannelData { Tenant = new IdName { Id = tenantId } },
                ActivityJsonContext.Default.TeamsChannelData),
        };
        var created = await connector.CreateConversationAsync(known.ServiceUrl, parameters, ct);
        var chat = created.ActivityId;
        if (created.Status == SendStatus.Unreachable)
        {
            // Teams will not open a chat with someone who does not have the bot: install it for them, and use
            // its chat.
            var installed = await directory.InstallForAsync(tenantId, aadObjectId, ct);
            if (installed.Outcome != DirectoryOutcome.Found)
                return (
                    SendResult.Unreachable(
                        created.HttpStatus ?? 403,
                        $"{created.Reason}; installing the app for them did not work either: {installed.Reason}"),
                    null);
            chat = installed.Value;
        }
        else if (created.Status != SendStatus.Sent || chat is null) return (created, null);
        var reference = known with
        {
            ConversationId = chat!,
            ConversationType = "personal",
            UserId = null,
            UserAadObjectId = aadObjectId,
            UserName = null,
        };
        await references.SaveUserAsync(aadObjectId, reference, ct);
        return (created, reference);
    }

    private async Task<SendResult> RecordAsync(string aadObjectId, SendResult result, CancellationToken ct)
    {
        var key = aadObjectId.ToLowerInvariant();
        if (result.Status == SendStatus.Unreachable)
            await store.SetReachabilityAsync(key, reachable: false, result.Reason, clock.GetUtcNow(), ct);
        else if (result.Status == SendStatus.Sent && await store.FindReachabilityAsync(key, ct) is { Reachable: false })
            await store.SetReachabilityAsync(key, reachable: true, reason: null, clock.GetUtcNow(), ct);
        return result;
    }
}
