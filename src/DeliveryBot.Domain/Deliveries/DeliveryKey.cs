namespace DeliveryBot.Domain.Deliveries;

/// <summary>
/// What a delivery is stored, locked and messaged under. People type and see its id ("D12"), which is numbered
/// per organisation (Microsoft Entra tenant), so D12 of one organisation and D12 of another are different
/// deliveries; the key puts the organisation in front ("{tenant}/D12"). A delivery opened where no organisation
/// was known (a local test chat, a record from before deliveries were bound to one) has its bare id as key.
/// </summary>
public static class DeliveryKey
{
    /// <summary>The key of delivery <paramref name="id"/> in <paramref name="tenantId"/>'s organisation.</summary>
    public static string Of(string? tenantId, string id)
    {
        // An id is what people type ("D12"): with a '/' it could name another organisation's key.
        if (id.Contains('/', StringComparison.Ordinal))
            throw new ArgumentException($"'{id}' is not a delivery id.", nameof(id));
        return Tenant(tenantId) is { Length: > 0 } tenant ? $"{tenant}/{id}" : id;
    }

    /// <summary>Whether the text is a delivery id as the bot hands them out: "D" and a number.</summary>
    public static bool IsId(string? text)
        => text is { Length: > 1 and <= 10 } && text[0] == 'D' && text.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0;

    /// <summary>The id people see, from a key.</summary>
    public static string IdOf(string key) => key[(key.LastIndexOf('/') + 1)..];

    /// <summary>
    /// The organisation as kept on the record: lower case (Entra ids are GUIDs, compared case-insensitively),
    /// empty when unknown.
    /// </summary>
    public static string Tenant(string? tenantId)
        => string.IsNullOrWhiteSpace(tenantId) ? "" : tenantId.Trim().ToLowerInvariant();
}
