using System.Data.Common;

namespace DeliveryBot.Storage.Sql;

/// <summary>
/// A kept statement run on the database's own interface, where the provider would make objects for every run that the
/// statement does not need (<see cref="SqlDialect.NativeStatement"/>): for its effect, for one value, or for the rows
/// of a query. The kept command runs through the provider whenever this cannot (<see cref="TryExecute"/>).
/// </summary>
internal abstract class NativeStatement : IDisposable
{
    /// <summary>
    /// Runs the statement once with <paramref name="parameters"/> (every one of them, in any order) and gives the rows
    /// it changed, as the provider's <see cref="DbCommand.ExecuteNonQuery"/> would; false, with nothing run, when a
    /// value is of a type it does not bind or the parameters are not the statement's. A failure throws the provider's
    /// own exception, so callers read it as they read the provider's.
    /// </summary>
    public abstract bool TryExecute(DbParameterCollection parameters, out int changed);

    /// <summary>
    /// Runs the statement once and gives the first column of its first row as the provider's
    /// <see cref="DbCommand.ExecuteScalar"/> would (null without a row, <see cref="DBNull"/> for a null); false as
    /// <see cref="TryExecute"/>.
    /// </summary>
    public abstract bool TryScalar(DbParameterCollection parameters, out object? value);

    /// <summary>
    /// Runs a query once and gives its rows in a reader the statement keeps: read them and dispose the reader before
    /// the statement runs again (a run closes the reader left open before it). Null as <see cref="TryExecute"/>, and
    /// for a statement that writes (its rows come through the provider, which finishes the write as it reads).
    /// </summary>
    public abstract DbDataReader? TryRead(DbParameterCollection parameters);

    public abstract void Dispose();
}
