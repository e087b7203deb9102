namespace DeliveryBot.Teams.Cards.Views;

/// <summary>A name and a value, for a card's FactSet.</summary>
internal sealed record Fact(string Name, string Value);
