using DeliveryBot.Application.Directory;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Teams.Protocol;
using Microsoft.Extensions.Logging;

namespace DeliveryBot.Teams.Conversations;

/// <summary>
/// Who an email address or UPN typed in Teams stands for: a member of this chat (their Teams identity), else someone
/// in the organisation's directory (Microsoft Graph: their Entra id and time zone, so the bot can write to them and
/// nudge them in their working hours), else someone known by email only (a client outside the organisation, or no
/// directory).
/// </summary>
internal sealed partial class PeopleLookup(
    IPeopleDirectory directory, ConversationReferences references, ILogger<PeopleLookup> logger)
{
    /// <summary>How long a directory lookup may take before the person is kept by email only.</summary>
    public static readonly TimeSpan LookupTime = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The person <paramref name="typed"/> stands for, in organisation <paramref name="tenantId"/> (the chat's, or the
    /// delivery's).
    /// </summary>
    public async Task<Person> ByEmailAsync(
        string tenantId, string typed, IReadOnlyList<ChannelAccount> roster, CancellationToken ct)
    {
        var member = roster.FirstOrDefault(m => string.Equals(m.Email, typed, StringComparison.OrdinalIgnoreCase)
            || string.Equals(m.UserPrincipalName, typed, StringComparison.OrdinalIgnoreCase));
        if (member is { EntraId: { } oid })
            return new Person(oid, member.Email ?? member.UserPrincipalName, member.Name ?? typed);
        DirectoryAnswer<Person> found;
        // A lookup runs inside a card click, which Teams gives a few seconds: a slow or throttled directory must not
        // hold the answer up; the person is then known by email only, as without a directory.
        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            limit.CancelAfter(LookupTime);
            try
            {
                found = await directory.FindAsync(tenantId, typed, limit.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                found = DirectoryAnswer.Unavailable<Person>(
                    $"the directory did not answer within {LookupTime.TotalSeconds:0} s");
            }
        }
        if (found is { Outcome: DirectoryOutcome.Found, Value: { } person }) return person;
        if (found.Outcome == DirectoryOutcome.Unavailable && directory is not NoDirectory)
            LookupUnavailable(typed, found.Reason ?? "");
        return new Person(ObjectId: null, typed, typed);
    }

    /// <summary>
    /// Who an Entra id picked with Teams' people picker belongs to, from the directory; null when it cannot say in
    /// time.
    /// </summary>
    public async Task<Person?> ByObjectIdAsync(string tenantId, string objectId, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(LookupTime);
        try
        {
            var found = await directory.FindAsync(tenantId, objectId, limit.Token);
            return found is { Outcome: DirectoryOutcome.Found, Value: { ObjectId: { } id } person }
                && string.Equals(id, objectId, StringComparison.OrdinalIgnoreCase)
                    ? person
                    : null;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>
    /// Who a picked Entra id stands for in organisation <paramref name="tenantId"/>: someone the bot has seen in its
    /// chats (the picker's typeahead offers them), else the directory's answer; null when neither can say.
    /// </summary>
    public async Task<Person?> PickedAsync(string tenantId, string objectId, CancellationToken ct)
        => await references.KnownPersonAsync(tenantId, objectId, ct) is { } known
            ? new Person(known.ObjectId, known.Email, known.Name)
            : await ByObjectIdAsync(tenantId, objectId, ct);

    /// <summary>
    /// In words for the Delivery Manager, whom of <paramref name="people"/> the bot cannot write to in Teams yet, and
    /// why; null when it can reach them all. Said on the card at once, rather than when their first card fails.
    /// </summary>
    public async Task<string?> NotYetReachableAsync(IEnumerable<Person> people, CancellationToken ct)
    {
        var why = new List<string>();
        foreach (var p in people.DistinctBy(p => p.Key))
            if (p.ObjectId is not { } oid)
                why.Add($"{p.DisplayName} (known by email only, not in Teams)");
            else if (directory is NoDirectory
                && await references.FindUserAsync(oid, ct) is null
                && await references.FindMemberIdAsync(oid, ct) is null)
                why.Add($"{p.DisplayName} (never in a chat with the bot, and without Microsoft Graph it cannot add "
                    + "itself for them)");
        return why.Count == 0
            ? null
            : $"⚠️ I can't reach {string.Join(", ", why)} in Teams yet: their cards will come to you to pass on, "
                + "or give their role to someone in Teams.";
    }

    [LoggerMessage(EventId = 2950, Level = LogLevel.Warning,
        Message = "{Address} could not be looked up in the directory, so they are known by email only: {Reason}")]
    private partial void LookupUnavailable(string address, string reason);

    /// <summary>The intake with every stakeholder given by email looked up.</summary>
    public async Task<Intake> ResolveAsync(
        string tenantId, Intake intake, IReadOnlyList<ChannelAccount> roster, CancellationToken ct)
    {
        async Task<Person> Resolve(Person p)
            => p is { ObjectId: null, Email: { } email } ? await ByEmailAsync(tenantId, email, roster, ct) : p;
        // All at once: each lookup may take up to LookupTime, and the click that asked waits for them.
        var others = (intake.OtherStakeholders ?? [])
            .Select(async a => a with { Person = await Resolve(a.Person) })
            .ToList();
        var manager = Resolve(intake.ClientIntakeManager);
        return intake with
        {
            ClientIntakeManager = await manager,
            OtherStakeholders = [.. await Task.WhenAll(others)],
        };
    }
}
