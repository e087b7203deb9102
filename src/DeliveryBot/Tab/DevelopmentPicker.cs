using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.People;

namespace DeliveryBot.Tab;

/// <summary>
/// Development only, with no app id: the sign-in picker's list (the people holding roles on open deliveries, with
/// their organisation) and the token for the one picked, so the tab can be tried outside Teams. Never mapped otherwise.
/// </summary>
internal static class DevelopmentPicker
{
    private const int MostOrganisations = 20;
    private const int MostPerOrganisation = 100;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/sign-in/people", PeopleAsync);
        api.MapPost("/sign-in", SignInAsync);
    }

    private static async Task<IResult> PeopleAsync(IDeliveryStore store, CancellationToken ct)
        => Results.Json(await KnownAsync(store, ct), TabJsonContext.Default.IReadOnlyListPerson);

    private static async Task<IResult> SignInAsync(
        TabJson.SignInRequest request, IDeliveryStore store, DevelopmentSignIn signIn, TimeProvider clock,
        CancellationToken ct)
    {
        var person = (await KnownAsync(store, ct)).FirstOrDefault(p =>
            string.Equals(p.TenantId, request.TenantId, StringComparison.OrdinalIgnoreCase)
            && string.Equals(p.ObjectId, request.ObjectId, StringComparison.OrdinalIgnoreCase));
        return person is null
            ? Results.Json(new TabJson.Problem("Pick someone from the list."), TabJsonContext.Default.Problem,
                statusCode: StatusCodes.Status400BadRequest)
            : Results.Json(
                new TabJson.SignInAnswer(
                    signIn.Issue(person.TenantId, person.ObjectId, person.Name, clock.GetUtcNow())),
                TabJsonContext.Default.SignInAnswer);
    }

    private static async Task<IReadOnlyList<TabJson.Person>> KnownAsync(IDeliveryStore store, CancellationToken ct)
    {
        var people = new Dictionary<(string, string), (string Name, SortedSet<string> Roles)>();
        foreach (var tenant in await store.TenantsAsync(after: null, MostOrganisations, ct))
            foreach (var delivery in await store.OpenRecordsAsync(tenant, MostPerOrganisation, ct))
                foreach (var holder in delivery.State.Stakeholders)
                {
                    if (holder.Person.ObjectId is not { } id || holder.Person.IsSystem) continue;
                    var key = (tenant, id.ToLowerInvariant());
                    if (!people.TryGetValue(key, out var known))
                        people[key] = known = (holder.Person.DisplayName, new(StringComparer.Ordinal));
                    known.Roles.Add($"{holder.Role.Title()} of {delivery.Id}");
                }
        return [.. people
            .OrderBy(p => p.Key.Item1, StringComparer.Ordinal).ThenBy(p => p.Value.Name, StringComparer.Ordinal)
            .Select(p => new TabJson.Person(p.Key.Item1, p.Key.Item2, p.Value.Name, string.Join(", ", p.Value.Roles)))];
    }
}
