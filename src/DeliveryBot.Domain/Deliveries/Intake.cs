using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Domain.Deliveries;

/// <summary>The intake form: what stage 1 needs to create the delivery record.</summary>
public sealed record Intake(
    string Client, string DigitalTalent, string Scope, DateOnly IntakeDate, DateOnly? AgreedDeliveryDate,
    string? TimelineExpectations, Person ClientIntakeManager, DeliverySettings Settings,
    IReadOnlyList<RoleAssignment>? OtherStakeholders = null, RequirementsPackage? Requirements = null,
    Person? DeliveryManager = null);
