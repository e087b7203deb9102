using System.Text;
using System.Text.Json;
using DeliveryBot.Teams.Connector;
using DeliveryBot.Teams.Protocol;

namespace DeliveryBot.Teams.Tests;

/// <summary>
/// A request body written from a pooled buffer is the serializer's own JSON for the activity, byte for byte, sent with
/// its length; it is written again whole however many times it is read, and disposing it unread is harmless.
/// </summary>
public sealed class JsonBodyTests
{
    private static Activity CardActivity(string text)
    {
        var quoted = JsonSerializer.Serialize(text);
        var card = $$"""{"type":"AdaptiveCard","version":"1.5","body":[{"type":"TextBlock","text":{{quoted}}}]}""";
        return Activity.Card(new RawJson(Encoding.UTF8.GetBytes(card)), summary: $"D1 · {text}");
    }

    [Fact]
    public async Task The_body_is_the_serializers_json_with_its_length()
    {
        var activity = CardActivity("café <b>&</b> \"quoted\" 😀");
        var expected = JsonSerializer.SerializeToUtf8Bytes(activity, ActivityJsonContext.Default.Activity);
        using var body = new JsonBody<Activity>(activity, ActivityJsonContext.Default.Activity);

        Assert.Equal(expected.Length, body.Headers.ContentLength);
        Assert.Equal("application/json; charset=utf-8", body.Headers.ContentType!.ToString());
        Assert.Equal(expected, await body.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Each_send_writes_the_whole_body_even_one_whose_length_was_never_asked()
    {
        var activity = CardActivity(new string('x', 40_000)); // past the first buffer a thread keeps
        var expected = JsonSerializer.SerializeToUtf8Bytes(activity, ActivityJsonContext.Default.Activity);

        foreach (var askLength in new[] { true, false })
        {
            using var body = new JsonBody<Activity>(activity, ActivityJsonContext.Default.Activity);
            if (askLength) Assert.Equal(expected.Length, body.Headers.ContentLength);
            using var sent = new MemoryStream();
            await body.CopyToAsync(sent);
            Assert.Equal(expected, sent.ToArray());
        }
    }

    [Fact]
    public async Task A_body_disposed_unsent_after_its_length_was_taken_gives_nothing_else_away()
    {
        var activity = CardActivity("never sent");
        var body = new JsonBody<Activity>(activity, ActivityJsonContext.Default.Activity);
        Assert.NotNull(body.Headers.ContentLength);

        body.Dispose();
        body.Dispose();

        // the next body is still whole and its own
        var next = CardActivity("the next one");
        using var again = new JsonBody<Activity>(next, ActivityJsonContext.Default.Activity);
        Assert.Equal(
            JsonSerializer.SerializeToUtf8Bytes(next, ActivityJsonContext.Default.Activity),
            await again.ReadAsByteArrayAsync());
    }
}
