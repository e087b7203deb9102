using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using DeliveryBot.Teams.Protocol;

namespace DeliveryBot.Teams.Connector;

/// <summary>
/// A JSON request body written from a pooled buffer rather than from an array made for it: every click sends the
/// redrawn status card (about 7 KB) this way, and an array per body was the largest single allocation of the send.
/// </summary>
/// <remarks>
/// The buffer's owner is whoever takes it from <see cref="_buffer"/>: the send that writes it (given back once the
/// stream has the bytes) or, when no send ever took it, the disposal. Disposing the request while a send is still
/// writing (an answer before the whole body went) therefore never hands the buffer to the pool under the writer, and
/// a send after the body's length was asked for writes the bytes that length was taken from. The bytes are the
/// serializer's own for the value (what <c>JsonSerializer.SerializeToUtf8Bytes</c> gives), their length sent as
/// Content-Length.
/// </remarks>
internal sealed class JsonBody<T> : HttpContent
{
    private readonly T _value;
    private readonly JsonTypeInfo<T> _type;
    private byte[]? _buffer;
    private int _length;

    [ThreadStatic] private static Utf8JsonWriter? t_writer;
    [ThreadStatic] private static JsonSerializerOptions? t_writerOptions;

    public JsonBody(T value, JsonTypeInfo<T> type)
    {
        (_value, _type) = (value, type);
        Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
    }

    protected override bool TryComputeLength(out long length)
    {
        if (Volatile.Read(ref _buffer) is null)
        {
            var (buffer, written) = Serialize();
            _length = written;
            // another caller got there first: theirs is kept, this one goes back
            if (Interlocked.CompareExchange(ref _buffer, buffer, null) is not null)
                ArrayPool<byte>.Shared.Return(buffer);
        }
        length = _length;
        return true;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(
        Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        byte[] buffer;
        int length;
        if (Interlocked.Exchange(ref _buffer, null) is { } taken) (buffer, length) = (taken, _length);
        else (buffer, length) = Serialize();
        try { await stream.WriteAsync(buffer.AsMemory(0, length), cancellationToken); }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _buffer, null) is { } unsent) ArrayPool<byte>.Shared.Return(unsent);
        base.Dispose(disposing);
    }

    /// <summary>The value's JSON in a buffer rented for it, and its length.</summary>
    private (byte[] Buffer, int Length) Serialize()
    {
        var written = ThreadBuffer.Take();
        // this thread's writer for these options, taken while it writes (a writer per body was made before)
        var writer = t_writer is { } kept && ReferenceEquals(t_writerOptions, _type.Options) ? kept : null;
        t_writer = null;
        if (writer is null)
            writer = new Utf8JsonWriter(written, new JsonWriterOptions
            {
                Encoder = _type.Options.Encoder,
                Indented = _type.Options.WriteIndented,
                MaxDepth = _type.Options.MaxDepth,
                SkipValidation = true,
            });
        else writer.Reset(written);
        JsonSerializer.Serialize(writer, _value, _type);
        writer.Flush();
        (t_writer, t_writerOptions) = (writer, _type.Options);
        var length = written.WrittenCount;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        written.WrittenSpan.CopyTo(buffer);
        ThreadBuffer.Return(written);
        return (buffer, length);
    }
}
