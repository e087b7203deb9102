using System.Globalization;
using DeliveryBot.Application.Portfolio;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Incidents;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Portfolio;
using DeliveryBot.Teams;
using Microsoft.Extensions.Options;

namespace DeliveryBot.Tab;

/// <summary>
/// The tab's reads, for the signed-in reader alone (<see cref="TabReader"/>): their portfolio, a delivery's timeline,
/// the organisation's metrics. Another organisation's delivery, or one the reader has no part in, is answered as not
/// there (404), as the bot answers an unknown id.
/// </summary>
internal sealed class TabApi(
    PortfolioReader portfolio, IConversationStore conversations, IOptions<BotCredentials> bot, IOptions<TabOptions> tab)
{
    public async Task<IResult> PortfolioAsync(TabReader reader, CancellationToken ct)
    {
        var view = await portfolio.PortfolioAsync(reader.TenantId, reader.Person, ct);
        return Results.Json(
            new TabJson.Portfolio(reader.Person.DisplayName, view.EveryDelivery, view.HoldsARole,
                [.. view.Deliveries.Select(Line)]),
            TabJsonContext.Default.Portfolio);
    }

    public async Task<IResult> TimelineAsync(TabReader reader, string id, CancellationToken ct)
    {
        if (await portfolio.TimelineAsync(reader.TenantId, reader.Person, id, ct) is not { } timeline)
            return Results.Json(new TabJson.Problem($"There is no delivery {Safe(id)} for you to see."),
                TabJsonContext.Default.Problem, statusCode: StatusCodes.Status404NotFound);
        var chat = (await conversations.PostedCardsAsync(DeliveryKey.Of(reader.TenantId, timeline.DeliveryId), ct))
            .Where(c => c.ConversationId.StartsWith("19:", StringComparison.Ordinal))
            .Select(c => c.ConversationId)
            .FirstOrDefault();
        return Results.Json(
            new TabJson.Timeline(timeline.DeliveryId, timeline.Client, timeline.DigitalTalent, Date(timeline.Today),
                [.. timeline.Milestones.Select(Milestone)],
                new TabJson.Links(
                    chat is null ? null : $"https://teams.microsoft.com/l/chat/{Uri.EscapeDataString(chat)}/0"
                        + $"?tenantId={Uri.EscapeDataString(reader.TenantId)}",
                    (bot.Value.MicrosoftAppId ?? tab.Value.ClientId) is { Length: > 0 } appId
                        ? $"https://teams.microsoft.com/l/chat/0/0?users=28:{Uri.EscapeDataString(appId)}"
                            + $"&message={Uri.EscapeDataString($"status {timeline.DeliveryId}")}"
                        : null)),
            TabJsonContext.Default.Timeline);
    }

    public async Task<IResult> MetricsAsync(TabReader reader, string? zone, CancellationToken ct)
    {
        if (await portfolio.TrendAsync(reader.TenantId, reader.Person, zone ?? "UTC", ct) is not { } months)
            return Results.Json(
                new TabJson.Problem("The organisation's metrics are for the people with a role on one of its open "
                    + "deliveries."),
                TabJsonContext.Default.Problem, statusCode: StatusCodes.Status403Forbidden);
        var now = months[^1];
        var targets = now.Targets;
        return Results.Json(
            new TabJson.Metrics(
                [.. months.Select(m => new TabJson.Month(
                    m.Period.FirstDay.ToString("yyyy-MM", CultureInfo.InvariantCulture), m.Deployments,
                    m.FailedDeployments, m.GoLives, m.HandedOver, m.OnTimeRate, m.ChangeFailureRate,
                    m.DeploymentsPerWeek, m.Incidents.MeanTimeToRecover?.TotalHours, m.Incidents.Total))],
                new TabJson.Targets(
                    targets.DeploymentsPerWeek, targets.ChangeFailureRate, targets.MeanTimeToRecover.TotalHours),
                new TabJson.Incidents(
                    now.Period.ToString(),
                    now.Incidents.BySeverity.ToDictionary(p => SeverityTargets.Title(p.Key), p => p.Value),
                    now.Incidents.MeanTimeToRecover?.TotalMinutes,
                    now.Incidents.MeanTimeToDetect?.TotalMinutes)),
            TabJsonContext.Default.Metrics);
    }

    private static TabJson.Line Line(PortfolioEntry e) => new(
        e.DeliveryId, e.Client, e.DigitalTalent, e.Status, e.StageNumber, e.Stage, Date(e.AgreedDeliveryDate),
        [.. e.NextActions.Select(a => new TabJson.Owed(a.What, a.Who))],
        e.NextMilestone is null ? null : Milestone(e.NextMilestone),
        [.. e.Late.Select(Milestone)],
        e.BeyondAcceptableDelay,
        [.. e.YourRoles.Select(r => r.Title())]);

    private static TabJson.Milestone Milestone(TimelineMilestone m) => new(
        m.Milestone.ToString(), m.Title, Date(m.Start), Date(m.Target), Date(m.Actual), m.AcceptableDelayDays,
        Date(m.LatestAcceptable), m.Status.ToString(), m.Label, m.IsLate,
        m.Status == MilestoneStatus.BeyondAcceptableDelay,
        [.. m.Moves.Select(v => new TabJson.Move(
            Date(v.From), Date(v.To), v.Reason, v.By,
            v.At.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)))]);

    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>An id from the address, said back only when it is one (never arbitrary text).</summary>
    private static string Safe(string id) => DeliveryKey.IsId(id) ? id : "by that id";
}
