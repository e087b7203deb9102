using System.Text.Json;
using System.Text.Json.Nodes;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Teams.Protocol;

namespace DeliveryBot.Teams.Conversations;

/// <summary>Someone the bot has seen in an organisation's chats: Entra id, name, and address if Teams said.</summary>
internal sealed record KnownPerson(string ObjectId, string Name, string? Email)
{
    public string ToJson() => new JsonObject { ["id"] = ObjectId, ["name"] = Name, ["email"] = Email }.ToJsonString();

    /// <summary>The person a stored entry holds, or null for one that does not read.</summary>
    public static KnownPerson? Read(string json)
    {
        try
        {
            return JsonNode.Parse(json) is JsonObject o
                && o["id"]?.GetValueKind() == JsonValueKind.String
                && o["name"]?.GetValueKind() == JsonValueKind.String
                    ? new KnownPerson(
                        o["id"]!.GetValue<string>(),
                        o["name"]!.GetValue<string>(),
                        o["email"]?.GetValueKind() == JsonValueKind.String ? o["email"]!.GetValue<string>() : null)
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// How the people the bot has seen are kept among the conversation references: one entry by Entra id, and one per
/// word of the name and per address, so the picker's typeahead finds "Megan Bowen" by "meg", "bow" or "megan.b@" with
/// one prefix read. Every key starts with the organisation: a search can only ever read its own organisation's people.
/// </summary>
internal static class KnownPeople
{
    /// <summary>Characters of a query (and of a name word or address kept) looked at, at most.</summary>
    public const int QueryLength = 64;

    /// <summary>The entries a member of a chat in <paramref name="tenantId"/> adds; null if none can be kept.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>>? Entries(string? tenantId, ChannelAccount member)
    {
        if (DeliveryKey.Tenant(tenantId) is not { Length: > 0 } tenant
            || member is not { EntraId: { Length: > 0 and <= 64 } oid }
            || string.IsNullOrWhiteSpace(member.Name)) return null;
        var email = member.Email ?? member.UserPrincipalName;
        var json = new KnownPerson(oid, member.Name.Trim(), email).ToJson();
        var terms = member.Name.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Append(email ?? "")
            .Append(member.UserPrincipalName ?? "")
            .Select(Normalise)
            .Where(t => t.Length > 0)
            .Distinct(StringComparer.Ordinal);
        return
        [
            new(IdKey(tenant, oid), json),
            .. terms.Select(t =>
                new KeyValuePair<string, string>($"{SearchKey(tenant, t)}|{oid.ToLowerInvariant()}", json)),
        ];
    }

    /// <summary>A query or a term as kept: trimmed, lower case, cut to <see cref="QueryLength"/>, no '|'.</summary>
    public static string Normalise(string text)
    {
        var t = text.Trim().ToLowerInvariant().Replace("|", "", StringComparison.Ordinal);
        return t.Length <= QueryLength ? t : t[..QueryLength];
    }

    public static string SearchKey(string tenantId, string normalised)
        => $"people:{DeliveryKey.Tenant(tenantId)}:{normalised}";

    public static string IdKey(string tenantId, string objectId)
        => $"known:{DeliveryKey.Tenant(tenantId)}:{objectId.ToLowerInvariant()}";
}
