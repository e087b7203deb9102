namespace DeliveryBot.Domain.Incidents;

/// <summary>The seed's incident severity levels, SEV-1 the most severe.</summary>
public enum Severity
{
    /// <summary>Complete service outage, data loss or a security breach.</summary>
    Sev1 = 1,

    /// <summary>A major feature unavailable, or significant performance degradation.</summary>
    Sev2 = 2,

    /// <summary>Minor feature impact, a workaround available.</summary>
    Sev3 = 3,

    /// <summary>Cosmetic issues, no customer impact.</summary>
    Sev4 = 4,
}

/// <summary>Which clock an incident's targets run on.</summary>
public enum IncidentClock
{
    /// <summary>Every minute counts, night, weekend and holiday included.</summary>
    Wall,

    /// <summary>Only the delivery's working hours count (its time zone, working days and holidays).</summary>
    Business,
}
