namespace DeliveryBot.Teams.Cards;

/// <summary>
/// Which card, about what: its template in cards/ and its focus (a gate check's key, an escalation id, or empty),
/// which is all it takes to draw it again from the record after any change.
/// </summary>
internal sealed record CardRef(string Template, string DeliveryId, string Focus = "");
