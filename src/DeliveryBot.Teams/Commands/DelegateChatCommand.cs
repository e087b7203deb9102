using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DeliveryBot.Application.Deliveries;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.People;
using DeliveryBot.Teams.Connector;
using DeliveryBot.Teams.Conversations;
using DeliveryBot.Teams.Turns;
using DeliveryBot.Teams.Wording;

namespace DeliveryBot.Teams.Commands;

/// <summary>
/// `delegate [&lt;id&gt;] &lt;role&gt; to &lt;person&gt; until &lt;date&gt; [because …]`: out of office. Without an
/// id, the sender's role passes to the delegate on every open delivery where they hold it; with one (the DM acting
/// for a holder), on that delivery. The person is @mentioned (looked up in this chat's roster) or given by email.
/// Audited on each record. `delegate [&lt;id&gt;] &lt;role&gt; end` ends a delegation early: without an id, the ones
/// the sender gave or received on every open delivery; with one (the DM, say), that delivery's.
/// </summary>
internal sealed partial class DelegateChatCommand(
    DeliveryService deliveries,
    IDeliveryStore store,
    IBotConnector connector,
    ConversationReferences references,
    PeopleLookup people,
    TimeProvider clock)
    : IChatCommand
{
    public string Name => "delegate";
    public string Usage
        => "delegate [<id>] <role> to <@person or email> until <yyyy-mm-dd> [because <reason>] | "
            + "delegate [<id>] <role> end";
    public string Description
        => "Hand your role to someone while you are out of office, until a date; `end` takes it back early";

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        var parsed = Grammar().Match(arguments.Trim());
        if (!parsed.Success && EndGrammar().Match(arguments.Trim()) is { Success: true } ending)
        {
            if (RoleText.Parse(ending.Groups["role"].Value) is { } ended)
                await EndAsync(turn, ending.Groups["id"].Success ? ending.Groups["id"].Value : null, ended, ct);
            else
                await turn.ReplyAsync(
                    $"{Domain.Rendering.MarkdownText.Code(ending.Groups["role"].Value)} is not a role. "
                        + $"Roles: {RoleText.Known}.",
                    ct);
            return;
        }
        if (!parsed.Success)
        {
            await turn.ReplyAsync(
                $"Type `{Usage}`, e.g. `delegate qa to @Sam until 2026-12-04 because annual leave`.", ct);
            return;
        }
        if (RoleText.Parse(parsed.Groups["role"].Value) is not { } role)
        {
            await turn.ReplyAsync(
                $"{Domain.Rendering.MarkdownText.Code(parsed.Groups["role"].Value)} is not a role. "
                    + $"Roles: {RoleText.Known}.",
                ct);
            return;
        }
        if (!DateOnly.TryParseExact(
            parsed.Groups["until"].Value,
            "yyyy-MM-dd",
            CultureInfo.InvariantCulture,
            DateTimeStyles.None,
            out var until))
        {
            await turn.ReplyAsync(
                $"{Domain.Rendering.MarkdownText.Code(parsed.Groups["until"].Value)} is not a date: "
                    + "use yyyy-mm-dd, e.g. 2026-12-04.",
                ct);
            return;
        }
        if (turn.Sender is not { } sender)
        {
            await turn.ReplyAsync("I can't tell who you are in this conversation, so I can't change anything.", ct);
            return;
        }
        if (await DelegateAsync(turn, parsed.Groups["person"].Value.Trim(), ct) is not { } delegatePerson)
        {
            await turn.ReplyAsync("Who to? @mention someone in this chat, or give their email address.", ct);
            return;
        }
        var reason = parsed.Groups["reason"].Success ? parsed.Groups["reason"].Value.Trim() : null;
        var ids = parsed.Groups["id"].Success && DeliveryIds.Parse(parsed.Groups["id"].Value) is { } id
            ? [id]
            : (await store.ForPersonAsync(turn.TenantId, [sender.Key], ct))
                .Where(r => r.Role == role)
                .Select(r => r.DeliveryId)
                .Distinct()
                .ToList();
        if (ids.Count == 0)
        {
            await turn.ReplyAsync($"You are not the {role.Title()} of any open delivery.", ct);
            return;
        }
        var answer = new StringBuilder();
        foreach (var deliveryId in ids)
        {
            var result = turn.Track(await deliveries.ExecuteAsync(
                turn.KeyOf(deliveryId),
                new DelegateRole(role, delegatePerson, until, reason),
                turn.ChangeFrom(
                    sender, $"message:{Name}", $"{turn.Activity.Id ?? Guid.NewGuid().ToString("N")}:{deliveryId}"),
                ct));
            answer.Append("**").Append(deliveryId).Append("** ").Append(OutcomeText.Of(result.Outcome)).Append('\n');
        }
        await turn.ReplyAsync(answer.ToString(), ct);
    }

    /// <summary>
    /// Ends the delegations of a role early: on the delivery named, or on every open delivery where the sender gave or
    /// received one. The domain decides who may (the giver, the delegate, the DM) and which.
    /// </summary>
    private async Task EndAsync(TurnContext turn, string? typedId, Role role, CancellationToken ct)
    {
        if (turn.Sender is not { } sender)
        {
            await turn.ReplyAsync("I can't tell who you are in this conversation, so I can't change anything.", ct);
            return;
        }
        List<string> ids;
        if (typedId is not null && DeliveryIds.Parse(typedId) is { } id) ids = [id];
        else
        {
            ids = [];
            var now = clock.GetUtcNow();
            foreach (var deliveryId in (await store.ForPersonAsync(turn.TenantId, [sender.Key], ct))
                .Where(r => r.Role == role).Select(r => r.DeliveryId).Distinct())
                if (await store.FindAsync(turn.KeyOf(deliveryId), ct) is { } delivery
                    && delivery.DelegationsInvolving(sender, role, now).Count > 0) ids.Add(deliveryId);
        }
        if (ids.Count == 0)
        {
            await turn.ReplyAsync(
                $"You have no delegation of the {role.Title()} role in force on an open delivery. To end one you are "
                    + $"not part of (as the DM), name the delivery: `delegate D12 {RoleText.ShortName(role)} end`.",
                ct);
            return;
        }
        var answer = new StringBuilder();
        foreach (var deliveryId in ids)
        {
            var result = turn.Track(await deliveries.ExecuteAsync(
                turn.KeyOf(deliveryId),
                new EndRoleDelegation(role),
                turn.ChangeFrom(
                    sender, $"message:{Name}", $"{turn.Activity.Id ?? Guid.NewGuid().ToString("N")}:{deliveryId}"),
                ct));
            answer.Append("**").Append(deliveryId).Append("** ").Append(OutcomeText.Of(result.Outcome)).Append('\n');
        }
        await turn.ReplyAsync(answer.ToString(), ct);
    }

    /// <summary>
    /// The delegate: the person @mentioned (their Entra id from this chat's roster), or an email address (looked up in
    /// the directory).
    /// </summary>
    private async Task<Person?> DelegateAsync(TurnContext turn, string typed, CancellationToken ct)
    {
        var mention = turn.Activity.Entities?.FirstOrDefault(
            e => e.Type == "mention" && e.Mentioned?.Id is { } mid && mid != turn.Activity.Recipient?.Id);
        if (mention?.Mentioned?.Id is { } teamsId)
        {
            var roster = await Roster.OfAsync(connector, turn.Activity, ct);
            await references.SaveMembersAsync(turn.TenantId, roster, ct);
            return roster.FirstOrDefault(m => m.Id == teamsId) is { EntraId: { } oid } member
                ? new Person(
                    oid, member.Email ?? member.UserPrincipalName, member.Name ?? mention.Mentioned.Name ?? oid)
                : null;
        }
        return typed.Contains('@', StringComparison.Ordinal) && !typed.Contains(' ', StringComparison.Ordinal)
            ? await people.ByEmailAsync(turn.TenantId, typed, [], ct)
            : null;
    }

    [GeneratedRegex(
        @"^(?:(?<id>[Dd]\d+)\s+)?(?<role>.+?)\s+to\s+(?<person>.+?)\s+until\s+(?<until>.+?)"
            + @"(?:\s+because\s+(?<reason>.+))?$",
        // linear in the text's length, however it is written
        RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.NonBacktracking)]
    private static partial Regex Grammar();

    [GeneratedRegex(
        @"^(?:(?<id>[Dd]\d+)\s+)?(?<role>.+?)\s+end$",
        RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.NonBacktracking)]
    private static partial Regex EndGrammar();
}
