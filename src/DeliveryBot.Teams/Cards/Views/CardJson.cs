using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>How card data is written: camelCase, as the templates name it.</summary>
internal static class CardJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        // named, not left to the serializer's first call: ViewData reads the contracts before anything is serialized
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };
}
