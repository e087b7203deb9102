using System.Text.RegularExpressions;
using DeliveryBot.Application.Deliveries;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Rendering;
using DeliveryBot.Teams.Cards;
using DeliveryBot.Teams.Notifications;
using DeliveryBot.Teams.Turns;

namespace DeliveryBot.Teams.Commands;

/// <summary>`change &lt;id&gt;`: the change request form, in the seed's template.</summary>
internal sealed class ChangeFormChatCommand(IDeliveryStore store, CardPoster poster)
    : PostCardChatCommand(store, poster)
{
    public override string Name => "change";
    public override string Description
        => "The change request form (Standard, Normal, Expedited, Emergency); its approvers get a card each";
    protected override (string, string, string) Card => (Templates.Change, "", "change request");
}

/// <summary>
/// `changes &lt;id&gt;`: the delivery's change requests as a Markdown table; `changes &lt;id&gt;-C1`: that one in
/// the seed's template, ready to paste.
/// </summary>
internal sealed partial class ChangesChatCommand(IDeliveryStore store) : IChatCommand
{
    public string Name => "changes";
    public string Usage => "changes <id>[-C<n>]";
    public string Description
        => "The change requests as Markdown: changes D1 lists them, changes D1-C1 shows one in the seed's template";

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        var first = arguments.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        var one = OneChange().Match(first);
        if (await DeliveryArgument.LoadAsync(turn, store, one.Success ? one.Groups["delivery"].Value : first, Usage,
                ct) is not { } delivery) return;
        if (!one.Success)
        {
            await turn.ReplyAsync(delivery.State.ChangeRequests.IsEmpty
                ? $"No change requests on {delivery.Id} yet: `change {delivery.Id}` opens the form."
                : $"Change requests of {delivery.Id}, as Markdown (`changes {delivery.Id}-C1` shows one):\n\n"
                    + $"```markdown\n{ChangeMarkdown.List(delivery)}```", ct);
            return;
        }
        var change = delivery.FindChange(one.Groups["change"].Value);
        await turn.ReplyAsync(change is null
            ? $"There is no change {MarkdownText.Code(one.Groups["change"].Value)} on {delivery.Id}: "
                + $"`changes {delivery.Id}` lists them."
            : $"Change request {delivery.ChangeNumber(change)}, as Markdown:\n\n"
                + $"```markdown\n{ChangeMarkdown.Render(delivery, change)}```", ct);
    }

    [GeneratedRegex(@"^(?<delivery>[^\s-]+)-(?<change>[Cc]\d{1,4})\z", RegexOptions.None, 100)]
    private static partial Regex OneChange();
}

/// <summary>`cab &lt;id&gt; &lt;role&gt;…`: the DM sets who sits on the delivery's CAB (default: cto dm).</summary>
internal sealed class CabChatCommand(DeliveryService deliveries) : ChangeChatCommand(deliveries)
{
    public override string Name => "cab";
    public override string Usage => "cab <id> <role> [role…]";
    public override string Description
        => "Set the delivery's change advisory board by role (DM only; default the CTO and the DM), e.g. cab D1 cto dm";

    protected override (DeliveryCommand?, string?) Build(string first, string rest)
    {
        var words = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) return (null, "Name the roles on the CAB, e.g. cto dm.");
        var roles = words.Select(w => (Word: w, Role: RoleNames.Parse(w))).ToList();
        return roles.FirstOrDefault(r => r.Role is null) is { Word: { } unknown }
            ? (null, $"{MarkdownText.Code(unknown)} is not a role (dm, pla, qa, ds, cto).")
            : (new SetChangeBoard([.. roles.Select(r => r.Role!.Value)]), null);
    }
}
