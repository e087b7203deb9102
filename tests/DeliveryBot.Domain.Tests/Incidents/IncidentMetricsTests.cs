using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Incidents;
using DeliveryBot.Domain.Metrics;
using DeliveryBot.Domain.Service;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Incidents;

/// <summary>
/// The seed's incident summary (counts by severity, MTTR, MTTD) and the mean time to acknowledge, for a period; and the
/// form's local times, read in the delivery's time zone.
/// </summary>
public sealed class IncidentMetricsTests
{
    private static readonly DateOnly March = new(2026, 3, 1);

    private static IncidentMetrics Of(Delivery delivery, DateOnly month)
        => IncidentMetrics.From(MetricTotals.Of(MetricFacts.Of(delivery), month));

    [Fact]
    public void Counts_by_severity_and_means_of_recovery_detection_and_acknowledgement_over_the_period()
    {
        var s = Scenario.Opened().ToHandover();
        // I1: started 10 min before detection, acknowledged after 4, restored after 40 (London is on UTC in March)
        var began = s.Clock.GetUtcNow().UtcDateTime.AddMinutes(-10);
        s.Ok(Diego, new DeclareIncident("Queue stuck", Severity.Sev2, "Intake", s.Clock.GetUtcNow())
        {
            StartedLocally = (DateOnly.FromDateTime(began), TimeOnly.FromDateTime(began)),
        });
        s.Later(TimeSpan.FromMinutes(4)).Ok(Diego, new AcknowledgeIncident("I1"));
        s.Later(TimeSpan.FromMinutes(36)).Ok(Diego, new ResolveIncident("I1", "Restarted", "Leak"));
        // I2: detected at once, acknowledged after 10, still open
        s.Ok(Diego, new DeclareIncident("Typo", Severity.Sev4, "UI", s.Clock.GetUtcNow()));
        s.Later(TimeSpan.FromMinutes(10)).Ok(Diego, new AcknowledgeIncident("I2"));

        var metrics = Of(s.Delivery, March);

        Assert.Equal(2, metrics.Total);
        Assert.Equal([0, 1, 0, 1], metrics.BySeverity.OrderBy(p => p.Key).Select(p => p.Value));
        Assert.Equal(TimeSpan.FromMinutes(40), metrics.MeanTimeToRecover);
        Assert.Equal(TimeSpan.FromMinutes(5), metrics.MeanTimeToDetect);
        Assert.Equal(TimeSpan.FromMinutes(7), metrics.MeanTimeToAcknowledge);
    }

    [Fact]
    public void A_period_without_incidents_has_no_means_rather_than_zero()
    {
        var s = Scenario.Opened().ToHandover();
        s.Ok(Diego, new DeclareIncident("Queue stuck", Severity.Sev2, "Intake", s.Clock.GetUtcNow()));

        var metrics = Of(s.Delivery, March.AddMonths(1));

        Assert.Equal((0, null, null, null), (metrics.Total, metrics.MeanTimeToRecover, metrics.MeanTimeToDetect,
            metrics.MeanTimeToAcknowledge));
    }

    [Fact]
    public void A_start_after_the_detection_is_refused_and_changes_nothing()
    {
        var s = Scenario.Opened().ToHandover();
        var before = s.Delivery.State;

        var outcome = s.Do(Diego, new DeclareIncident("Queue stuck", Severity.Sev2, "Intake")
        {
            StartedLocally = (new DateOnly(2026, 3, 2), new TimeOnly(9, 30)),
            DetectedLocally = (new DateOnly(2026, 3, 2), new TimeOnly(9, 0)),
        });

        Assert.Equal(OutcomeKind.Refused, outcome.Kind);
        Assert.Contains("cannot begin after it was detected", outcome.Message);
        Assert.Same(before, s.Delivery.State);
    }

    [Fact]
    public void Local_times_on_the_form_are_read_in_the_delivery_time_zone_across_a_clock_change()
    {
        // London moves to BST on 29 March 2026: 10:00 local is 09:00 UTC from then
        var s = Scenario.Opened().ToHandover().Later(TimeSpan.FromDays(30));

        s.Ok(Diego, new DeclareIncident("Queue stuck", Severity.Sev2, "Intake")
        {
            DetectedLocally = (new DateOnly(2026, 4, 1), new TimeOnly(10, 0)),
        });

        var incident = Assert.Single(s.Delivery.State.Incidents);
        Assert.Equal(new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero), incident.DetectedAt);
        Assert.Equal(incident.DetectedAt, incident.ImpactStart);
    }
}
