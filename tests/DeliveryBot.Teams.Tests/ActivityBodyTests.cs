using System.Text;
using DeliveryBot.Teams.Endpoint;

namespace DeliveryBot.Teams.Tests;

public sealed class ActivityBodyTests
{
    /// <summary>A request body as Kestrel hands it over: read in pieces, its length known only at its end.</summary>
    private sealed class Trickle(byte[] bytes, int piece) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
            => base.ReadAsync(buffer[..Math.Min(buffer.Length, piece)], ct);
    }

    private static byte[] Json(int size)
        => Encoding.UTF8.GetBytes($$"""{"type":"message","text":"{{new string('é', (size - 30) / 2)}}"}""");

    [Theory]
    [InlineData(100, null)]            // smaller than the first buffer
    [InlineData(10_000, null)]         // no Content-Length: the buffer grows twice
    [InlineData(10_000, 10_000L)]      // announced: read into one buffer of that size
    [InlineData(10_000, 500L)]         // announced too short: what is read counts
    public async Task A_body_within_the_limit_is_read_whole(int size, long? announced)
    {
        var json = Json(size);

        using var body = await ActivityBody.ReadAsync(new Trickle(json, 1_000), announced, 64 * 1024, default)
            ?? throw new InvalidOperationException("refused");

        Assert.Equal(json, body.Utf8.ToArray());
    }

    [Theory]
    [InlineData(null)]
    [InlineData(100L)] // a Content-Length under the limit does not let a longer body through
    public async Task A_body_over_the_limit_is_refused_whatever_its_content_length_said(long? announced)
    {
        var body = await ActivityBody.ReadAsync(new Trickle(Json(20_000), 4_096), announced, 16 * 1024, default);

        Assert.Null(body);
    }
}
