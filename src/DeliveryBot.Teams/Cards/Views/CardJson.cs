using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>How card data is written: camelCase, as the templates name it.</summary>
internal static class CardJson
{
    public static readonly JsonSerializerOptions Options = ReadOnly(new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    });

    /// <summary>
    /// Locked before first use: options still open to change build every type's contract afresh on each
    /// <see cref="JsonSerializerOptions.GetTypeInfo"/>, and <see cref="ViewData"/> reads the contracts without ever
    /// calling the serializer, which would otherwise lock them (doing so doubled what a click allocates).
    /// </summary>
    private static JsonSerializerOptions ReadOnly(JsonSerializerOptions options)
    {
        options.MakeReadOnly();
        return options;
    }
}
