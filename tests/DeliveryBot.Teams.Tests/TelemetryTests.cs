using System.Diagnostics;
using System.Text;
using DeliveryBot.Application.Messages;
using DeliveryBot.Application.Reminders;
using DeliveryBot.Application.Storage;
using DeliveryBot.Application.Telemetry;
using DeliveryBot.Teams.Tests.Support;
using DeliveryBot.TestKit;
using Microsoft.Extensions.DependencyInjection;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;

namespace DeliveryBot.Teams.Tests;

/// <summary>
/// What an operator's collector receives for a click, a reminder and a send Teams refuses: the spans from the
/// activity through the decision, the save and the database to the outbox dispatch (linked to the change that wrote
/// it) and the Bot Connector call; the metrics of each.
/// </summary>
[Collection(nameof(TelemetryRunsAlone))]
public sealed class TelemetryTests : IAsyncLifetime
{
    private readonly ManualClock _clock = new(Scenario.Start);
    private Support.Telemetry _telemetry = null!;
    private FakeConnector _connector = null!;
    private ChannelFactory _bot = null!;
    private HttpClient _http = null!;
    private long _drawnAt;

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        await StartAsync(new Dictionary<string, string?>());
    }

    private async Task StartAsync(
        IReadOnlyDictionary<string, string?> settings, bool databaseSpans = false, LogLines? logs = null)
    {
        _telemetry = new Support.Telemetry(databaseSpans);
        _bot = new ChannelFactory(settings)
        {
            Clock = _clock,
            TestServices = services =>
            {
                _telemetry.AddTo(services);
                if (logs is not null) services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs);
            },
        };
        _http = _bot.CreateClient();
        var delivery = Scenario.Opened().Planned().Delivery; // Pablo and Diego owe the schedule acknowledgement
        await _bot.Services.GetRequiredService<IDeliveryStore>().SaveAsync(Contoso.Own(delivery), 0, Scenario.Start);
        _drawnAt = delivery.Version;
        // the bot has met the tenant, so it can open 1:1 chats there
        await PostAsync(Activities.Message(_connector.ServiceUrl, "hello", id: "hello-1"));
        await Dispatcher.WhenIdleAsync();
    }

    /// <summary>The bot again, on a fresh database, with other settings.</summary>
    private async Task RestartAsync(
        IReadOnlyDictionary<string, string?> settings, bool databaseSpans = false, LogLines? logs = null)
    {
        _http.Dispose();
        await _bot.DisposeAsync();
        await StartAsync(settings, databaseSpans, logs);
    }

    private OutboxDispatcher Dispatcher => _bot.Services.GetRequiredService<OutboxDispatcher>();

    private async Task PostAsync(string activity)
    {
        using var response = await _http.PostAsync(
            new Uri("/api/messages", UriKind.Relative), new StringContent(activity, Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    private Task ClickAsync(string id) => PostAsync(Activities.Invoke(_connector.ServiceUrl, "gate.acknowledge",
        $$"""{"card":"gate","deliveryId":"D1","focus":"{{Checks.ScheduleAcknowledgedByPla.Key}}","version":{{_drawnAt}}}""",
        "oid-pablo", "Pablo", id));

    /// <summary>A reminder pass, then the periodic drain that sends what it wrote, each awaited until idle.</summary>
    private async Task PassAsync()
    {
        await _bot.Services.GetRequiredService<ReminderSweep>().RunAsync(50, CancellationToken.None);
        await Dispatcher.WhenIdleAsync();
        await Dispatcher.DispatchAsync(50, CancellationToken.None);
        await Dispatcher.WhenIdleAsync();
    }

    private static string? Tag(Activity span, string name) => span.GetTagItem(name)?.ToString();

    [Fact]
    public async Task A_click_is_traced_from_the_activity_through_the_decision_and_save_to_the_dispatch_it_caused()
    {
        await ClickAsync("click-1");
        await Dispatcher.WhenIdleAsync();

        var turn = Assert.Single(_telemetry.Named("teams.turn"), s => Tag(s, "deliverybot.verb") == "gate.acknowledge");
        Assert.Equal("invoke", Tag(turn, "deliverybot.activity.type"));
        Assert.Equal("adaptiveCard/action", Tag(turn, "deliverybot.activity.name"));
        Assert.Equal(Activities.Tenant, Tag(turn, "deliverybot.tenant"));
        Assert.Equal("D1", Tag(turn, "deliverybot.delivery.id"));
        // under the request's own span, from ASP.NET Core
        Assert.Contains(
            _telemetry.Spans, s => s.Source.Name == "Microsoft.AspNetCore" && s.SpanId == turn.ParentSpanId);

        var decide = Assert.Single(_telemetry.Named("delivery.decide"), s => s.TraceId == turn.TraceId);
        Assert.Equal(turn.SpanId, decide.ParentSpanId);
        Assert.Equal("applied", Tag(decide, "deliverybot.outcome"));
        Assert.Equal("D1", Tag(decide, "deliverybot.delivery.id"));
        var save = Assert.Single(_telemetry.Named("delivery.save"), s => s.TraceId == turn.TraceId);
        Assert.Equal(decide.SpanId, save.ParentSpanId);
        // the save's span times the write; a span per statement only when asked for
        Assert.DoesNotContain(_telemetry.Spans, s => s.Source.Name == DeliveryTelemetry.DatabaseName);

        // What the click wrote to the outbox is sent in traces of their own, each linked to the click's, and each
        // holds its Bot Connector call.
        var sends = _telemetry.Named("outbox.send").Where(s => s.Links.Any(l => l.Context.TraceId == turn.TraceId))
            .ToList();
        Assert.NotEmpty(sends);
        Assert.All(sends, s => Assert.NotEqual(turn.TraceId, s.TraceId));
        Assert.Contains(sends, s => Tag(s, "deliverybot.outbox.result") == "sent");
        Assert.Contains(_telemetry.Spans, s => s.Source.Name == "System.Net.Http" && s.Kind == ActivityKind.Client
            && sends.Any(send => send.TraceId == s.TraceId));
        // no user text: only ids and kinds are tagged
        Assert.DoesNotContain(_telemetry.Spans.SelectMany(s => s.TagObjects),
            t => t.Value is string v && v.Contains("Pablo", StringComparison.Ordinal));

        var metrics = _telemetry.Collect(_bot.Services);
        var clicks = Support.Telemetry.Points(
            metrics["deliverybot.click.duration"], "deliverybot.verb", "gate.acknowledge").Single();
        Assert.Equal(1, clicks.GetHistogramCount());
        Assert.True(clicks.GetHistogramSum() > 0);
        Assert.Equal("s", metrics["deliverybot.click.duration"].Unit);
        Assert.Equal(1, Support.Telemetry.Points(metrics["deliverybot.decisions"], "deliverybot.outcome", "applied")
            .Single().GetSumLong());
        Assert.True(Support.Telemetry.Points(metrics["deliverybot.teams.sends"], "deliverybot.send.result", "sent")
            .Single().GetSumLong() >= sends.Count);
        Assert.Single(Support.Telemetry.Points(metrics["deliverybot.teams.rate_limiter.wait"]));
        // everything the click caused has gone: nothing waits
        Assert.Equal(0, Support.Telemetry.Points(metrics["deliverybot.outbox.depth"]).Single().GetGaugeLastValueLong());
        Assert.Equal(
            1, Support.Telemetry.Points(metrics["deliverybot.deliveries"]).Sum(p => p.GetGaugeLastValueLong()));

        // the same click again (a Teams retry) is a duplicate
        await ClickAsync("click-1");
        metrics = _telemetry.Collect(_bot.Services);
        Assert.Equal(1, Support.Telemetry.Points(metrics["deliverybot.decisions"], "deliverybot.outcome", "duplicate")
            .Single().GetSumLong());
    }

    [Fact]
    public async Task The_log_lines_of_a_clicks_decision_carry_its_trace_id_and_the_delivery_id()
    {
        var logs = new LogLines();
        await RestartAsync(
            new Dictionary<string, string?>
            {
                ["Logging:LogLevel:DeliveryBot.Application.Deliveries"] = "Debug",
                ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
            },
            logs: logs);
        await ClickAsync("click-1");

        var turn = Assert.Single(_telemetry.Named("teams.turn"), s => Tag(s, "deliverybot.verb") == "gate.acknowledge");
        var decided = Assert.Single(logs.Written, l => l.EventId.Id == 3100 && l.Scope.ContainsKey("DeliveryId"));
        Assert.Equal("Decided: Applied", decided.Message);
        Assert.Equal("D1", decided.Scope["DeliveryId"]);
        Assert.Equal(turn.TraceId.ToHexString(), decided.Scope["TraceId"]);
        // ASP.NET Core's own lines of the same request carry the same trace id, so the two are found together
        Assert.Contains(logs.Written, l =>
            l.Category.StartsWith("Microsoft.AspNetCore.Hosting", StringComparison.Ordinal)
            && l.Scope.GetValueOrDefault("TraceId") == turn.TraceId.ToHexString());
    }

    [Fact]
    public async Task Each_database_read_and_write_has_its_span_when_the_operator_asks_for_them()
    {
        await RestartAsync(new Dictionary<string, string?>(), databaseSpans: true);
        await ClickAsync("click-1");
        // The same button again: decided on the record the bot kept, nothing to save, so the record's version is read
        // before the answer (the first click's save was its check).
        await ClickAsync("click-2");

        var turns = _telemetry.Named("teams.turn")
            .Where(s => Tag(s, "deliverybot.verb") == "gate.acknowledge").ToList();
        Assert.Equal(2, turns.Count);
        var save = Assert.Single(_telemetry.Named("delivery.save"));
        var saved = Assert.Single(turns, t => t.TraceId == save.TraceId);
        var answered = Assert.Single(turns, t => t.TraceId != save.TraceId);
        Assert.Contains(_telemetry.Named("db.write"), s => s.ParentSpanId == save.SpanId
            && Tag(s, "db.system.name") == "sqlite");
        Assert.Contains(_telemetry.Named("db.read"), s => s.TraceId == answered.TraceId
            && Tag(s, "db.system.name") == "sqlite");
        Assert.NotEqual(saved.SpanId, answered.SpanId);
    }

    [Fact]
    public async Task The_standard_sampler_settings_drop_a_clicks_trace_and_its_metrics_still_count_it()
    {
        // what an operator sets to keep a share of the traces; read by the OpenTelemetry SDK, here keeping none
        await RestartAsync(new Dictionary<string, string?>
        {
            ["OTEL_TRACES_SAMPLER"] = "parentbased_traceidratio",
            ["OTEL_TRACES_SAMPLER_ARG"] = "0",
        });
        await ClickAsync("click-1");
        await Dispatcher.WhenIdleAsync();

        Assert.Empty(_telemetry.Named("teams.turn"));
        Assert.Empty(_telemetry.Named("delivery.decide"));
        var metrics = _telemetry.Collect(_bot.Services);
        Assert.Equal(1, Support.Telemetry.Points(metrics["deliverybot.decisions"], "deliverybot.outcome", "applied")
            .Single().GetSumLong());
        var clicks = Support.Telemetry.Points(
            metrics["deliverybot.click.duration"], "deliverybot.verb", "gate.acknowledge");
        Assert.Equal(1, clicks.Single().GetHistogramCount());
    }

    [Fact]
    public async Task A_reminder_pass_is_traced_and_how_late_each_reminder_went_is_measured()
    {
        _clock.Set(Scenario.Start.AddDays(1).AddHours(3)); // 8 business hours on: both acknowledgements are due
        await PassAsync();

        var pass = Assert.Single(_telemetry.Named("reminders.pass"));
        var reminders = _telemetry.Named("outbox.send")
            .Where(s => Tag(s, "deliverybot.outbox.kind") == ReminderMessage.OutboxKind).ToList();
        Assert.True(reminders.Count == 2, Describe());
        Assert.All(reminders, s =>
        {
            Assert.Equal(pass.TraceId, Assert.Single(s.Links).Context.TraceId);
            Assert.Equal("sent", Tag(s, "deliverybot.outbox.result"));
            Assert.Equal("D1", Tag(s, "deliverybot.delivery.id"));
        });

        var metrics = _telemetry.Collect(_bot.Services);
        var lag = Support.Telemetry.Points(metrics["deliverybot.reminder.lag"]).Single();
        Assert.Equal(2, lag.GetHistogramCount());
        // due at 2026-03-03 10:00 (8 business hours after the request), sent at 13:00 on the moved clock
        Assert.True(lag.GetHistogramSum() > 0, $"lag sum {lag.GetHistogramSum()}");
        Assert.Equal(2, Support.Telemetry.Points(
            metrics["deliverybot.outbox.sends"], "deliverybot.outbox.result", "sent")
            .Where(p => HasTag(p, "deliverybot.outbox.kind", ReminderMessage.OutboxKind)).Sum(p => p.GetSumLong()));
    }

    [Fact]
    public async Task A_send_teams_throttles_then_refuses_is_counted_by_result_and_its_span_marked_failed()
    {
        _connector.Script((429, "0", null), (403, null, """{"error":{"code":"BotBlocked","message":"blocked"}}"""));
        _clock.Set(Scenario.Start.AddDays(1).AddHours(3));
        await PassAsync();

        var failed = _telemetry.Named("outbox.send")
            .SingleOrDefault(s => Tag(s, "deliverybot.outbox.result") == "given_up");
        Assert.True(failed is not null, Describe());
        Assert.Equal(ActivityStatusCode.Error, failed.Status);

        var metrics = _telemetry.Collect(_bot.Services);
        var sends = metrics["deliverybot.teams.sends"];
        Assert.Equal(1, Support.Telemetry.Points(sends, "deliverybot.send.result", "throttled").Single().GetSumLong());
        Assert.Equal(
            1, Support.Telemetry.Points(sends, "deliverybot.send.result", "unreachable").Single().GetSumLong());
        var outboxSends = metrics["deliverybot.outbox.sends"];
        Assert.True(Support.Telemetry.Points(outboxSends, "deliverybot.outbox.result", "given_up")
            .Sum(p => p.GetSumLong()) >= 1);
    }

    private string Describe() => string.Join("\n", _telemetry.Named("outbox.send").Select(s =>
        $"{Tag(s, "deliverybot.outbox.kind")} {Tag(s, "deliverybot.outbox.result")}"))
        + "\n" + string.Join("\n", _connector.Calls.Select(c => $"{c.Method} {c.Path}"));

    private static bool HasTag(OpenTelemetry.Metrics.MetricPoint point, string key, object value)
    {
        foreach (var tag in point.Tags)
            if (tag.Key == key && Equals(tag.Value, value)) return true;
        return false;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _bot.DisposeAsync();
        await _connector.DisposeAsync();
    }
}
