namespace DeliveryBot.Domain.Lifecycle;

/// <summary>
/// The status shown on the record, derived from the stage; a delivery the Client Intake Manager opened is awaiting its
/// Delivery Manager's confirmation until they confirm, and declined (closed, never started) if they decline.
/// </summary>
public enum DeliveryStatus { Planning, InProduction, Qa, Deployment, Handover, Complete, AwaitingManager, Declined }
