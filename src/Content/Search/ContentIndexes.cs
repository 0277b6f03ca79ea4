namespace Zhtp.Storage.Content.Search;

/// <summary>Creates <see cref="IContentIndex"/> implementations.</summary>
internal static class ContentIndexes
{
    /// <summary>The index file's name inside the directory given to <see cref="OpenSqlite"/>.</summary>
    public const string FileName = "search.db";

    /// <summary>Opens (creating if needed) the index persisted in <paramref name="directory"/>/<see cref="FileName"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is null or empty.</exception>
    /// <exception cref="InvalidOperationException">The file holds an index of an unknown schema version.</exception>
    public static IContentIndex OpenSqlite(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        return new SqliteContentIndex(Path.Combine(directory, FileName));
    }

    /// <summary>An index held in memory (an SQLite ":memory:" database on one kept-open connection), lost on dispose.</summary>
    public static IContentIndex InMemory() => new SqliteContentIndex(":memory:");
}
