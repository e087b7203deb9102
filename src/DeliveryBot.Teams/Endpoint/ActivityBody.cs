using System.Buffers;

namespace DeliveryBot.Teams.Endpoint;

/// <summary>
/// An activity's body as read, in a buffer rented from the shared pool and given back on <see cref="Dispose"/>: the
/// body is only parsed, so a buffer for every request (a 16 KB chunk and the copy it grew into, 18 KB a click) was
/// garbage at once.
/// </summary>
internal readonly struct ActivityBody(byte[] buffer, int length) : IDisposable
{
    public ReadOnlySpan<byte> Utf8 => buffer.AsSpan(0, length);

    /// <summary>
    /// The body, or null if it is larger than <paramref name="limit"/> bytes (a missing or wrong Content-Length is no
    /// way around it: what is read counts).
    /// </summary>
    public static async Task<ActivityBody?> ReadAsync(
        Stream body, long? contentLength, int limit, CancellationToken ct)
    {
        // room for the whole body as announced, and one byte more to see it end there
        var buffer = ArrayPool<byte>.Shared.Rent(contentLength is > 0 and var n && n < limit ? (int)n + 1 : 4096);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length) buffer = Grow(buffer, length);
                var read = await body.ReadAsync(buffer.AsMemory(length), ct);
                if (read == 0) return new ActivityBody(buffer, length);
                length += read;
                if (length > limit)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return null;
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static byte[] Grow(byte[] buffer, int length)
    {
        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
        buffer.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(buffer);
}
