namespace DeliveryBot.Domain.Lifecycle;

/// <summary>How far the Delivery Manager may act for the role a gate check names.</summary>
public enum Proxy
{
    /// <summary>Only the role's holder (or their delegate).</summary>
    Never,

    /// <summary>The DM may record it for the holder with evidence (date, channel, quote): client receipt.</summary>
    DmWithEvidence,
}
