namespace DeliveryBot.Application.SignOff;

/// <summary>
/// What the client sent from the sign-off page, and where it came from as the web server saw it (the evidence kept
/// with the acknowledgement).
/// </summary>
public sealed record SignOffAnswer(string? Satisfaction, string? Feedback, string? From, string? UserAgent);

/// <summary>How a sign-off went: acknowledged; refused (the link does not work); or the answer needs fixing.</summary>
public enum SignOffResult
{
    Acknowledged,
    Refused,
    NeedsFixing,
}
