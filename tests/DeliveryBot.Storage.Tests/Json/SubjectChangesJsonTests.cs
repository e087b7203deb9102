using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Record;
using DeliveryBot.Storage.Json;
using DeliveryBot.TestKit;

namespace DeliveryBot.Storage.Tests.Json;

/// <summary>
/// A record's subject changes, read by hand (<see cref="SubjectChangesJson"/>): the stored form unchanged, every form
/// the serializer read still read the same, the keys the domain's own strings, a damaged list refused.
/// </summary>
public sealed class SubjectChangesJsonTests
{
    /// <summary>How the serializer wrote and read them before, by reflection.</summary>
    private static readonly JsonSerializerOptions Reflection = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    [Fact]
    public void A_record_s_subject_changes_are_written_as_the_serializer_wrote_them()
    {
        var state = Scenario.Opened().Planned().Delivery.State;

        var stored = JsonNode.Parse(DeliveryJson.Serialize(state))!["subjectChanges"]!.ToJsonString();

        Assert.Equal(JsonSerializer.Serialize(state.SubjectChanges, Reflection), stored);
        Assert.StartsWith("[{\"subject\":\"intake\",\"version\":", stored, StringComparison.Ordinal);
        Assert.Equal(Subject.All.Count, state.SubjectChanges.Length);
    }

    [Fact]
    public void A_record_read_back_has_its_subject_changes_with_the_domain_s_own_keys()
    {
        var state = Scenario.Opened().Planned().Delivery.State;

        var read = DeliveryJson.Deserialize(Encoding.UTF8.GetBytes(DeliveryJson.Serialize(state)));

        Assert.Equal(state.SubjectChanges.ToArray(), read.SubjectChanges.ToArray());
        Assert.All(read.SubjectChanges, c => Assert.Same(Subject.All.Single(s => s.Key == c.Subject).Key, c.Subject));
    }

    [Fact]
    public void Subject_changes_written_otherwise_read_as_the_serializer_read_them()
    {
        var read = Read("""
            [ { "version": 7, "subject": "schedule" },
              { "subject": "sched\u0075le", "note": { "a": [1, 2] }, "version": 8, "more": [ {} ] },
              { "subject": "something-added-later", "version": 9 } ]
            """);

        Assert.Equal(
            [new SubjectChange("schedule", 7), new SubjectChange("schedule", 8),
                new SubjectChange("something-added-later", 9)],
            read.ToArray());
        Assert.Same(Subject.Schedule.Key, read[0].Subject);
        Assert.Same(Subject.Schedule.Key, read[1].Subject);
        Assert.Empty(Read("[]"));
    }

    [Theory]
    [InlineData("""[{"version": 1}]""")]
    [InlineData("""[{"subject": "schedule"}]""")]
    [InlineData("""[{"subject": 3, "version": 1}]""")]
    [InlineData("""[{"subject": "schedule", "version": "1"}]""")]
    [InlineData("""[1]""")]
    [InlineData("""{"subject": "schedule", "version": 1}""")]
    public void A_damaged_list_of_subject_changes_is_refused(string json)
        => Assert.ThrowsAny<JsonException>(() => Read(json));

    private static ImmutableArray<SubjectChange> Read(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return new SubjectChangesJson().Read(
            ref reader, typeof(ImmutableArray<SubjectChange>), JsonSerializerOptions.Default);
    }
}
