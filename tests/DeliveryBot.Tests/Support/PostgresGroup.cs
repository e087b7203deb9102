using DeliveryBot.TestKit;

namespace DeliveryBot.Tests.Support;

[CollectionDefinition(Name)]
public sealed class PostgresGroup : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL server";
}
