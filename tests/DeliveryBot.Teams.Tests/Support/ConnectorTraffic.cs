using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DeliveryBot.Teams.Connector;
using Microsoft.Extensions.DependencyInjection;

namespace DeliveryBot.Teams.Tests.Support;

/// <summary>
/// Every HTTP call the bot makes to the Bot Connector, as it leaves the bot: a handler on its connector HttpClient
/// records the method, the conversation and message it names, whether it carries a card, and when it went and was
/// answered. It sees retries as separate calls, and knows nothing of which part of the bot made them.
/// </summary>
public sealed partial class ConnectorTraffic
{
    private readonly ConcurrentQueue<ConnectorCall> _calls = new();

    /// <summary>
    /// One call. <see cref="ActivityId"/> is the message a PUT updates, or the id the connector gave a message the bot
    /// posted; <see cref="IsSend"/> says it is a new message in a conversation (how a card reaches someone's 1:1 chat),
    /// not a reply; <see cref="Member"/> is whom a new conversation (POST /v3/conversations) is with.
    /// </summary>
    public sealed record ConnectorCall(string Method, string ConversationId, string? ActivityId, bool IsSend,
        string? Member, string Body, JsonElement? Card,
        long SentAt, long AnsweredAt)
    {
        public bool IsPut => Method == "PUT";
    }

    public IReadOnlyList<ConnectorCall> Calls => [.. _calls];

    /// <summary>Puts the recorder on the bot's connector HttpClient (for ChannelFactory.TestServices).</summary>
    public void Register(IServiceCollection services)
        => services.AddHttpClient(BotConnectorClient.HttpClientName).AddHttpMessageHandler(() => new Recorder(this));

    private sealed class Recorder(ConnectorTraffic traffic) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            var sentAt = Stopwatch.GetTimestamp();
            var response = await base.SendAsync(request, cancellationToken);
            var answeredAt = Stopwatch.GetTimestamp();
            // /v3/conversations[/{conversation}/activities[/{activity}]] (escaped segments)
            var segments = request.RequestUri!.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries)
                .SkipWhile(s => s != "v3").Skip(2)
                .Select(Uri.UnescapeDataString).ToArray();
            string? answeredId = null;
            if (request.Method == HttpMethod.Post && response.IsSuccessStatusCode)
            {
                await response.Content.LoadIntoBufferAsync(cancellationToken); // the bot reads it again
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                try
                {
                    using var answer = text.Length > 0 ? JsonDocument.Parse(text) : null;
                    if (answer?.RootElement is { ValueKind: JsonValueKind.Object } o
                        && o.TryGetProperty("id", out var id)) answeredId = id.GetString();
                }
                catch (JsonException) { }
            }
            var call = segments.Length == 0 // a new conversation: the id it answers with is the conversation's
                ? new ConnectorCall(
                    "POST", answeredId ?? "", null, false, MemberOf(body), body, null, sentAt, answeredAt)
                : new ConnectorCall(request.Method.Method, segments[0], request.Method == HttpMethod.Put
                    && segments.Length > 2 ? segments[2] : answeredId,
                    request.Method == HttpMethod.Post && segments is [_, "activities"], null, body, CardOf(body),
                        sentAt, answeredAt);
            traffic._calls.Enqueue(call);
            return response;
        }

        private static JsonElement? CardOf(string body)
        {
            if (body.Length == 0) return null;
            using var activity = JsonDocument.Parse(body);
            return activity.RootElement.TryGetProperty("attachments", out var a) && a.ValueKind == JsonValueKind.Array
                && a.GetArrayLength() > 0
                && a[0].TryGetProperty("content", out var content) ? content.Clone() : null;
        }

        private static string? MemberOf(string body)
        {
            try
            {
                using var parameters = JsonDocument.Parse(body);
                return parameters.RootElement.TryGetProperty("members", out var m) && m.GetArrayLength() > 0
                    ? m[0].GetProperty("id").GetString() : null;
            }
            catch (JsonException) { return null; }
        }
    }

    /// <summary>
    /// Prints what the bot sent Teams over a run: how many times it updated a card in place (PUTs) for how many posted
    /// cards, and how long each person waited, from the click that made it their turn to their card in their 1:1 chat.
    /// </summary>
    /// <remarks>
    /// A card sent to a 1:1 chat is put down to the last thing a user did before it went (the test lets each change
    /// settle before the next; a card names the version of what it asks about, not the change that sent it); a card no
    /// click made (a typed command did, or the clicker's own next step) is not a turn someone else waited for.
    /// </remarks>
    /// <returns>The most PUTs any one posted card got.</returns>
    public int Report(Playground playground, int changes, Action<string> write)
    {
        var calls = Calls;
        string Key(ConnectorCall c) => $"{c.ConversationId}/{c.ActivityId}";
        var puts = calls.Where(c => c.IsPut).ToList();
        var posted = puts.Select(Key).Concat(calls.Where(
            c => c.Method == "POST" && c.ActivityId is not null && c.Card is not null).Select(Key)).ToHashSet();
        // the PUTs that sent a card as it was, but for the version it was drawn at, by card
        var unchanged = new Dictionary<string, int>();
        var last = new Dictionary<string, string>();
        foreach (var c in calls.Where(c => c.ActivityId is not null && c.Card is not null))
        {
            var drawn = VersionStamp().Replace(c.Body, "");
            if (c.IsPut && last.TryGetValue(Key(c), out var before) && before == drawn)
                unchanged[Key(c)] = unchanged.GetValueOrDefault(Key(c)) + 1;
            last[Key(c)] = drawn;
        }
        write($"fan-out: {puts.Count} PUTs for {posted.Count} posted cards over {changes} changes " +
            $"({unchanged.Values.Sum()} PUTs changed nothing but the card's version)");
        var most = 0;
        foreach (var card in posted)
        {
            var sent = calls.Where(c => Key(c) == card).ToList();
            most = Math.Max(most, sent.Count(c => c.IsPut));
            write($"  {Describe(sent[^1].Card, playground, card)}: {sent.Count(c => c.IsPut)} PUTs" +
                (unchanged.TryGetValue(card, out var same) ? $" ({same} changed nothing but the version)" : ""));
        }

        // Whose 1:1 chat each conversation is: from the bot's own POST /v3/conversations, by the playground's user.
        var chats = calls.Where(c => c.Member is not null && c.ConversationId.Length > 0)
            .ToDictionary(c => c.ConversationId, c => playground.UserOf(c.Member!) ?? c.Member!);
        var waits = new List<double>();
        foreach (var send in calls.Where(c => c.IsSend && c.Card is not null && chats.ContainsKey(c.ConversationId)))
        {
            // the last thing a user did before it went (the test lets each change settle before the next)
            var cause = playground.Actions.LastOrDefault(a => a.At < send.SentAt);
            if (cause is not { Verb: not null } || cause.User == chats[send.ConversationId]) continue;
            var ms = Stopwatch.GetElapsedTime(cause.At, send.AnsweredAt).TotalMilliseconds;
            waits.Add(ms);
            var putsBetween = puts.Count(p => p.SentAt > cause.At && p.SentAt < send.SentAt);
            write(string.Create(CultureInfo.InvariantCulture,
                $"  {cause.Verb} by {cause.User} (answered in " +
                    $"{Stopwatch.GetElapsedTime(cause.At, cause.AnsweredAt).TotalMilliseconds:0} ms) → " +
                    $"{Describe(send.Card, playground, Key(send))} for {chats[send.ConversationId]}: {ms:0} ms, " +
                    $"after {putsBetween} PUTs"));
        }
        waits.Sort();
        write(waits.Count == 0 ? "next card after click: none"
            : string.Create(CultureInfo.InvariantCulture, $"next card after click: p50 " +
                $"{waits[(waits.Count - 1) / 2]:0} ms, max {waits[^1]:0} ms over {waits.Count} turns"));
        return most;
    }

    /// <summary>The refresh data of a card: which card it is (template and focus).</summary>
    private static JsonElement? Refresh(JsonElement? card)
        => card is { ValueKind: JsonValueKind.Object } c && c.TryGetProperty("refresh", out var r)
            && r.TryGetProperty("action", out var a) && a.TryGetProperty("data", out var d) ? d : null;

    [System.Text.RegularExpressions.GeneratedRegex("\"version\"\\s*:\\s*\\d+")]
    private static partial System.Text.RegularExpressions.Regex VersionStamp();

    private static string Describe(JsonElement? card, Playground playground, string key)
    {
        var where = key.StartsWith(playground.GroupChatId, StringComparison.Ordinal) ? "group chat" : "1:1";
        if (Refresh(card) is { } d && d.TryGetProperty("card", out var t))
            return $"{t.GetString()}{(d.TryGetProperty("focus", out var f) && f.GetString() is { Length: > 0 } focus
                ? $"({focus})"
                : "")} [{where}]";
        return $"{(card is null ? "message" : "card")} [{where}]";
    }
}
