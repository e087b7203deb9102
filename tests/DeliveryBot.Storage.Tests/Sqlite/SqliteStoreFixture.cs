using DeliveryBot.Storage.Sql;
using DeliveryBot.Storage.Tests.Contract;

namespace DeliveryBot.Storage.Tests.Sqlite;

/// <summary>A store on a SQLite file of its own, which the test may also open directly; deleted afterwards.</summary>
public abstract class SqliteStoreFixture : StoreFixture
{
    internal SqliteFile File { get; } = new();

    internal override Task<SqlDialect> CreateDialectAsync(bool fresh) => File.DialectAsync(fresh);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        File.Delete();
    }
}
