namespace DeliveryBot.Domain.Lifecycle;

/// <summary>The status shown on the record, derived from the stage.</summary>
public enum DeliveryStatus { Planning, InProduction, Qa, Deployment, Handover, Complete }
