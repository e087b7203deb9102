using System.Data.Common;
using DeliveryBot.Storage.Sql;
using DeliveryBot.Storage.Sqlite;
using DeliveryBot.Storage.Tests.Contract;

namespace DeliveryBot.Storage.Tests.Sqlite;

/// <summary>
/// Each write of a group commit runs in a savepoint whose journal SQLite keeps in memory (temp_store = MEMORY, see
/// <see cref="SqliteDialect"/>); savepoints small and large, released or undone, must keep and undo exactly what they
/// should.
/// </summary>
public sealed class SavepointJournalTests : IDisposable
{
    private const int Rows = 4_000;
    private readonly SqliteFile _file = new();

    [Fact]
    public async Task Savepoints_small_and_large_keep_what_they_release_and_undo_the_rest()
    {
        var dialect = new SqliteDialect($"Data Source={_file.Path}", _file.Directory);
        await using var c = await new Database(dialect).OpenAsync(CancellationToken.None);
        await ExecAsync(c, null, "CREATE TABLE rows (id INTEGER PRIMARY KEY, version INTEGER NOT NULL, filler BLOB)");
        await ExecAsync(c, null, $"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Rows})
            INSERT INTO rows SELECT i, 0, randomblob(300) FROM n
            """);
        var expected = new int[Rows + 1];
        var random = new Random(20261205);
        var sizes = new List<int>();
        for (var t = 0; t < 12; t++)
        {
            await using var tx = await c.BeginTransactionAsync();
            for (var s = 0; s < 6; s++)
            {
                // 1 to 150 rows of about 11 a page: a journal of a few KB to several hundred
                var ids = Enumerable.Range(0, random.Next(1, 151)).Select(_ => random.Next(1, Rows + 1)).ToArray();
                var undone = random.Next(3) == 0;
                await ExecAsync(c, tx, "SAVEPOINT write");
                foreach (var id in ids)
                    await ExecAsync(c, tx,
                        $"UPDATE rows SET version = version + 1, filler = randomblob(300) WHERE id = {id}");
                if (undone) await ExecAsync(c, tx, "ROLLBACK TO write");
                else foreach (var id in ids) expected[id]++;
                await ExecAsync(c, tx, "RELEASE write");
                sizes.Add(ids.Length);
            }
            await tx.CommitAsync();
        }

        Assert.Contains(sizes, n => n < 10);
        Assert.Contains(sizes, n => n > 100);
        Assert.Contains(expected, v => v > 1); // rows changed by several savepoints, some of them undone
        await using var read = c.Sql("SELECT id, version FROM rows ORDER BY id");
        await using var r = await read.ExecuteReaderAsync();
        var stored = new int[Rows + 1];
        while (await r.ReadAsync()) stored[r.GetInt32(0)] = r.GetInt32(1);
        Assert.Equal(expected, stored);
    }

    private static async Task ExecAsync(DbConnection c, DbTransaction? tx, string sql)
    {
        await using var command = c.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public void Dispose() => _file.Delete();
}
