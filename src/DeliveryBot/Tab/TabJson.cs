using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeliveryBot.Tab;

/// <summary>What the tab's API answers: figures and words the page lays out, nothing of the record's shape.</summary>
internal static class TabJson
{
    public sealed record Portfolio(string Reader, bool EveryDelivery, bool HoldsARole, IReadOnlyList<Line> Deliveries);

    public sealed record Line(
        string Id, string Client, string Talent, string Status, int StageNumber, string Stage, string? AgreedDate,
        IReadOnlyList<Owed> Next, Milestone? NextMilestone, IReadOnlyList<Milestone> Late, bool BeyondAcceptableDelay,
        IReadOnlyList<string> YourRoles);

    public sealed record Owed(string What, string Who);

    public sealed record Timeline(
        string Id, string Client, string Talent, string Today, IReadOnlyList<Milestone> Milestones, Links Links);

    public sealed record Milestone(
        string Key, string Title, string? Start, string? Target, string? Actual, int AcceptableDelayDays,
        string? LatestAcceptable, string Status, string Label, bool Late, bool BeyondAcceptableDelay,
        IReadOnlyList<Move> Moves);

    public sealed record Move(string? From, string To, string Reason, string By, string At);

    /// <summary>Deep links into Teams: the delivery's chat (its status card's) and the bot's, if known.</summary>
    public sealed record Links(string? Chat, string? Bot);

    public sealed record Metrics(IReadOnlyList<Month> Months, Targets Targets, Incidents Incidents);

    public sealed record Month(
        string Label, int Deployments, int FailedDeployments, int GoLives, int HandedOver, double? OnTimeRate,
        double? ChangeFailureRate, double? DeploymentsPerWeek, double? MttrHours, int Incidents);

    public sealed record Targets(double DeploymentsPerWeek, double ChangeFailureRate, double MttrHours);

    public sealed record Incidents(string Month, IReadOnlyDictionary<string, int> BySeverity, double? MttrMinutes,
        double? MttdMinutes);

    public sealed record Person(string TenantId, string ObjectId, string Name, string Roles);

    public sealed record SignInRequest(string? TenantId, string? ObjectId);

    public sealed record SignInAnswer(string Token);

    public sealed record Problem(string Message);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(TabJson.Portfolio))]
[JsonSerializable(typeof(TabJson.Timeline))]
[JsonSerializable(typeof(TabJson.Metrics))]
[JsonSerializable(typeof(IReadOnlyList<TabJson.Person>))]
[JsonSerializable(typeof(TabJson.SignInRequest))]
[JsonSerializable(typeof(TabJson.SignInAnswer))]
[JsonSerializable(typeof(TabJson.Problem))]
internal sealed partial class TabJsonContext : JsonSerializerContext;
