using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DeliveryBot.Application.Storage;
using DeliveryBot.Teams.Tests.Support;
using DeliveryBot.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace DeliveryBot.Teams.Tests;

/// <summary>
/// A bounded, deterministic fuzz of POST /api/messages: valid message and invoke activities, mutated (fields dropped,
/// duplicated, retyped), with crafted mentions, long texts, odd Unicode, deep JSON, wrong card payloads, unknown verbs,
/// random command arguments and odd ids. Whatever comes in, the bot never answers with a 5xx, answers each request
/// within 5 s, keeps its memory bounded, and leaves the seeded D1 loadable with an audit trail that only grew.
/// A failure names the seed and the case: the same seed replays the same inputs.
/// </summary>
public sealed partial class MessagesFuzzTests(ITestOutputHelper output) : ChannelTest
{
    private const int Seed = 20_260_614;
    private const int Cases = 400;
    private const int MaxActivityBytes = 256 * 1024; // BotOptions' default, which this test keeps
    private const long MemoryBound = 200L * 1024 * 1024;
    private static readonly TimeSpan Slowest = TimeSpan.FromSeconds(5);

    private static readonly JsonSerializerOptions Raw = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] Commands =
        ["help", "list", "mine", "new", "status", "record", "reminders", "plan", "risk", "update", "pause", "resume",
         "skip", "escalate", "blocker", "resolve", "close", "delegate", "STATUS", "Help", "hepl", "statu", "",
         "/status", "status:", "ｓｔａｔｕｓ"];

    private static readonly string[] Ids =
        ["D1", "d1", "1", "0001", "D0", "D2", "D999999999", "D99999999999", "../D1", "tenant-x/D1", "tenant-contoso/D1",
         "D1-E1", "D1-E99", "D-1", "D1.5", "D１", "D١٢", "D1\u200B", "\u202ED1", "D 1", "%2e%2e/D1",
         "D1;DROP TABLE deliveries", "D1'--", ""];

    private static readonly string[] Words =
        ["the", "vendor", "API", "is", "down", "dm", "pla", "qa", "cto", "deployment", "to", "sam@contoso.test",
         "until", "2026-12-31", "2026-13-45", "31/12/2026", "tomorrow", "0000-00-00", "9999-12-31", "-1", "0", "5",
         "999999999999", "1e308", "@", "<at>Sam</at>", "<at>", "</at>", "&amp;", "&#0;", "&#xD800;", "&#1114112;",
         "&lt;at&gt;", "`", "**", "[x](https://evil.example)", "\\", "\"", "{}", "oid-dana", "Dana", "D1-E1", "high",
         "low", "medium", "OnTrack", "--", "%s", "{0}", "null"];

    private static readonly string[] Odd =
        ["\u202E", "\u200B", "\u200D", "\uFEFF", "@@LONE_HIGH@@", "@@LONE_LOW@@", "👩‍👩‍👧‍👦", "🚚",
         "e\u0301\u0301\u0301\u0301", "\u0000", "\r\n", "\t", "\u2028", "Ω", "𝕯", "İ", "ß", "\u0085", "\u00A0",
         "\u3000", "مرحبا", "שלום", "\uFFFF", "\uFFFD", "\u001B[31m"];

    private static readonly string[] Verbs =
        ["card.refresh", "client.ack", "delivery.close", "delivery.open", "deployment.failed", "deployment.resolve",
         "deployment.start", "deployment.succeeded", "deployment.checklist", "deployment.override", "deployment.window",
         "release.criteria", "release.go", "release.no-go", "release.client",
         "escalation.acknowledge",
         "escalation.resolve", "gate.acknowledge", "handover.prepare", "handover.sent", "help.new", "intake.ambiguity",
         "intake.confirm", "intake.date", "intake.resolve", "plan.assign", "plan.cadence", "plan.publish",
         "plan.reminders", "plan.save", "plan.initial-sent", "production.checkin", "production.complete",
         "production.start", "qa.fail", "qa.pass", "qa.resubmit", "review.complete", "review.start", "risk.add",
         "risk.close", "update.sent", "GATE.ACKNOWLEDGE", "gate.acknowledge ", "no.such.verb", "", "../card.refresh"];

    private static readonly string[] Templates =
        ["checkin", "client-ack", "close", "deployment", "escalation", "gate", "handover", "intake-gate", "nudge",
         "planning", "production-complete", "qa", "qa-failure", "review", "risk", "schedule", "status", "update",
         "STATUS", "../status", "help", "nope", ""];

    private static readonly string[] Focuses =
        ["", "schedule-acknowledged-pla", "schedule-acknowledged-deployment", "requirements-unambiguous",
         "production-complete", "qa-pass", "client-receipt", "review-complete", "D1-E1", "E1", "R1", "1", "-1",
         new string('f', 64), new string('f', 65), "SCHEDULE-ACKNOWLEDGED-PLA"];

    private static readonly string[] Inputs =
        ["check", "note", "status", "blocker", "risk", "impact", "likelihood", "mitigation", "attempt", "failureReport",
         "remediation", "windowStart", "windowEnd", "agreedDate", "evidenceDate", "cadenceDay", "cadenceTime",
         "cadenceWeeks", "timeZone", "workDays", "holidays", "person", "role", "resolution", "concernsClient",
         "qaSubmission", "productionStart", "delay-qaSubmission", "scope"];

    private static readonly string[] People =
        ["oid-dana", "oid-pablo", "oid-ivy", "oid-quinn", "oid-diego", "oid-clara", "oid-cora", "oid-mallory",
         "oid-nobody"];

    private IDeliveryStore Store => Bot.Services.GetRequiredService<IDeliveryStore>();

    private Random _random = null!;
    private int _case;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Assert.Equal("D1", await Store.NextDeliveryIdAsync(Activities.Tenant));
        await Store.SaveAsync(Contoso.Own(Scenario.Opened().Planned().Delivery), 0, Scenario.Start);
    }

    [Fact]
    public async Task Mutated_activities_never_get_a_5xx_nor_a_slow_answer_and_memory_stays_bounded()
    {
        output.WriteLine($"seed {Seed}, {Cases} cases");
        var before = (await Store.FindAsync(Contoso.Key("D1")))!;
        // the first request pays for JIT
        using (await PostAsync(
            Activities.Message(Connector.ServiceUrl, "help", conversationId: "a:warm-up", id: "warm-up"))) { }
        var memoryBefore = SettledMemory();

        _random = new Random(Seed);
        var failures = new List<string>();
        var statuses = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var slowest = TimeSpan.Zero;
        var run = Stopwatch.StartNew();
        for (_case = 0; _case < Cases; _case++)
        {
            var input = await GenerateAsync();
            var watch = Stopwatch.StartNew();
            int status;
            string answer;
            try
            {
                using var response = await SendAsync(input.Body);
                answer = await response.Content.ReadAsStringAsync();
                status = (int)response.StatusCode;
            }
            catch (HttpRequestException e)
            {
                failures.Add(Describe(input, $"the request threw {e.GetType().Name}: {e.Message}"));
                continue;
            }
            catch (InvalidOperationException e) // the test server rethrows what the app let through
            {
                failures.Add(Describe(input, $"the app threw {e.GetType().Name}: {e.Message}"));
                continue;
            }
            catch (JsonException e)
            {
                failures.Add(Describe(input, $"the app threw {e.GetType().Name}: {e.Message}"));
                continue;
            }
            watch.Stop();
            if (watch.Elapsed > slowest) slowest = watch.Elapsed;
            var key = $"{input.Kind.Split(" (")[0]} {status}";
            statuses[key] = statuses.GetValueOrDefault(key) + 1;

            if (status >= 500) failures.Add(Describe(input, $"answered {status}: {Truncate(answer, 300)}"));
            else if (input.Expect(status) is { } wrong) failures.Add(
                Describe(input, $"answered {status}, expected {wrong}: {Truncate(answer, 300)}"));
            else if (InvokeBodyStatus(input, status, answer) is { } bodyStatus and >= 500)
                failures.Add(
                    Describe(input, $"answered an invoke body with statusCode {bodyStatus}: {Truncate(answer, 300)}"));
            if (watch.Elapsed >= Slowest) failures.Add(Describe(
                input, $"answered after {watch.Elapsed.TotalSeconds:0.00} s (limit {Slowest.TotalSeconds} s)"));
        }
        run.Stop();

        var memoryAfter = SettledMemory();
        output.WriteLine(
            $"{Cases} cases in {run.Elapsed.TotalSeconds:0.0} s; slowest answer {slowest.TotalMilliseconds:0} ms");
        output.WriteLine($"managed memory: {Mb(memoryBefore)} before, {Mb(memoryAfter)} after, growth " +
            $"{Mb(memoryAfter - memoryBefore)} (bound {Mb(MemoryBound)})");
        foreach (var (key, count) in statuses) output.WriteLine($"  {key}: {count}");
        foreach (var failure in failures) output.WriteLine($"FAILED {failure}");

        Assert.True(failures.Count == 0,
            $"{failures.Count} of {Cases} fuzz cases failed (seed {Seed}); the " +
                $"first:\n{string.Join("\n", failures.Take(5))}");
        Assert.True(memoryAfter - memoryBefore < MemoryBound,
            $"managed memory grew by {Mb(memoryAfter - memoryBefore)} over {Cases} cases (bound {Mb(MemoryBound)})");

        // No request corrupted the seeded delivery: it still loads, and its audit trail only grew on top of what it
        // was.
        var after = await Store.FindAsync(Contoso.Key("D1"));
        Assert.NotNull(after);
        Assert.True(
            after.Version > before.Version, $"D1 stayed at version {before.Version}: no case reached real work on it");
        Assert.Equal(before.State.Audit, after.State.Audit.Take(before.State.Audit.Count));
        var versions = after.State.Audit.Select(a => a.Version).ToList();
        Assert.Equal(versions.Order(), versions);
        Assert.True(versions.Count == 0 || versions[^1] <= after.Version,
            $"an audit entry is ahead of the record (version {after.Version})");
        output.WriteLine($"D1: version {before.Version} → {after.Version}, audit {before.State.Audit.Count} → " +
            $"{after.State.Audit.Count} entries");
    }

    /// <summary>One input: what it is, the bytes posted, and anything expected beyond "no 5xx, fast" (null when the
    /// status is fine).</summary>
    private sealed record FuzzInput(int Case, string Kind, byte[] Body, Func<int, string?> Expect);

    private async Task<HttpResponseMessage> SendAsync(byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return await Http.PostAsync(new Uri("/api/messages", UriKind.Relative), content);
    }

    private static long SettledMemory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static string Mb(long bytes) => $"{bytes / (1024.0 * 1024.0):0.0} MB";

    /// <summary>The statusCode in an invoke's answer (a Universal Action error carries its own), if any.</summary>
    private static int? InvokeBodyStatus(FuzzInput input, int status, string answer)
    {
        if (!input.Kind.StartsWith("invoke", StringComparison.Ordinal) || status != 200
            || answer.Length == 0) return null;
        try
        {
            using var body = JsonDocument.Parse(answer);
            return body.RootElement.ValueKind == JsonValueKind.Object
                && body.RootElement.TryGetProperty("statusCode", out var code)
                && code.TryGetInt32(out var n) ? n : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Describe(FuzzInput input, string problem)
    {
        var text = Encoding.UTF8.GetString(input.Body);
        var shown = new StringBuilder();
        foreach (var c in Truncate(text, 600))
            shown.Append(c is < ' ' or > '~' ? $"\\u{(int)c:x4}" : c.ToString());
        return $"case {input.Case} ({input.Kind}, {input.Body.Length} bytes) {problem}\n    input: {shown}";
    }

    private static string Truncate(string text, int length)
        => text.Length <= length ? text : $"{text[..length]}…(+{text.Length - length} chars)";

    // ------------------------------------------------------------------ generators

    private T Pick<T>(params T[] items) => items[_random.Next(items.Length)];

    private bool Chance(int percent) => _random.Next(100) < percent;

    private int Between(int min, int maxInclusive) => _random.Next(min, maxInclusive + 1);

    private static Func<int, string?> AnyStatus => _ => null;

    private async Task<FuzzInput> GenerateAsync()
    {
        var roll = Between(0, 99);
        return roll switch
        {
            < 15 => Input("message command", CommandMessage(), AnyStatus),
            < 22 => Input("message work", WorkMessage(), AnyStatus),
            < 32 => Input("message mentions", MentionsMessage(), AnyStatus),
            < 37 => LongText(),
            < 45 => Input("message odd unicode", OddMessage(), AnyStatus),
            < 58 => Input("invoke card", await CardInvokeAsync(), AnyStatus),
            < 65 => Input("invoke work", await WorkInvokeAsync(), AnyStatus),
            < 70 => DeepInvoke(),
            < 85 => Mutated(),
            < 92 => Input("other activity", OtherActivity(), AnyStatus),
            _ => Corrupt(),
        };
    }

    [GeneratedRegex(@"\\u(D[89AB][0-9A-F]{2})\\u(D[C-F][0-9A-F]{2})")]
    private static partial Regex EscapedPair();

    private static char Hex(string digits)
        => (char)int.Parse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private FuzzInput Input(string kind, JsonNode activity, Func<int, string?> expect)
        => Input(kind, Serialize(activity), expect);

    private FuzzInput Input(string kind, string json, Func<int, string?> expect)
        => new(_case, kind, Encoding.UTF8.GetBytes(json), expect);

    /// <summary>JSON text, with the placeholders for what a JSON writer refuses to write put in raw: lone surrogates,
    /// deep nesting.</summary>
    private static string Serialize(JsonNode activity)
    {
        // Emoji as Teams sends them, in UTF-8 rather than the writer's escaped surrogate pairs.
        var json = EscapedPair()
            .Replace(activity.ToJsonString(Raw), m => string.Concat(Hex(m.Groups[1].Value), Hex(m.Groups[2].Value)))
            .Replace("@@LONE_HIGH@@", "\\ud800", StringComparison.Ordinal)
            .Replace("@@LONE_LOW@@", "\\udfff", StringComparison.Ordinal);
        const string deep = "\"@@DEEP:";
        var at = json.IndexOf(deep, StringComparison.Ordinal);
        if (at < 0) return json;
        var end = json.IndexOf("@@\"", at + deep.Length, StringComparison.Ordinal);
        var levels = int.Parse(json[(at + deep.Length)..end], CultureInfo.InvariantCulture);
        var nested = string.Concat(Enumerable.Repeat("{\"a\":[", levels)) + "1" +
            string.Concat(Enumerable.Repeat("]}", levels));
        return string.Concat(json.AsSpan(0, at), nested, json.AsSpan(end + 3));
    }

    private JsonObject Message(string text, string conversationType = "personal", string? fromOid = null)
    {
        var oid = fromOid ?? Pick(People);
        var tenant = Activities.Tenant;
        return new JsonObject
        {
            ["type"] = "message",
            ["id"] = $"fuzz-{_case}",
            ["timestamp"] = "2026-03-02T09:00:00Z",
            ["channelId"] = "msteams",
            ["serviceUrl"] = Connector.ServiceUrl.ToString(),
            ["text"] = text,
            ["textFormat"] = "plain",
            ["locale"] = "en-GB",
            ["from"] = new JsonObject { ["id"] = $"29:{oid}", ["name"] = oid[4..], ["aadObjectId"] = oid },
            ["recipient"] = new JsonObject { ["id"] = "28:bot", ["name"] = "DeliveryBot" },
            // A conversation of its own for each case: Teams' per-conversation send limits would otherwise pace the
            // answers.
            ["conversation"] = new JsonObject { ["id"] = $"a:fuzz-{_case}", ["conversationType"] = conversationType,
                ["tenantId"] = tenant },
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenant } },
            ["entities"] = new JsonArray(),
        };
    }

    private JsonObject Invoke(string verb, JsonNode? data, string? fromOid = null)
    {
        var activity = Message("", "groupChat", fromOid);
        activity["type"] = "invoke";
        activity["name"] = "adaptiveCard/action";
        activity["replyToId"] = "m-card";
        activity.Remove("text");
        activity["value"] = new JsonObject { [
            "action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data } };
        return activity;
    }

    private string Token() => Between(0, 9) switch
    {
        < 5 => Pick(Words),
        < 7 => Pick(Ids),
        < 8 => Pick(Odd),
        _ => RandomString(Between(1, 12)),
    };

    private string RandomString(int length)
    {
        var chars = new StringBuilder(length);
        for (var i = 0; i < length; i++)
            chars.Append(Between(0, 9) switch
            {
                < 6 => (char)Between('a', 'z'),
                < 7 => (char)Between('0', '9'),
                < 8 => (char)Between(0x20, 0x7E),
                _ => (char)Between(0x00A0, 0xD7FF),
            });
        return chars.ToString();
    }

    private string Arguments(int most) => string.Join(" ", Enumerable.Range(0, Between(0, most)).Select(_ => Token()));

    private JsonObject CommandMessage()
    {
        var command = Pick(Commands);
        var text = Between(0, 3) switch
        {
            0 => $"{command} {Arguments(8)}",
            1 => $"{command} {Pick(Ids)}",
            2 => $"{command} {Pick(Ids)} {Arguments(6)}",
            _ => command is "delegate"
                ? $"delegate {Pick(Ids)} {Pick("dm", "pla", "qa", "cto", "x")} " +
                    $"to {Pick("sam@contoso.test", "nobody@x", "", "@", "oid-sam")} until " +
                    $"{Pick("2026-12-31", "2026-02-30", "31/12/2026", "yesterday", "0001-01-01", "9999-12-31", "")}"
                : $"{command} {Pick(Ids)} {Pick(Words)}",
        };
        var type = Pick("personal", "personal", "groupChat", "channel", "", "meeting");
        var activity = Message(text, type, Chance(50) ? "oid-dana" : null);
        if (type == "channel" && Chance(70))
        {
            activity["text"] = $"<at>DeliveryBot</at> {text}";
            activity["entities"] = new JsonArray(Mention("28:bot", "DeliveryBot", "<at>DeliveryBot</at>"));
        }
        if (Chance(10)) activity["localTimezone"] = Pick(
            "Europe/London", "Mars/Olympus", "../../etc/passwd", "", "UTC+99", "America/Argentina/ComodRivadavia");
        return activity;
    }

    /// <summary>A change on D1 its people may well make (the DM's blockers, risks, escalations, pauses), with odd words
    /// in it.</summary>
    private JsonObject WorkMessage()
    {
        var command = Pick("blocker", "blocker", "escalate", "risk", "update", "pause", "resume", "status", "record",
            "reminders", "resolve", "skip", "plan");
        var id = command == "resolve" ? Pick("D1-E1", "D1-E2", "d1-e1") : Pick("D1", "D1", "d1", "1", "0001");
        var rest = command == "skip" ? $"{Pick("5", "4", "qa", "7", "0", "99")} {Arguments(4)}" : Arguments(6);
        var text = $"{Pick(command, command.ToUpperInvariant())} {id} {rest}{(Chance(30) ? Pick(Odd) : "")}";
        var activity = Message(
            text, Pick("personal", "groupChat"), Pick("oid-dana", "oid-dana", "oid-clara", "oid-pablo"));
        if (Chance(20)) activity["entities"] = new JsonArray(Mention("29:sam", "Sam", "<at>Sam</at>"));
        return activity;
    }

    /// <summary>A click D1's people may well make on its cards, at the record's version or an old one, with fuzzed
    /// inputs.</summary>
    private async Task<JsonObject> WorkInvokeAsync()
    {
        var current = (await Store.FindAsync(Contoso.Key("D1")))?.Version ?? 0;
        var (verb, card, focus, who) = Between(0, 5) switch
        {
            0 => ("gate.acknowledge", "schedule", "schedule-acknowledged-pla", "oid-pablo"),
            1 => ("gate.acknowledge", "schedule", "schedule-acknowledged-deployment", "oid-diego"),
            2 => ("card.refresh", Pick(Templates), Pick(Focuses), Pick(People)),
            3 => ("risk.add", "risk", "", "oid-dana"),
            4 => ("plan.save", "planning", "", "oid-dana"),
            _ => (Pick(Verbs), "status", "", "oid-dana"),
        };
        var data = new JsonObject { ["card"] = card, ["deliveryId"] = Pick("D1", "D1", "d1", "1"), ["focus"] = focus,
            ["version"] = Chance(80) ? current : current - 1 };
        for (var i = Between(0, 4); i > 0; i--) data[Pick(Inputs)] = Chance(70) ? Arguments(4) : Value();
        return Invoke(verb, data, who);
    }

    private static JsonObject Mention(string? id, string? name, string? text)
        => new() { ["type"] = "mention", ["mentioned"] = new JsonObject { ["id"] = id, ["name"] = name },
            ["text"] = text };

    private JsonObject MentionsMessage()
    {
        var count = Pick(0, 1, 2, 5, 20, 21, 50);
        var entities = new JsonArray();
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var name = Between(0, 4) switch { 0 => "", 1 => new string('N', 200), 2 => Pick(Odd), 3 => "DeliveryBot",
                _ => $"Person {i}" };
            var mentionText = Between(0, 6) switch
            {
                0 => "",
                1 => "<at>",
                2 => $"<at>{name}",
                3 => "<at>Dan",         // overlaps the next
                4 => "<at>Dana</at>",
                5 => "a",
                _ => $"<at>{name}</at>",
            };
            var entity = Mention(Chance(30) ? "28:bot" : Chance(10) ? null : $"29:p{i}", Chance(10) ? null : name,
                Chance(5) ? null : mentionText);
            if (Chance(5)) entity["type"] = Pick("Mention", "clientInfo", "", "mention ");
            if (Chance(5)) entity["mentioned"] = null;
            entities.Add(entity);
            if (Chance(80)) text.Append(mentionText).Append(Chance(50) ? " " : "");
        }
        if (Chance(20)) entities.Add(new JsonObject { ["type"] = "clientInfo", ["timezone"] = Pick(
            "Europe/London", "Nowhere/Else", "", new string('Z', 500)) });
        text.Append(Pick(Commands)).Append(' ').Append(Arguments(4));
        if (Chance(20)) text.Append(string.Concat(Enumerable.Repeat("<at>", Between(1, 500))));
        var activity = Message(text.ToString(), Pick("personal", "groupChat", "channel"));
        activity["entities"] = entities;
        return activity;
    }

    private FuzzInput LongText()
    {
        var within = Chance(60);
        var size = within ? Pick(10_000, 100_000, 200_000) : Pick(MaxActivityBytes + 1, 300_000, 1_000_000);
        var unit = Pick("x", "status D1 ", "<at>", "<at>a</at>", "&amp;", "\u202E", "👩‍👩‍👧‍👦", " ",
            "e\u0301", "\\");
        var text = new StringBuilder().Insert(0, unit, size / Encoding.UTF8.GetByteCount(unit) + 1);
        var activity = Message(Pick("", "status ", "blocker D1 ", "hepl ") + text, Pick("personal", "channel"));
        if (Chance(30)) activity["entities"] = new JsonArray(Mention("28:bot", "DeliveryBot", "<at>a</at>"));
        var json = Serialize(activity);
        var bytes = Encoding.UTF8.GetByteCount(json);
        return bytes > MaxActivityBytes
            ? Input($"message oversize", json, s => s is 413 or 400 ? null : "413 (or 400) for a body over the limit")
            : Input("message long", json, AnyStatus);
    }

    private JsonObject OddMessage()
    {
        var odd = Pick(Odd);
        var activity = Message($"{Pick(Commands)}{(Chance(30) ? odd : " ")}{Pick(Ids)}{odd} {Arguments(3)}{odd}");
        switch (Between(0, 4))
        {
            case 0: activity["from"]!["name"] = odd + "Pablo" + odd; break;
            case 1: activity["conversation"]!["id"] = $"a:fuzz-{_case}{odd}"; break;
            case 2: activity["id"] = odd; break;
            case 3:
                activity["channelData"]!["tenant"]!["id"] = Activities.Tenant + odd;
                activity["conversation"]!["tenantId"] = Activities.Tenant + odd;
                break;
            default: activity["from"]!["aadObjectId"] = "oid-dana" + odd; break;
        }
        return activity;
    }

    private JsonNode? Value() => Between(0, 11) switch
    {
        0 => null,
        1 => -1,
        2 => long.MaxValue,
        3 => JsonNode.Parse("1e400"),
        4 => JsonNode.Parse("123456789012345678901234567890"),
        5 => 3.5,
        6 => "",
        7 => new JsonArray(1, "a"),
        8 => new JsonObject { ["x"] = 1 },
        9 => true,
        10 => Pick(Odd),
        _ => new string('v', Pick(100, 10_000, 100_000)),
    };

    private async Task<JsonObject> CardInvokeAsync()
    {
        var current = (await Store.FindAsync(Contoso.Key("D1")))?.Version ?? 0;
        var data = new JsonObject
        {
            ["card"] = Chance(85) ? Pick(Templates) : Value(),
            ["deliveryId"] = Chance(60) ? "D1" : Chance(70) ? Pick(Ids) : Value(),
            ["focus"] = Chance(85) ? Pick(Focuses) : Value(),
            ["version"] = Between(0, 9) switch
            {
                < 5 => current,
                5 => current - 1,
                6 => 0,
                7 => "3",
                _ => Value(),
            },
        };
        if (Chance(20)) data.Remove(Pick("card", "deliveryId", "focus", "version"));
        for (var i = Between(0, 5); i > 0; i--)
            data[Pick(Inputs)] = Between(0, 5) switch
            {
                0 => Value(),
                1 => Pick(
                    "2026-12-31", "2026-02-30", "next tuesday", "31/12/2026", "0001-01-01", "9999-12-31", "2026-1-1"),
                2 => Pick("25:61", "09:00", "Funday", "Monday", "-3", "0", "2147483648", "true", "false"),
                _ => Arguments(5),
            };
        var verb = Pick(Verbs);
        var activity = Invoke(
            verb, Chance(95) ? data : Value(), Chance(50) ? Pick("oid-dana", "oid-pablo", "oid-diego") : null);
        if (Chance(10))
        {
            var value = activity["value"]!.AsObject();
            switch (Between(0, 4))
            {
                case 0: value.Remove("action"); break;
                case 1: value["action"] = Value(); break;
                case 2: value["action"]!["verb"] = Value(); break;
                case 3: activity["value"] = Value(); break;
                default: value["action"]!["type"] = Pick("Action.Submit", "", "Action.Execute"); break;
            }
        }
        return activity;
    }

    private FuzzInput DeepInvoke()
    {
        var levels = Pick(10, 30, 60, 63, 64, 65, 200, 2000);
        var data = new JsonObject { ["card"] = "status", ["deliveryId"] = "D1", ["focus"] = "", ["version"] = 1,
            ["note"] = $"@@DEEP:{levels}@@" };
        var activity = Invoke(Pick("card.refresh", "gate.acknowledge", "plan.save", "no.such.verb"), data);
        // Depth counted from the activity's root: value.action.data.note adds 4, so ~60 levels is where the parser's
        // limit (64) bites.
        return Input($"invoke deep {levels}", Serialize(activity), levels + 4 > 64
            ? s => s is 400 or 200 ? null : "a clean 400 (or a clear card answer) for JSON nested past the limit"
            : AnyStatus);
    }

    private static readonly string[] TopFields =
        ["type", "id", "timestamp", "serviceUrl", "channelId", "from", "conversation", "recipient", "text",
         "textFormat", "locale", "entities", "channelData", "replyToId", "name", "value", "attachments", "membersAdded",
         "localTimezone", "action"];

    private FuzzInput Mutated()
    {
        JsonObject activity = Chance(50) ? CommandMessage() : Invoke(Pick(Verbs),
            new JsonObject { ["card"] = "status", ["deliveryId"] = "D1", ["focus"] = "", ["version"] = 1 });
        var mutations = new List<string>();
        for (var i = Between(1, 3); i > 0; i--)
        {
            var (parent, field) = Between(0, 4) switch
            {
                0 => (activity["from"] as JsonObject, Pick("id", "name", "aadObjectId", "objectId", "role")),
                1 => (activity["conversation"] as JsonObject, Pick("id", "conversationType", "tenantId", "isGroup")),
                2 => (activity["channelData"] as JsonObject, Pick("tenant", "team", "channel", "eventType")),
                3 => (activity["value"]?["action"] as JsonObject, Pick("verb", "data", "type")),
                _ => (activity, Pick(TopFields)),
            };
            if (parent is null) continue;
            if (Chance(25))
            {
                parent.Remove(field);
                mutations.Add($"-{field}");
            }
            else if (field == "serviceUrl" && Chance(50))
            {
                parent[field] = Pick(
                    "file:///etc/passwd", "not a url", "ftp://x/", "/relative", "javascript:alert(1)", "");
                mutations.Add(field);
            }
            else
            {
                parent[field] = Value();
                mutations.Add($"{field}=");
            }
        }
        var json = Serialize(activity);
        if (Chance(20))
        {
            // A duplicated property: the same name twice in one object (the last one is what a lenient parser keeps).
            var field = Pick("type", "text", "from", "conversation", "value", "serviceUrl");
            json = "{" + $"\"{field}\":{Pick("null", "1", "[]", "{}", "\"invoke\"", "\"message\"")}," + json[1..];
            mutations.Add($"dup {field}");
        }
        return Input($"mutated ({string.Join(",", mutations)})", json, AnyStatus);
    }

    private JsonObject OtherActivity()
    {
        var activity = Message(Arguments(3));
        var type = Pick("conversationUpdate", "installationUpdate", "messageUpdate", "messageDelete", "typing",
            "messageReaction", "event", "endOfConversation", "invoke", "INVOKE", "Message", "");
        activity["type"] = type;
        if (type is "installationUpdate") activity["action"] = Pick("add", "remove", "add-upgrade", "", "ADD");
        if (type is "conversationUpdate" && Chance(70))
            activity["membersAdded"] = new JsonArray(Enumerable.Range(0, Between(0, 30))
                .Select(i => (JsonNode?)new JsonObject { ["id"] = Chance(20) ? "28:bot" : $"29:m{i}",
                    ["name"] = Chance(20) ? Pick(Odd) : $"M{i}", ["aadObjectId"] = Chance(10) ? null : $"oid-m{i}" })
                .ToArray());
        if (type is "invoke" or "INVOKE")
        {
            activity["name"] = Pick("composeExtension/query", "task/fetch", "signin/verifyState", "adaptiveCard/action",
                "fileConsent/invoke", "", "healthCheck");
            if (Chance(60)) activity["value"] = Value();
        }
        if (Chance(30)) activity["attachments"] = new JsonArray(new JsonObject { ["contentType"] = Pick(
            "application/vnd.microsoft.card.adaptive", "text/html", ""), ["content"] = Value() });
        return activity;
    }

    private FuzzInput Corrupt()
    {
        var json = Serialize(Chance(50) ? CommandMessage() : Invoke("card.refresh",
            new JsonObject { ["card"] = "status", ["deliveryId"] = "D1", ["focus"] = "", ["version"] = 1 }));
        var bytes = Encoding.UTF8.GetBytes(json);
        string kind;
        switch (Between(0, 6))
        {
            case 0:
                kind = "corrupt truncated";
                bytes = bytes[..Between(0, bytes.Length - 1)];
                break;
            case 1:
                kind = "corrupt byte";
                bytes[Between(0, bytes.Length - 1)] = (byte)Between(0, 255);
                break;
            case 2:
                kind = "corrupt invalid utf-8";
                var at = json.IndexOf("fuzz-", StringComparison.Ordinal);
                bytes = [.. bytes[..at], .. Pick<byte[]>(
                    [0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF]), .. bytes[at..]];
                break;
            case 3:
                kind = "corrupt scalar";
                bytes = Encoding.UTF8.GetBytes(
                    Pick("null", "[]", "\"message\"", "123", "true", "", " ", "{}", "[{}]", "{\"type\":null}"));
                break;
            case 4:
                kind = "corrupt bom";
                bytes = [0xEF, 0xBB, 0xBF, .. bytes];
                break;
            case 5:
                kind = "corrupt trailing";
                bytes = [.. bytes, .. Encoding.UTF8.GetBytes(Pick("}", ",", " {}", "\u0000", "// comment", "garbage"))];
                break;
            default:
                kind = "corrupt comment";
                bytes = [.. Encoding.UTF8.GetBytes("/* hello */"), .. bytes];
                break;
        }
        return new FuzzInput(_case, kind, bytes, AnyStatus);
    }
}
