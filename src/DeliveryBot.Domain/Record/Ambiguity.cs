using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Record;

/// <summary>An ambiguity in the requirements, to be resolved with the Client Intake Manager in stage 1.</summary>
public sealed record Ambiguity(
    string Id, string Question, DateTimeOffset RaisedAt, string? Resolution = null, Person? ResolvedBy = null)
{
    public bool IsOpen => Resolution is null;
}
