using DeliveryBot.Tests.Support;

namespace DeliveryBot.Tests.Scheduling;

/// <summary>
/// What the connector received for each seeded delivery's incident (<see cref="IncidentSeed"/>): the escalation card to
/// the CTO, the DM's notice of it, the commander's status-update reminder (with the incident's card).
/// </summary>
internal sealed class IncidentMessages(RecordingConnector connector)
{
    /// <summary>Waits for every message the deliveries owe; a timeout says what had and had not arrived.</summary>
    public async Task ArrivedAsync(IReadOnlyList<int> deliveries, TimeSpan within)
    {
        try
        {
            await connector.Until(() => deliveries.All(i => Counts(i) is ( >= 1, >= 1, >= 1)))
                .WaitAsync(within);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"After {within.TotalSeconds} s, escalation cards / DM notices / status reminders: "
                + string.Join(", ", deliveries.Select(i => $"D{i}: {Counts(i)}")));
        }
    }

    /// <summary>Each delivery got each message exactly once.</summary>
    public void AssertOnce(IEnumerable<int> deliveries)
    {
        foreach (var i in deliveries)
            Assert.True(Counts(i) == (1, 1, 1),
                $"D{i}: {Counts(i)} (escalation cards, DM notices, status reminders), each once expected");
    }

    private (int Escalations, int Told, int StatusReminders) Counts(int i)
        => (Posts(b => b.Contains("\"card\":\"escalation\"", StringComparison.Ordinal)
                && b.Contains($"\"deliveryId\":\"D{i}\"", StringComparison.Ordinal)),
            Posts(b => b.Contains($"D{i}-I1", StringComparison.Ordinal)
                && b.Contains("was not acknowledged within", StringComparison.Ordinal)
                && !b.Contains("\"card\":", StringComparison.Ordinal)),
            // the reminder brings the incident's card
            Posts(b => b.Contains($"D{i}-I1", StringComparison.Ordinal)
                && b.Contains("status update is due", StringComparison.Ordinal)
                && b.Contains("\"card\":\"incident\"", StringComparison.Ordinal)));

    private int Posts(Func<string, bool> matches) => connector.Posts.Count(p => matches(p.Body));
}
