using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Incidents;
using DeliveryBot.Storage;
using DeliveryBot.TestKit;
using Microsoft.Extensions.DependencyInjection;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Tests.Scheduling;

/// <summary>
/// Closed deliveries (D1..Dn) whose service has a SEV-1 outage detected 30 minutes before the bot starts and not
/// acknowledged: the 15-minute response target is missed, so each owes one escalation to the CTO (the DM told with it)
/// and its commander a status update (every 30 minutes), and the outage's 30 minutes are over half the error budget
/// (the DM and the CTO alerted). SEV-1 runs on the wall clock: all of it is due at once,
/// whenever the test runs. A closed delivery plans nothing else. Everyone has a 1:1 chat with the bot.
/// </summary>
internal static class IncidentSeed
{
    public static Task WriteAsync(
        StorageProvider provider, string connectionString, IEnumerable<int> deliveries, DateTimeOffset now,
        Uri serviceUrl)
        => ReminderSeed.WithStorageAsync(provider, connectionString, async services =>
        {
            await services.GetRequiredService<IDeliveryStore>()
                .ImportAsync([.. deliveries.Select(i => Delivery(i, now))], now);
            await ReminderSeed.ChatsAsync(services, serviceUrl, now, [Dana, Pablo, Quinn, Diego, Clara, Ivy, Cora]);
        });

    /// <summary>The deliveries as stored now, by id.</summary>
    public static async Task<IReadOnlyList<Delivery>> ReadAsync(
        StorageProvider provider, string connectionString, IEnumerable<int> deliveries)
    {
        var found = new List<Delivery>();
        await ReminderSeed.WithStorageAsync(provider, connectionString, async services =>
        {
            var store = services.GetRequiredService<IDeliveryStore>();
            foreach (var i in deliveries) found.Add((await store.FindAsync($"D{i}"))!);
        });
        return found;
    }

    private static Delivery Delivery(int i, DateTimeOffset now)
    {
        var s = Scenario.Opened().Reviewed();
        s.Ok(Dana, new CloseDelivery());
        s.Later(now.AddMinutes(-30) - s.Clock.GetUtcNow());
        s.Ok(Pablo, new DeclareIncident(
            $"Service {i} down", Severity.Sev1, "Invoice intake", s.Clock.GetUtcNow(), IsOutage: true));
        return Domain.Deliveries.Delivery.Restore(s.Delivery.State with { Id = $"D{i}" });
    }
}
