using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Zhtp.Storage.Economic.Tests.Fixtures;

/// <summary>The SQLite the stores run on, reached only through Microsoft.Data.Sqlite (no explicit SQLitePCL init).</summary>
public sealed class SqliteVersionTests
{
    [Fact]
    public void SqliteVersion_ThroughMicrosoftDataSqlite_Is353OrLater()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT sqlite_version();";
        string text = (string)command.ExecuteScalar()!;
        Version version = Version.Parse(text);
        Assert.True(version >= new Version(3, 53, 0), string.Create(CultureInfo.InvariantCulture, $"SQLite {text}; the stores expect 3.53 or later (SQLitePCLRaw.bundle_e_sqlite3 3.0.5)."));
    }
}
