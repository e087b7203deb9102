using System.Text.Json;
using System.Text.Json.Serialization;
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

    /// <summary>The document as UTF-8, as it is stored: no UTF-16 string of it in between.</summary>
    public static byte[] SerializeToUtf8(DeliveryState state)
        => JsonSerializer.SerializeToUtf8Bytes(state with { Audit = [] }, DeliveryJsonContext.Default.DeliveryState);

    public static DeliveryState Deserialize(ReadOnlySpan<byte> utf8)
        => JsonSerializer.Deserialize(utf8, DeliveryJsonContext.Default.DeliveryState)
           ?? throw new JsonException("A stored delivery document is empty.");

    public static DeliveryState Deserialize(string json)
        => JsonSerializer.Deserialize(json, DeliveryJsonContext.Default.DeliveryState)
           ?? throw new JsonException("A stored delivery document is empty.");

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
