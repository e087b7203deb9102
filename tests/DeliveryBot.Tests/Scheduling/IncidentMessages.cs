using DeliveryBot.Tests.Support;

namespace DeliveryBot.Tests.Scheduling;

/// <summary>
/// What the connector received for each seeded delivery's incident (<see cref="IncidentSeed"/>): the escalation card to
/// the CTO, the DM's notice of it, the commander's status-update reminder (with the incident's card), and the error
/// budget's alerts (the SLA card) to the DM and the CTO: 30 minutes of outage is over half the month's 43.8, so the
/// 50 % alert is owed to each; the burn-rate alert too, except near a month's end, when 30 minutes is not yet burning
/// faster than the month.
/// </summary>
internal sealed class IncidentMessages(RecordingConnector connector)
{
    /// <summary>Waits for every message the deliveries owe; a timeout says what had and had not arrived.</summary>
    public async Task ArrivedAsync(IReadOnlyList<int> deliveries, TimeSpan within)
    {
        try
        {
            await connector.Until(() => deliveries.All(i => Counts(i) is ( >= 1, >= 1, >= 1, >= 2)))
                .WaitAsync(within);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"After {within.TotalSeconds} s, escalation cards / DM notices / status reminders / 50 % "
                + "budget alerts: " + string.Join(", ", deliveries.Select(i => $"D{i}: {Counts(i)}")));
        }
    }

    /// <summary>Each delivery got each message exactly once, each budget alert once per person.</summary>
    public void AssertOnce(IEnumerable<int> deliveries)
    {
        foreach (var i in deliveries)
        {
            Assert.True(Counts(i) == (1, 1, 1, 2),
                $"D{i}: {Counts(i)} (escalation cards, DM notices, status reminders, 50 % alerts), (1, 1, 1, 2) "
                    + "expected");
            // every alert (50 %, burn rate) once per person: what it says is in the message's summary
            var alerts = connector.Posts.Where(p => IsBudgetAlert(i, p.Body))
                .GroupBy(p => (p.Conversation, What: Summary(p.Body).Split(':')[2]))
                .ToList();
            Assert.All(alerts, a => Assert.Single(a));
        }
    }

    private (int Escalations, int Told, int StatusReminders, int HalfBudget) Counts(int i)
        => (Posts(b => b.Contains("\"card\":\"escalation\"", StringComparison.Ordinal)
                && b.Contains($"\"deliveryId\":\"D{i}\"", StringComparison.Ordinal)),
            Posts(b => b.Contains($"D{i}-I1", StringComparison.Ordinal)
                && b.Contains("was not acknowledged within", StringComparison.Ordinal)
                && !b.Contains("\"card\":", StringComparison.Ordinal)),
            // the reminder brings the incident's card
            Posts(b => b.Contains($"D{i}-I1", StringComparison.Ordinal)
                && b.Contains("status update is due", StringComparison.Ordinal)
                && b.Contains("\"card\":\"incident\"", StringComparison.Ordinal)),
            Posts(b => IsBudgetAlert(i, b) && b.Contains(": 50 % used", StringComparison.Ordinal)));

    private static string Summary(string body)
        => System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("summary").GetString()!;

    private static bool IsBudgetAlert(int i, string body)
        => body.Contains($"Error budget of D{i} for", StringComparison.Ordinal)
            && body.Contains("\"card\":\"sla\"", StringComparison.Ordinal);

    private int Posts(Func<string, bool> matches) => connector.Posts.Count(p => matches(p.Body));
}
