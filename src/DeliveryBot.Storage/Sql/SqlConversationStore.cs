using System.Collections.Concurrent;
using System.Data.Common;
using DeliveryBot.Application.Storage;
using DeliveryBot.Storage.Json;

namespace DeliveryBot.Storage.Sql;

/// <summary>Conversation references and reachability, upserted by key.</summary>
internal sealed class SqlConversationStore(Database database) : IConversationStore
{
    public Task SaveReferencesAsync(
        IReadOnlyCollection<KeyValuePair<string, string>> references,
        DateTimeOffset at,
        CancellationToken ct = default)
        => references.Count == 0 ? Task.CompletedTask : database.WriteAsync(async (c, tx) =>
        {
            foreach (var (key, reference) in references)
            {
                await using var upsert = c.Sql("""
                    INSERT INTO conversation_refs (key, reference, updated_at) VALUES (@key, @ref, @at)
                    ON CONFLICT (key) DO UPDATE SET reference = excluded.reference, updated_at = excluded.updated_at
                    """, tx);
                upsert.With("@key", key).With("@ref", reference).With("@at", at.Millis());
                await upsert.ExecuteNonQueryAsync(ct);
            }
        }, ct);

    public Task<string?> FindReferenceAsync(string key, CancellationToken ct = default)
        => database.ReadAsync(async c =>
        {
            await using var find = c.Sql("SELECT reference FROM conversation_refs WHERE key = @key").With("@key", key);
            return await find.ExecuteScalarAsync(ct) as string;
        }, ct);

    public Task<IReadOnlyList<KeyValuePair<string, string>>> FindReferencesAsync(
        string keyPrefix, int limit, CancellationToken ct = default)
        => database.ReadAsync<IReadOnlyList<KeyValuePair<string, string>>>(async c =>
        {
            // substr, not LIKE: SQLite's LIKE ignores ASCII case and both treat % and _ as wildcards. The range lets
            // SQLite's primary key index narrow the scan; substr keeps the answer exact under any collation.
            await using var find = c.Sql("""
                SELECT key, reference FROM conversation_refs
                WHERE key >= @prefix AND substr(key, 1, @length) = @prefix ORDER BY key LIMIT @limit
                """)
                .With("@prefix", keyPrefix)
                .With("@length", keyPrefix.EnumerateRunes().Count())
                .With("@limit", limit);
            var found = new List<KeyValuePair<string, string>>();
            await using var reader = await find.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) found.Add(new(reader.GetString(0), reader.GetString(1)));
            return found;
        }, ct);

    public Task SetReachabilityAsync(
        string personKey, bool reachable, string? reason, DateTimeOffset at, CancellationToken ct = default)
        => database.WriteAsync(async (c, tx) =>
        {
            await using var upsert = c.Sql("""
                INSERT INTO reachability (person_key, reachable, reason, updated_at) VALUES (@key, @ok, @reason, @at)
                ON CONFLICT (person_key) DO UPDATE SET reachable = excluded.reachable, reason = excluded.reason,
                    updated_at = excluded.updated_at
                """, tx)
                .With("@key", personKey).With("@ok", reachable).With("@reason", reachable ? null : reason)
                .With("@at", at.Millis());
            await upsert.ExecuteNonQueryAsync(ct);
        }, ct);

    /// <summary>One person's: the lookup by a list of keys, so the row is read in one place.</summary>
    public async Task<Reachability?> FindReachabilityAsync(string personKey, CancellationToken ct = default)
        => (await FindReachabilityAsync([personKey], ct)).GetValueOrDefault(personKey);

    public Task<IReadOnlyDictionary<string, Reachability>> FindReachabilityAsync(
        IReadOnlyCollection<string> personKeys, CancellationToken ct = default)
        => ByKeysAsync(
            personKeys,
            "SELECT person_key, reachable, reason, updated_at FROM reachability WHERE person_key IN",
            r => new Reachability(
                r.GetString(0),
                r.GetBoolean(1),
                r.IsDBNull(2) ? null : r.GetString(2),
                CommandExtensions.FromMillis(r.GetInt64(3))),
            ct);

    public Task<IReadOnlyDictionary<string, string>> FindReferencesByKeyAsync(
        IReadOnlyCollection<string> keys, CancellationToken ct = default)
        => ByKeysAsync(keys, "SELECT key, reference FROM conversation_refs WHERE key IN", r => r.GetString(1), ct);

    /// <summary>
    /// The rows of <paramref name="select"/> (its first column the key) for each of <paramref name="keys"/> that has
    /// one, read by <paramref name="row"/>: one statement for up to <see cref="KeysPerQuery"/> keys.
    /// </summary>
    private Task<IReadOnlyDictionary<string, T>> ByKeysAsync<T>(
        IReadOnlyCollection<string> keys, string select, Func<DbDataReader, T> row, CancellationToken ct)
        => database.ReadAsync<IReadOnlyDictionary<string, T>>(async c =>
        {
            var found = new Dictionary<string, T>();
            // a card's stakeholders, read behind every click, are a few keys already distinct: taken as they are
            var unique = keys is IReadOnlyList<string> { Count: <= FewKeys } few && AreDistinct(few)
                ? few : [.. keys.Distinct()];
            for (var start = 0; start < unique.Count; start += KeysPerQuery)
            {
                await using var find = In(c, unique, start, Math.Min(KeysPerQuery, unique.Count - start), select);
                await using var r = await find.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct)) found[r.GetString(0)] = row(r);
            }
            return found;
        }, ct);

    /// <summary>Keys per statement at most: a long list takes a few, never one with thousands of values.</summary>
    private const int KeysPerQuery = 100;

    /// <summary>A list this short is checked for repeats pair by pair rather than copied through a set.</summary>
    private const int FewKeys = 16;

    private static bool AreDistinct(IReadOnlyList<string> keys)
    {
        for (var i = 1; i < keys.Count; i++)
            for (var j = 0; j < i; j++)
                if (keys[i] == keys[j]) return false;
        return true;
    }

    /// <summary>The names of the keys' values, made once.</summary>
    private static readonly string[] KeyNames = [.. Enumerable.Range(0, KeysPerQuery).Select(i => $"@k{i}")];

    /// <summary>Each query's text for each number of keys, made once.</summary>
    private static readonly ConcurrentDictionary<(string Query, int Keys), string> Texts = new();

    /// <summary>
    /// <paramref name="query"/> followed by a list of <paramref name="count"/> of the keys from
    /// <paramref name="start"/>, each bound as a value of its own.
    /// </summary>
    private static DbCommand In(DbConnection c, IReadOnlyList<string> keys, int start, int count, string query)
    {
        var text = Texts.GetOrAdd(
            (query, count), static q => $"{q.Query} ({string.Join(", ", KeyNames, 0, q.Keys)})");
        var command = c.Sql(text);
        for (var i = 0; i < count; i++) command.With(KeyNames[i], keys[start + i]);
        return command;
    }

    public Task SavePostedCardAsync(PostedCard card, CancellationToken ct = default)
        => database.WriteAsync(async (c, tx) =>
        {
            await using var upsert = c.Sql("""
                INSERT INTO posted_cards (delivery_id, activity_id, conversation_id, service_url, tenant_id,
                                          template, focus, posted_at, drawn_hash, final, viewer)
                VALUES (@delivery, @activity, @conversation, @url, @tenant, @template, @focus, @at, @hash, @final,
                        @viewer)
                ON CONFLICT (delivery_id, conversation_id, activity_id) DO UPDATE SET template = excluded.template,
                    focus = excluded.focus, drawn_hash = excluded.drawn_hash, final = excluded.final,
                    viewer = excluded.viewer
                """, tx)
                .With("@delivery", card.DeliveryId).With("@activity", card.ActivityId)
                .With("@conversation", card.ConversationId)
                .With("@url", card.ServiceUrl).With("@tenant", card.TenantId).With("@template", card.Template)
                .With("@focus", card.Focus)
                .With("@at", card.PostedAt.Millis()).With("@hash", card.DrawnHash).With("@final", card.Final)
                .With("@viewer", card.Viewer is { } viewer ? DeliveryJson.Serialize(viewer) : null);
            await upsert.ExecuteNonQueryAsync(ct);
        }, ct);

    public Task<IReadOnlyList<PostedCard>> PostedCardsAsync(string deliveryId, CancellationToken ct = default)
        => database.ReadAsync<IReadOnlyList<PostedCard>>(async c =>
        {
            await using var find = c.Sql("""
                SELECT template, focus, service_url, conversation_id, activity_id, tenant_id, posted_at, drawn_hash,
                       final, viewer
                FROM posted_cards
                WHERE delivery_id = @delivery ORDER BY posted_at, activity_id
                """).With("@delivery", deliveryId);
            await using var r = await find.ExecuteReaderAsync(ct);
            var cards = new List<PostedCard>();
            while (await r.ReadAsync(ct))
                cards.Add(new PostedCard(
                    DeliveryId: deliveryId,
                    Template: r.GetString(0),
                    Focus: r.GetString(1),
                    ServiceUrl: r.GetString(2),
                    ConversationId: r.GetString(3),
                    ActivityId: r.GetString(4),
                    TenantId: r.IsDBNull(5) ? null : r.GetString(5),
                    PostedAt: CommandExtensions.FromMillis(r.GetInt64(6)))
                {
                    DrawnHash = r.IsDBNull(7) ? null : r.GetString(7),
                    Final = r.GetBoolean(8),
                    Viewer = r.IsDBNull(9) ? null : DeliveryJson.DeserializePerson(r.GetString(9)),
                });
            return cards;
        }, ct);

    public Task ForgetPostedCardAsync(PostedCard card, CancellationToken ct = default)
        => database.WriteAsync(async (c, tx) =>
        {
            await using var delete = c.Sql("""
                DELETE FROM posted_cards
                WHERE delivery_id = @delivery AND conversation_id = @conversation AND activity_id = @activity
                """, tx)
                .With("@delivery", card.DeliveryId).With("@conversation", card.ConversationId)
                .With("@activity", card.ActivityId);
            await delete.ExecuteNonQueryAsync(ct);
        }, ct);
}
