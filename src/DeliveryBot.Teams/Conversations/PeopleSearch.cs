using System.Text.Json;
using DeliveryBot.Application.Directory;
using DeliveryBot.Teams.Protocol;
using DeliveryBot.Teams.Turns;

namespace DeliveryBot.Teams.Conversations;

/// <summary>
/// application/search for the "people" dataset: the typeahead of every people picker on the bot's cards
/// (<c>"choices.data": {"type": "Data.Query", "dataset": "people"}</c>). It answers from the people the bot has seen
/// in the asker's own organisation (chat members, whoever wrote to it), then from that organisation's directory when
/// Microsoft Graph is configured; never from another organisation. A query it cannot read gets no results, not an
/// error: Teams asks on every keystroke.
/// </summary>
internal sealed class PeopleSearch(ConversationReferences references, IPeopleDirectory directory)
{
    public const string InvokeName = "application/search";
    public const string Dataset = "people";

    /// <summary>Results in one answer at most (Teams shows 15; a client may ask for fewer).</summary>
    public const int MaxResults = 25;

    /// <summary>How long the directory may take: Teams drops a typeahead answer that comes late.</summary>
    public static readonly TimeSpan DirectoryTime = TimeSpan.FromSeconds(2);

    public async Task<InvokeResponse> AnswerAsync(TurnContext turn, CancellationToken ct)
    {
        var (query, skip, top) = Read(turn.Activity.Value);
        if (query is null || turn.TenantId.Length == 0) return Answer([]);
        // Read enough entries for the page: one person matches once per name word and address at most.
        var limit = Math.Min((skip + top) * 4, 400);
        var found = (await references.KnownPeopleAsync(turn.TenantId, query, limit, ct))
            .Select(p => (Id: p.ObjectId, p.Name))
            .ToList();
        if (found.Count < skip + top && directory is not NoDirectory)
            found.AddRange((await FromDirectoryAsync(turn.TenantId, query, skip + top, ct))
                .Select(p => (Id: p.ObjectId!, Name: p.DisplayName)));
        var page = found
            .DistinctBy(p => p.Id, StringComparer.OrdinalIgnoreCase)
            .OrderBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase)
            .Skip(skip)
            .Take(top)
            .Select(p => (Title: p.Name, Value: p.Id));
        return Answer([.. page]);
    }

    private async Task<IReadOnlyList<Domain.People.Person>> FromDirectoryAsync(
        string tenantId, string query, int top, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(DirectoryTime);
        try
        {
            var answer = await directory.SearchAsync(tenantId, query, top, limit.Token);
            return answer is { Outcome: DirectoryOutcome.Found, Value: { } people }
                ? [.. people.Where(p => p.ObjectId is not null)]
                : [];
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return [];
        }
    }

    /// <summary>
    /// The query's text (normalised; null when empty, not text or not for this dataset), skip and top (bounded).
    /// </summary>
    public static (string? Query, int Skip, int Top) Read(JsonElement? value)
    {
        if (value is not { ValueKind: JsonValueKind.Object } v
            || !v.TryGetProperty("queryText", out var text) || text.ValueKind != JsonValueKind.String
            || !v.TryGetProperty("dataset", out var dataset) || dataset.ValueKind != JsonValueKind.String
            || dataset.GetString() != Dataset)
            return (null, 0, MaxResults);
        int Number(string name, int fallback, int max)
            => v.TryGetProperty("queryOptions", out var o) && o.ValueKind == JsonValueKind.Object
                && o.TryGetProperty(name, out var n) && n.ValueKind == JsonValueKind.Number
                && n.TryGetInt32(out var i) && i >= 0
                    ? Math.Min(i, max)
                    : fallback;
        var query = KnownPeople.Normalise(text.GetString()!);
        var top = Number("top", MaxResults, MaxResults);
        return (query.Length == 0 || top == 0 ? null : query, Number("skip", 0, 100), top);
    }

    /// <summary>The answer Teams expects (an empty list when nothing matches).</summary>
    public static InvokeResponse Answer(IReadOnlyList<(string Title, string Value)> results)
        => new(200, new
        {
            type = "application/vnd.microsoft.search.searchResponse",
            value = new { results = results.Select(r => new { title = r.Title, value = r.Value }).ToArray() },
        });
}
