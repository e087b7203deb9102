using System.Text.Json.Nodes;

namespace DeliveryBot.Teams.Cards.Templating;

/// <summary>The data an expression sees: the current $data, $root, and $index inside a repeat.</summary>
internal sealed record Scope(JsonNode? Data, JsonNode? Root, int? Index);
