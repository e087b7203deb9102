using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeliveryBot.Teams.Protocol;

/// <summary>
/// JSON kept as the UTF-8 it was written as, and written out as it is: a drawn card goes into the activity or the
/// invoke answer that carries it without being parsed into a document first and walked again to be written (a card is
/// drawn, and sent, behind every click). <see cref="Element"/> parses it for whoever must look inside.
/// </summary>
[JsonConverter(typeof(RawJsonConverter))]
public sealed class RawJson
{
    private byte[] _utf8;
    private int _length;
    private bool _rented;
    private JsonElement? _element;

    /// <summary>A copy of <paramref name="utf8"/>, which must be one whole JSON value (not checked here).</summary>
    public RawJson(ReadOnlySpan<byte> utf8) => (_utf8, _length) = (utf8.ToArray(), utf8.Length);

    private RawJson(byte[] rented, int length) => (_utf8, _length, _rented) = (rented, length, true);

    /// <summary>
    /// A copy of <paramref name="utf8"/> in a buffer rented from the shared pool, for JSON that is sent and dropped at
    /// once (a card redrawn behind a click): whoever made it gives it back with <see cref="Return"/> once nothing
    /// reads it any more, and it is not read after that.
    /// </summary>
    public static RawJson Rented(ReadOnlySpan<byte> utf8)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(utf8.Length);
        utf8.CopyTo(buffer);
        return new RawJson(buffer, utf8.Length);
    }

    /// <summary>The JSON of <paramref name="element"/>, as it was read.</summary>
    public static RawJson Of(JsonElement element) => new(JsonMarshal.GetRawUtf8Value(element)) { _element = element };

    public ReadOnlySpan<byte> Utf8 => _length >= 0
        ? _utf8.AsSpan(0, _length)
        : throw new ObjectDisposedException(nameof(RawJson), "This JSON's rented buffer was given back.");

    /// <summary>The JSON parsed, once, when first asked for.</summary>
    public JsonElement Element => _element ??= JsonElement.Parse(Utf8);

    /// <summary>Gives a rented buffer back to the pool (<see cref="Rented"/>); nothing for a copy of its own.</summary>
    public void Return()
    {
        if (!_rented) return;
        var buffer = _utf8;
        (_utf8, _length, _rented, _element) = ([], -1, false, null);
        ArrayPool<byte>.Shared.Return(buffer);
    }

    public override string ToString() => System.Text.Encoding.UTF8.GetString(Utf8);
}

/// <summary>Writes <see cref="RawJson"/> as it is; reads any JSON value into one.</summary>
public sealed class RawJsonConverter : JsonConverter<RawJson>
{
    public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => RawJson.Of(JsonElement.ParseValue(ref reader));

    public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options)
        => writer.WriteRawValue(value.Utf8, skipInputValidation: true);
}
