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
    private readonly byte[] _utf8;
    private JsonElement? _element;

    /// <summary>A copy of <paramref name="utf8"/>, which must be one whole JSON value (not checked here).</summary>
    public RawJson(ReadOnlySpan<byte> utf8) => _utf8 = utf8.ToArray();

    /// <summary>The JSON of <paramref name="element"/>, as it was read.</summary>
    public static RawJson Of(JsonElement element) => new(JsonMarshal.GetRawUtf8Value(element)) { _element = element };

    public ReadOnlySpan<byte> Utf8 => _utf8;

    /// <summary>The JSON parsed, once, when first asked for.</summary>
    public JsonElement Element => _element ??= JsonElement.Parse(_utf8);

    public override string ToString() => System.Text.Encoding.UTF8.GetString(_utf8);
}

/// <summary>Writes <see cref="RawJson"/> as it is; reads any JSON value into one.</summary>
public sealed class RawJsonConverter : JsonConverter<RawJson>
{
    public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => RawJson.Of(JsonElement.ParseValue(ref reader));

    public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options)
        => writer.WriteRawValue(value.Utf8, skipInputValidation: true);
}
