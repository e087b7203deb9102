using System.Data.Common;

namespace DeliveryBot.Storage.Sql;

/// <summary>
/// A transaction begun and ended by statements the provider does not see (<see cref="SqlDialect.BeginWriteAsync"/>).
/// Commands run in it carry no provider transaction: to the provider the connection has none, and the statements run
/// inside the one the database has open all the same.
/// </summary>
internal abstract class StatementTransaction : DbTransaction
{
    /// <summary>
    /// The transaction to give the provider's command for <paramref name="transaction"/> (<c>CommandExtensions.Sql</c>
    /// and a kept command's <c>Transaction</c> setter, the two ways a command is given one).
    /// </summary>
    public static DbTransaction? ForProvider(DbTransaction? transaction)
        => transaction is StatementTransaction ? null : transaction;
}
