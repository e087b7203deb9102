using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using DeliveryBot.Domain.Calendar;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Storage.Json;

/// <summary>
/// The record's document form: camelCase, enums as names, computed properties left out. Source-generated,
/// so loading a record costs no reflection.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    IgnoreReadOnlyProperties = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DeliveryState))]
[JsonSerializable(typeof(Person))]
[JsonSerializable(typeof(TenantSettings))]
internal sealed partial class DeliveryJsonContext : JsonSerializerContext;

internal static class DeliveryJson
{
    /// <summary>The audit trail is stored in its own append-only table, so the document leaves it out.</summary>
    public static string Serialize(DeliveryState state)
        => JsonSerializer.Serialize(state with { Audit = [] }, DeliveryJsonContext.Default.DeliveryState);

    /// <summary>
    /// The document as UTF-8, as it is stored (no UTF-16 string of it in between), for a statement to bind before this
    /// thread serializes another: padded to blocks (<paramref name="block"/> above 1), the array is one this thread
    /// keeps for documents of its length and fills again on its next call. SQLite copies a blob as it binds it, and a
    /// record's padded document takes one of a few lengths, so a save reuses the 5–8 KB array of the save before it
    /// instead of allocating one (docs/performance.md).
    /// </summary>
    /// <param name="state">The record.</param>
    /// <param name="block">
    /// When above 1, the document ends in spaces up to a multiple of this many bytes (still the same JSON), so most
    /// saves store it at the length it had: see <see cref="Sql.SqlDialect.DocumentBlock"/>. Otherwise the array is the
    /// caller's.
    /// </param>
    public static byte[] SerializeForBinding(DeliveryState state, int block)
    {
        var stored = state with { Audit = [] };
        var type = DeliveryJsonContext.Default.DeliveryState;
        if (block <= 1) return JsonSerializer.SerializeToUtf8Bytes(stored, type);
        // written to this thread's buffer, then copied once into the array bound, as SerializeToUtf8Bytes does (and
        // with its writer's settings: the options' encoder, no indentation, no validation of what it writes)
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(8192);
        buffer.ResetWrittenCount();
        var writer = _writer ??= new Utf8JsonWriter(
            buffer, new JsonWriterOptions { Encoder = type.Options.Encoder, SkipValidation = true });
        writer.Reset(buffer);
        JsonSerializer.Serialize(writer, stored, type);
        writer.Flush();
        var document = KeptArray((buffer.WrittenCount + block - 1) / block * block);
        buffer.WrittenSpan.CopyTo(document);
        document.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        if (buffer.Capacity > MostKept) (_buffer, _writer) = (null, null); // an outsized record's buffer is not kept
        return document;
    }

    /// <summary>
    /// An array of exactly <paramref name="length"/> bytes: one this thread keeps for that length, or a new one (kept
    /// in the next of its few slots, in turn, unless it is outsized).
    /// </summary>
    private static byte[] KeptArray(int length)
    {
        if (length > MostKeptDocument) return GC.AllocateUninitializedArray<byte>(length);
        var kept = _documents ??= new byte[KeptLengths][];
        foreach (var array in kept)
            if (array?.Length == length) return array;
        var made = GC.AllocateUninitializedArray<byte>(length);
        kept[_nextKept] = made;
        _nextKept = (_nextKept + 1) % KeptLengths;
        return made;
    }

    /// <summary>The largest buffer a thread keeps between documents.</summary>
    private const int MostKept = 256 * 1024;

    /// <summary>The largest document a thread keeps an array for (a record's is 5–10 KB).</summary>
    private const int MostKeptDocument = 64 * 1024;

    /// <summary>How many document lengths a thread keeps an array for.</summary>
    private const int KeptLengths = 4;

    [ThreadStatic] private static ArrayBufferWriter<byte>? _buffer;
    [ThreadStatic] private static Utf8JsonWriter? _writer;
    [ThreadStatic] private static byte[]?[]? _documents;
    [ThreadStatic] private static int _nextKept;

    /// <summary>
    /// How a document is read: the generated metadata, with the subject changes read by hand
    /// (<see cref="SubjectChangesJson"/>). Only for reading: a converter in the context's own options would turn off
    /// the generated writer every save uses (a save then allocated 1.1 KB against 0.4).
    /// </summary>
    private static readonly JsonTypeInfo<DeliveryState> Reading = (JsonTypeInfo<DeliveryState>)
        new JsonSerializerOptions(DeliveryJsonContext.Default.Options) { Converters = { new SubjectChangesJson() } }
            .GetTypeInfo(typeof(DeliveryState));

    public static DeliveryState Deserialize(ReadOnlySpan<byte> utf8)
        => JsonSerializer.Deserialize(utf8, Reading) ?? throw new JsonException("A stored delivery document is empty.");

    public static DeliveryState Deserialize(string json)
        => JsonSerializer.Deserialize(json, Reading) ?? throw new JsonException("A stored delivery document is empty.");

    public static string Serialize(Person person)
        => JsonSerializer.Serialize(person, DeliveryJsonContext.Default.Person);

    /// <summary>The version lives in its own column, so the document leaves it out.</summary>
    public static string Serialize(TenantSettings settings)
        => JsonSerializer.Serialize(settings with { Version = 0 }, DeliveryJsonContext.Default.TenantSettings);

    public static TenantSettings DeserializeSettings(string json)
        => JsonSerializer.Deserialize(json, DeliveryJsonContext.Default.TenantSettings)
           ?? throw new JsonException("A stored organisation's settings document is empty.");

    public static Person DeserializePerson(string json)
        => JsonSerializer.Deserialize(json, DeliveryJsonContext.Default.Person)
           ?? throw new JsonException("A stored person is empty.");
}
