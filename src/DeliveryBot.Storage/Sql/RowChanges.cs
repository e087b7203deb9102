namespace DeliveryBot.Storage.Sql;

/// <summary>
/// How one record's rows in an index table (who owes what, who holds which role) go from those stored to those wanted:
/// the rows to delete and the rows to add, the rest left where they are. Deleting every row of the record and writing
/// them again touched each row's page in every index of the table: a gate acknowledged, which takes one person's
/// action away, rewrote the others' too (about 4.5 of a click's 33 WAL pages; docs/performance.md).
/// </summary>
/// <remarks>
/// A record has a handful of rows in each table: they are compared by walking the lists, which allocates nothing but
/// the answer.
/// </remarks>
internal static class RowChanges
{
    /// <summary>Rows deleted one statement each at most; past it the record's rows are deleted at once.</summary>
    public const int MostGone = 8;

    /// <summary>
    /// The rows to delete and add, or false when the record's rows are better deleted and written again: a list holds
    /// a row twice (a row deleted by its values would take its twin with it), or more than <see cref="MostGone"/> are
    /// gone.
    /// </summary>
    public static bool TryOf<T>(
        IReadOnlyList<T> stored, IReadOnlyList<T> wanted, out IReadOnlyList<T> gone, out IReadOnlyList<T> added)
    {
        (gone, added) = ([], []);
        if (stored.Count + wanted.Count > MostCompared || !AllDistinct(stored) || !AllDistinct(wanted)) return false;
        if (Missing(stored, from: wanted) is { } deleted)
        {
            if (deleted.Count > MostGone) return false;
            gone = deleted;
        }
        if (Missing(wanted, from: stored) is { } inserted) added = inserted;
        return true;
    }

    /// <summary>Rows compared at most (the walk is quadratic); past it the record's rows are written again.</summary>
    private const int MostCompared = 64;

    /// <summary>The rows of <paramref name="rows"/> that <paramref name="from"/> lacks, in order, or null.</summary>
    private static List<T>? Missing<T>(IReadOnlyList<T> rows, IReadOnlyList<T> from)
    {
        List<T>? missing = null;
        for (var i = 0; i < rows.Count; i++)
            if (IndexOf(from, rows[i], before: from.Count) < 0) (missing ??= []).Add(rows[i]);
        return missing;
    }

    private static bool AllDistinct<T>(IReadOnlyList<T> rows)
    {
        for (var i = 1; i < rows.Count; i++)
            if (IndexOf(rows, rows[i], before: i) >= 0) return false;
        return true;
    }

    private static int IndexOf<T>(IReadOnlyList<T> rows, T row, int before)
    {
        for (var i = 0; i < before; i++)
            if (EqualityComparer<T>.Default.Equals(rows[i], row)) return i;
        return -1;
    }
}
