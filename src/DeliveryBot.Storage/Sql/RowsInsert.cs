using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;

namespace DeliveryBot.Storage.Sql;

/// <summary>
/// Rows written by one multi-row INSERT: one statement per table per save, not one per row. The statement's text and
/// its parameters' names are made once per shape (table, columns, number of rows, what follows) and reused: a click
/// writes a few of these, and naming every value and joining the text again cost a few KB a click.
/// </summary>
internal static class RowsInsert
{
    /// <summary>A JSON value for a json/jsonb column, bound as the dialect binds JSON.</summary>
    public sealed record Json(string Text);

    /// <summary>Shapes kept at most; past it a statement is made for itself (in practice shapes are few).</summary>
    private const int MostShapes = 512;

    private static readonly ConcurrentDictionary<(string, string, int, string), string> Texts = new();
    private static readonly ConcurrentDictionary<(int Row, int Column), string> Names = new();

    /// <param name="dialect">How JSON values are bound; rows without <see cref="Json"/> values need none.</param>
    /// <param name="then">What follows the values (an ON CONFLICT clause), or "".</param>
    public static async Task WriteAsync(
        DbConnection c,
        DbTransaction tx,
        SqlDialect? dialect,
        string table,
        string columns,
        IReadOnlyList<object?[]> rows,
        string then,
        CancellationToken ct)
    {
        if (rows.Count == 0) return;
        var width = rows[0].Length;
        await using var insert = c.Sql(Text(table, columns, rows.Count, width, then), tx);
        for (var r = 0; r < rows.Count; r++)
            for (var i = 0; i < width; i++)
            {
                var name = Name(r, i);
                if (rows[r][i] is Json json)
                    (dialect ?? throw new ArgumentNullException(nameof(dialect))).AddJson(insert, name, json.Text);
                else insert.With(name, rows[r][i]);
            }
        await insert.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The parameter for a row's column (<c>@p{row}_{column}</c>), made once.</summary>
    internal static string Name(int row, int column)
        => Names.TryGetValue((row, column), out var name) ? name
            : Names.GetOrAdd((row, column), string.Create(CultureInfo.InvariantCulture, $"@p{row}_{column}"));

    private static string Text(string table, string columns, int rows, int width, string then)
    {
        var shape = (table, columns, rows, then);
        if (Texts.TryGetValue(shape, out var text)) return text;
        var values = Enumerable.Range(0, rows)
            .Select(r => $"({string.Join(", ", Enumerable.Range(0, width).Select(i => Name(r, i)))})");
        text = $"INSERT INTO {table} ({columns}) VALUES {string.Join(", ", values)} {then}".TrimEnd();
        if (Texts.Count < MostShapes) Texts.TryAdd(shape, text);
        return text;
    }
}
