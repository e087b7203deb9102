using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>How card data is written: camelCase, as the templates name it.</summary>
internal static class CardJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}
