using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.Teams.Protocol;

namespace DeliveryBot.Teams.Cards.Forms;

/// <summary>
/// The intake form (cards/intake.json), posted by `new`: what stage 1 needs to open the delivery record, with each
/// stakeholder picked with the people picker (the chat's first members offered; typing asks the bot's own "people"
/// dataset, <see cref="Conversations.PeopleSearch"/>) or given by email. It is not drawn from a delivery: there is none
/// yet.
/// </summary>
internal static class IntakeForm
{
    /// <summary>
    /// Chat members offered in each picker at most: the typeahead finds the rest, so a chat of 10,000 people does not
    /// make a form of megabytes, past what Teams will post.
    /// </summary>
    public const int Offered = 25;

    /// <summary>
    /// The input of the Delivery Manager: empty, the sender runs the delivery; someone else, the sender opens it as its
    /// Client Intake Manager and it waits for that DM to confirm. Picked only (no email): the DM confirms on a card.
    /// </summary>
    public const string DeliveryManagerKey = "deliveryManager";

    /// <summary>The other roles the form assigns and their input ids.</summary>
    public static readonly IReadOnlyList<(Role Role, string Key)> Roles =
    [
        (Role.ClientIntakeManager, "clientIntakeManager"),
        (Role.ProductionLineArchitect, "pla"),
        (Role.QaEngineer, "qa"),
        (Role.DeploymentSpecialist, "deployment"),
        (Role.Cto, "cto"),
        (Role.ClientContact, "clientContact"),
    ];

    /// <summary>Time zones offered first; any IANA zone typed into the form's data is checked by the domain.</summary>
    public static readonly IReadOnlyList<string> TimeZones =
    [
        "Europe/London", "Europe/Dublin", "Europe/Paris", "Europe/Berlin", "Europe/Madrid", "Europe/Warsaw",
        "Africa/Johannesburg", "Asia/Dubai", "Asia/Kolkata", "Asia/Singapore", "Asia/Tokyo", "Australia/Sydney",
        "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Sao_Paulo", "UTC",
    ];

    /// <summary>
    /// A new form's identity, carried by its Open button: every click on one form (a double click, a second person,
    /// a click after a restart or on another instance) opens at most one delivery.
    /// </summary>
    public static string NewId() => Guid.NewGuid().ToString("N");

    /// <summary>The form id a submission carries, or null when it carries none or a malformed one.</summary>
    public static string? IdOf(JsonElement data)
        => data.ValueKind == JsonValueKind.Object
            && data.TryGetProperty("formId", out var v)
            && v.ValueKind == JsonValueKind.String
            && v.GetString() is { Length: 32 } id
            && id.All(char.IsAsciiHexDigitLower)
                ? id
                : null;

    /// <summary>
    /// The command id of opening from a form: one per form in an organisation (the activity id for a form drawn before
    /// forms had ids, so a Teams retry of it still opens one).
    /// </summary>
    public static string? OpeningId(JsonElement data, string? tenantId)
        => IdOf(data) is { } id ? Delivery.OpeningFrom(tenantId, id) : null;

    /// <summary>
    /// The form's data: its id, the roster to pick from, today's date, the time zone, what was entered before and a
    /// note.
    /// </summary>
    public static JsonObject Data(
        string formId,
        IReadOnlyList<ChannelAccount> roster,
        DateOnly today,
        string timeZone,
        JsonElement entered = default,
        string? note = null)
    {
        string Entered(string key)
            => entered.ValueKind == JsonValueKind.Object
                && entered.TryGetProperty(key, out var v)
                && v.ValueKind == JsonValueKind.String
                    ? v.GetString()!
                    : "";
        var people = roster
            .Where(m => m.EntraId is not null)
            .OrderBy(m => m.Name ?? m.EntraId, StringComparer.CurrentCultureIgnoreCase)
            .Take(Offered)
            .Select(m => new JsonObject { ["id"] = m.EntraId, ["name"] = m.Name ?? m.EntraId });
        return new JsonObject
        {
            ["formId"] = formId,
            ["today"] = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["timeZone"] = Entered("timeZone") is { Length: > 0 } zone ? zone : timeZone,
            ["timeZones"] = new JsonArray([.. TimeZones.Select(z => (JsonNode)z)]),
            ["client"] = Entered("client"),
            ["talent"] = Entered("talent"),
            ["scope"] = Entered("scope"),
            ["timeline"] = Entered("timeline"),
            ["requirementsLink"] = Entered("requirementsLink"),
            ["requirementsSignedOff"] = Entered("requirementsSignedOff"),
            ["requirementsSignedOffBy"] = Entered("requirementsSignedOffBy"),
            ["deliveryManager"] = Entered(DeliveryManagerKey),
            ["roster"] = new JsonArray([.. people]),
            ["roles"] = new JsonArray([.. Roles.Select(r => new JsonObject
            {
                ["key"] = r.Key,
                ["title"] = r.Role == Role.ClientIntakeManager
                    ? $"{r.Role.Title()} (required; you, if you name another Delivery Manager)"
                    : r.Role.Title(),
                ["value"] = Entered(r.Key),
                ["email"] = Entered($"{r.Key}Email"),
            })]),
            ["note"] = note,
        };
    }

    /// <summary>
    /// The Entra ids picked in a submission (to look up those who are not in the chat before reading it).
    /// </summary>
    public static IReadOnlyList<string> Picked(JsonElement data)
        => data.ValueKind != JsonValueKind.Object
            ? []
            : [.. Roles.Select(r => r.Key).Prepend(DeliveryManagerKey)
                .Select(key => data.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String
                    ? v.GetString()!.Trim()
                    : "")
                .Where(id => id.Length is > 0 and <= 64)
                .Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>
    /// The intake a submission stands for, or in plain words what is wrong with it. People picked are looked up in
    /// the roster fetched now, and those found in the directory by their id (never trusted from the card); people
    /// given by email are known by email only. When the sender names someone else as Delivery Manager and leaves the
    /// Client Intake Manager empty, the sender is the Client Intake Manager.
    /// </summary>
    public static (Intake? Intake, string? Problem) Read(
        JsonElement data, IReadOnlyList<ChannelAccount> roster, Person? sender = null)
    {
        string? Text(string key)
            => data.ValueKind == JsonValueKind.Object
                && data.TryGetProperty(key, out var v)
                && v.ValueKind == JsonValueKind.String
                && !string.IsNullOrWhiteSpace(v.GetString())
                    ? v.GetString()!.Trim()
                    : null;
        (DateOnly? Date, string? Problem) Date(string key, string label)
            => Text(key) is not { } text
                ? (null, null)
                : DateOnly.TryParseExact(
                    text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                    ? (d, null)
                    : (null, $"{label}: '{text}' is not a date.");

        var (intakeDate, badIntake) = Date("intakeDate", "The intake date");
        var (agreedDate, badAgreed) = Date("agreedDate", "The agreed delivery date");
        var (signedOff, badSignOff) = Date("requirementsSignedOff", "The requirements sign-off date");
        if ((badIntake ?? badAgreed ?? badSignOff) is { } dateProblem) return (null, dateProblem);
        if (intakeDate is null) return (null, "Give the intake date.");
        var link = Text("requirementsLink");
        if ((link is null) != (signedOff is null))
            return (null, "The requirements package needs both its link and the date it was signed off.");

        (Person? Person, string? Problem) Picked(Role role, string key, string orElse)
        {
            if (Text(key) is not { } picked) return (null, null);
            var member = roster.FirstOrDefault(
                m => string.Equals(m.EntraId, picked, StringComparison.OrdinalIgnoreCase));
            return member is null
                ? (null, $"The {role.Title()} picked is not in this chat, and the directory could not say who they "
                    + $"are; {orElse}.")
                : (new Person(member.EntraId, member.Email ?? member.UserPrincipalName, member.Name ?? member.EntraId!),
                    null);
        }

        var (manager, badManager) = Picked(Role.DeliveryManager, DeliveryManagerKey, "pick again");
        if (badManager is not null) return (null, badManager);
        var assigned = new List<RoleAssignment>();
        foreach (var (role, key) in Roles)
        {
            var (person, badPick) = Picked(role, key, "pick again or give their email");
            if (badPick is not null) return (null, badPick);
            if (person is null && Text($"{key}Email") is { } email)
            {
                if (!LooksLikeEmail(email))
                    return (null, $"The {role.Title()}'s email '{email}' is not an email address.");
                person = new Person(ObjectId: null, email, email);
            }
            if (person is not null) assigned.Add(new RoleAssignment(role, person));
        }
        // Naming someone else to run it makes the sender its Client Intake Manager, unless the form names one.
        if (manager is not null && sender is not null && !manager.IsSameAs(sender)
            && !assigned.Exists(a => a.Role == Role.ClientIntakeManager))
            assigned.Insert(0, new RoleAssignment(Role.ClientIntakeManager, sender));
        if (assigned.Find(a => a.Role == Role.ClientIntakeManager) is not { } intakeManager)
            return (null, "Name the Client Intake Manager: stage 1 is their handoff.");

        var settings = DeliverySettings.For(Text("timeZone") ?? TimeZones[0]);
        return (
            new Intake(
                Client: Text("client") ?? "",
                DigitalTalent: Text("talent") ?? "",
                Scope: Text("scope") ?? "",
                IntakeDate: intakeDate.Value,
                AgreedDeliveryDate: agreedDate,
                TimelineExpectations: Text("timeline"),
                ClientIntakeManager: intakeManager.Person,
                Settings: settings,
                OtherStakeholders: [.. assigned.Where(a => a.Role != Role.ClientIntakeManager)],
                Requirements: link is null
                    ? null
                    : new RequirementsPackage(link, signedOff!.Value, Text("requirementsSignedOffBy")),
                DeliveryManager: manager),
            null);
    }

    private static bool LooksLikeEmail(string text)
    {
        var at = text.IndexOf('@', StringComparison.Ordinal);
        return at > 0
            && at == text.LastIndexOf('@')
            && text.IndexOf('.', at) > at + 1
            && !text.EndsWith('.')
            && !text.Any(char.IsWhiteSpace);
    }
}
