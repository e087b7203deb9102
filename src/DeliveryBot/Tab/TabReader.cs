using System.Security.Claims;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;

namespace DeliveryBot.Tab;

/// <summary>Who is reading the tab: their organisation and themselves, from the validated token's claims.</summary>
internal sealed record TabReader(string TenantId, Person Person)
{
    /// <summary>The claims every accepted token carries: the organisation and the person's Entra object id.</summary>
    public const string TenantClaim = "tid";
    public const string ObjectIdClaim = "oid";

    public static TabReader? From(ClaimsPrincipal user)
    {
        var tenant = user.FindFirst(TenantClaim)?.Value;
        var objectId = user.FindFirst(ObjectIdClaim)?.Value;
        if (string.IsNullOrWhiteSpace(tenant) || string.IsNullOrWhiteSpace(objectId) || Person.IsReservedId(objectId))
            return null;
        var email = user.FindFirst("preferred_username")?.Value ?? user.FindFirst("upn")?.Value;
        return new TabReader(
            DeliveryKey.Tenant(tenant),
            Person.Create(objectId, email?.Contains('@', StringComparison.Ordinal) == true ? email : null,
                user.FindFirst("name")?.Value));
    }
}
