using DeliveryBot.Storage.Sql;

namespace DeliveryBot.Storage.Tests.Contract;

/// <summary>One pass of a job at a time, whatever the database. Run on SQLite and on a real PostgreSQL.</summary>
public abstract class JobLockContract : StoreFixture
{
    private SqlJobLock Locks => new(Database);

    [Fact]
    public async Task A_held_job_is_refused_to_a_second_pass_and_free_again_once_released()
    {
        var first = await Locks.TryTakeAsync("due-reminders");
        Assert.NotNull(first);

        Assert.Null(await Locks.TryTakeAsync("due-reminders"));
        await using (var other = await Locks.TryTakeAsync("outbox"))
            Assert.NotNull(other); // another job's pass is not held up

        await first.DisposeAsync();
        await first.DisposeAsync(); // twice is harmless
        await using var again = await Locks.TryTakeAsync("due-reminders");
        Assert.NotNull(again);
    }

    [Fact]
    public async Task Concurrent_takers_get_the_lock_exactly_once()
    {
        var taken = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Locks.TryTakeAsync("outbox")));

        Assert.Single(taken, t => t is not null);
        foreach (var held in taken) if (held is not null) await held.DisposeAsync();
    }

    [Fact]
    public void A_job_s_key_is_stable_across_processes_and_releases()
    {
        // FNV-1a of the UTF-8 name: changing it would let an old and a new release run one job at once.
        Assert.Equal(unchecked((long)0xCBF29CE484222325UL), SqlJobLock.KeyOf(""));
        Assert.Equal(SqlJobLock.KeyOf("due-reminders"), SqlJobLock.KeyOf("due-reminders"));
        Assert.NotEqual(SqlJobLock.KeyOf("due-reminders"), SqlJobLock.KeyOf("outbox"));
    }
}
