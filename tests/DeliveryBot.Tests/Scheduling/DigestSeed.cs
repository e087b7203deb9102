using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Calendar;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Digest;
using DeliveryBot.Domain.People;
using DeliveryBot.Storage;
using DeliveryBot.Tests.Support;
using DeliveryBot.TestKit;
using Microsoft.Extensions.DependencyInjection;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Tests.Scheduling;

/// <summary>
/// Open deliveries (D1..Dn) of one organisation, each with its own CTO, all run by Dana, who asked for the digest: each
/// CTO owes one weekly digest and Dana one. Every reader's time zone is one where this week's Monday 09:00 has passed
/// whenever the test runs (UTC from Monday 09:00 to Sunday night; on a Monday morning in UTC, Kiritimati, 14 hours
/// ahead, where it is Monday afternoon). Reminders are paused, so the digest is all the bot has to send.
/// </summary>
internal static class DigestSeed
{
    public static Person Cto(int delivery, string zone)
        => new($"oid-cto-{delivery}", $"cto{delivery}@contoso.test", $"CTO {delivery}", zone);

    private static readonly string[] Zones = ["Etc/UTC", "Pacific/Kiritimati"];

    /// <summary>A zone where this week's digest is due at <paramref name="now"/>.</summary>
    public static string DueZone(DateTimeOffset now)
        => Zones.First(z => DigestSchedule.IsDue(
            new BusinessCalendar(new WorkingPattern { TimeZoneId = z }), now));

    public static Task WriteAsync(
        StorageProvider provider, string connectionString, IReadOnlyList<int> deliveries, DateTimeOffset now,
        Uri serviceUrl)
        => ReminderSeed.WithStorageAsync(provider, connectionString, async services =>
        {
            var zone = DueZone(now);
            await services.GetRequiredService<IDeliveryStore>()
                .ImportAsync([.. deliveries.Select(i => Delivery(i, zone))], now);
            var settings = services.GetRequiredService<ITenantSettingsStore>();
            var current = await settings.GetAsync(ReminderSeed.Tenant);
            if (!current.DigestReaders.Any(p => p.IsSameAs(Dana)))
                await settings.SaveAsync(current with
                {
                    Version = current.Version + 1,
                    DigestReaders = current.DigestReaders.Add(Dana with { TimeZoneId = zone }),
                }, expectedVersion: current.Version, now);
            await ReminderSeed.ChatsAsync(services, serviceUrl, now, [.. deliveries.Select(i => Cto(i, zone)), Dana]);
        });

    private static Delivery Delivery(int i, string zone)
    {
        var s = Scenario.Opened();
        s.Ok(Dana, new PauseReminders());
        var state = s.Delivery.State;
        return Domain.Deliveries.Delivery.Restore(state with
        {
            Id = $"D{i}",
            TenantId = ReminderSeed.Tenant,
            Stakeholders =
                [.. state.Stakeholders.Select(h => h.Role == Role.Cto ? h with { Person = Cto(i, zone) } : h)],
        });
    }
}

/// <summary>The weekly digests the connector received, per reader (each seeded delivery's CTO, and Dana).</summary>
internal sealed class DigestMessages(RecordingConnector connector)
{
    /// <summary>Waits for every reader's digest; a timeout says which had and had not arrived.</summary>
    public async Task ArrivedAsync(IReadOnlyList<int> deliveries, TimeSpan within)
    {
        try
        {
            await connector.Until(() => deliveries.All(i => Count(Oid(i)) >= 1) && Count(Dana.ObjectId!) >= 1)
                .WaitAsync(within);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"After {within.TotalSeconds} s, digests: Dana {Count(Dana.ObjectId!)}, "
                + string.Join(", ", deliveries.Select(i => $"CTO of D{i}: {Count(Oid(i))}")));
        }
    }

    /// <summary>Each reader got exactly one digest.</summary>
    public void AssertOnce(IEnumerable<int> deliveries)
    {
        Assert.Equal(1, Count(Dana.ObjectId!));
        foreach (var i in deliveries) Assert.True(Count(Oid(i)) == 1, $"CTO of D{i}: {Count(Oid(i))}, once expected");
    }

    private static string Oid(int delivery) => $"oid-cto-{delivery}";

    private int Count(string oid)
        => connector.Posts.Count(p => p.Conversation == $"a:chat-{oid}"
            && p.Body.Contains("Weekly digest, week of", StringComparison.Ordinal));
}
