using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Storage.Json;

/// <summary>
/// A record's subject changes (<see cref="DeliveryState.SubjectChanges"/>: one per subject of the record, some fifty),
/// written as System.Text.Json writes them (<c>[{"subject":"schedule","version":12},…]</c>) and read without its path
/// for types built by their constructor, which makes an argument array, a boxed version and a state object for each
/// element and grows a list before copying it: about 7 KB of every load of a record not kept. Each subject's key is
/// read as the domain's own string, so a kept record does not hold a copy of every key either.
/// </summary>
internal sealed class SubjectChangesJson : JsonConverter<ImmutableArray<SubjectChange>>
{
    /// <summary>The longest key looked up among the domain's; a longer one is read as it is.</summary>
    private const int LongestKnown = 64;

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Known = Subject.All
        .ToDictionary(s => s.Key, s => s.Key, StringComparer.Ordinal)
        .GetAlternateLookup<ReadOnlySpan<char>>();

    public override ImmutableArray<SubjectChange> Read(
        ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new JsonException("A record's subject changes are not a list.");
        var changes = ImmutableArray.CreateBuilder<SubjectChange>(Subject.All.Count);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) changes.Add(ReadOne(ref reader));
        return changes.Count == changes.Capacity ? changes.MoveToImmutable() : changes.ToImmutable();
    }

    public override void Write(
        Utf8JsonWriter writer, ImmutableArray<SubjectChange> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        if (!value.IsDefault)
            foreach (var change in value)
            {
                writer.WriteStartObject();
                writer.WriteString("subject"u8, change.Subject);
                writer.WriteNumber("version"u8, change.Version);
                writer.WriteEndObject();
            }
        writer.WriteEndArray();
    }

    private static SubjectChange ReadOne(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("A record's subject change is not an object.");
        string? subject = null;
        long? version = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("subject"u8))
            {
                reader.Read();
                subject = Key(ref reader);
            }
            else if (reader.ValueTextEquals("version"u8))
            {
                reader.Read();
                version = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var at)
                    ? at
                    : throw new JsonException("A record's subject change gives its version as something else.");
            }
            else reader.Skip(); // a property this version does not know, as the serializer skips it
        }
        return subject is not null && version is { } changedAt
            ? new SubjectChange(subject, changedAt)
            : throw new JsonException("A record's subject change lacks its subject or its version.");
    }

    /// <summary>
    /// The key as the domain's own string when it is one of the domain's (nearly always), else as it reads.
    /// </summary>
    private static string Key(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
            throw new JsonException("A record's subject change names its subject in something other than text.");
        if (!reader.HasValueSequence && reader.ValueSpan.Length <= LongestKnown)
        {
            Span<char> chars = stackalloc char[LongestKnown];
            var length = reader.CopyString(chars); // unescaped, as GetString would read it
            if (Known.TryGetValue(chars[..length], out var known)) return known;
        }
        return reader.GetString()!;
    }
}
