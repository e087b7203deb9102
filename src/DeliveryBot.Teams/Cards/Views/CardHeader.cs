namespace DeliveryBot.Teams.Cards.Views;

/// <summary>
/// The top of a delivery card: which delivery, which stage, and what the viewer is asked (when it is theirs).
/// </summary>
internal sealed record CardHeader(string Title, string Stage, string Yours);
