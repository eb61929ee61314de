using System.Data.Common;
using System.Globalization;
using DxTracker.App.Hosting;
using DxTracker.Tests.Support;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace DxTracker.Tests.Upgrade;

/// <summary>Every row of every table of the app database as text, by table (PostgreSQL: schema public — Hangfire's job
/// storage, which its library manages, apart; SQLite: dxtracker.db). EF's migration lock table is left out: it only
/// holds a row while a migration runs.</summary>
internal sealed class DatabaseSnapshot
{
    private DatabaseSnapshot(Dictionary<string, string[]> columns, Dictionary<string, List<string>> rows)
    {
        Columns = columns;
        Rows = rows;
    }

    private const string Separator = " | ";

    public IReadOnlyDictionary<string, string[]> Columns { get; }
    public IReadOnlyDictionary<string, List<string>> Rows { get; }

    /// <summary>All tables, all columns; with <paramref name="shape"/>, exactly its tables and columns (a table or column
    /// that is gone fails the test, naming it).</summary>
    public static async Task<DatabaseSnapshot> TakeAsync(TestDatabase database, DatabaseSnapshot? shape = null)
    {
        await using var connection = Open(database);
        var columns = new Dictionary<string, string[]>();
        var rows = new Dictionary<string, List<string>>();
        foreach (var table in shape?.Columns.Keys.ToList() ?? await TablesAsync(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = shape is null
                ? $"SELECT * FROM \"{table}\""
                : $"SELECT {string.Join(", ", shape.Columns[table].Select(c => $"\"{c}\""))} FROM \"{table}\"";
            try
            {
                await using var reader = await command.ExecuteReaderAsync();
                columns[table] = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
                var list = rows[table] = [];
                while (await reader.ReadAsync())
                    list.Add(string.Join(Separator, Enumerable.Range(0, reader.FieldCount).Select(i => Text(reader.GetValue(i)))));
            }
            catch (DbException e) when (shape is not null)
            {
                Assert.Fail($"Table {table} of v1 no longer reads with its v1 columns ({string.Join(", ", shape.Columns[table])}): {e.Message}");
            }
        }
        return new DatabaseSnapshot(columns, rows);
    }

    /// <summary>This snapshot with <paramref name="columns"/> of <paramref name="table"/> blanked in the rows
    /// <paramref name="where"/> picks (for a change the app makes on purpose at start).</summary>
    public DatabaseSnapshot Without(string table, Func<string, bool> where, params string[] columns)
    {
        var blanked = columns.Select(c => Array.IndexOf(Columns[table], c)).ToHashSet();
        var rows = Rows.ToDictionary(t => t.Key, t => t.Key != table ? t.Value : t.Value
            .Select(r => where(r) ? string.Join(Separator, r.Split(Separator).Select((v, i) => blanked.Contains(i) ? "" : v)) : r)
            .ToList());
        return new DatabaseSnapshot(Columns.ToDictionary(c => c.Key, c => c.Value), rows);
    }

    /// <summary>The rows of this snapshot that <paramref name="later"/> lacks (or holds fewer times), per table, at most
    /// five shown per table; empty when every row is still there, field by field.</summary>
    public List<string> MissingFrom(DatabaseSnapshot later)
    {
        var missing = new List<string>();
        foreach (var (table, rows) in Rows)
        {
            var left = later.Rows.GetValueOrDefault(table, []).GroupBy(r => r).ToDictionary(g => g.Key, g => g.Count());
            var gone = new List<string>();
            foreach (var row in rows)
            {
                if (left.TryGetValue(row, out var n) && n > 0)
                    left[row] = n - 1;
                else
                    gone.Add(row);
            }
            if (gone.Count > 0)
                missing.Add($"{table}: {gone.Count} of {rows.Count} rows missing or changed, e.g. [{string.Join("], [", gone.Take(5))}]");
        }
        return missing;
    }

    private static DbConnection Open(TestDatabase database)
    {
        DbConnection connection = database.DatabaseProvider == DatabaseProvider.Postgres
            ? new NpgsqlConnection(database.ConnectionString)
            : new SqliteConnection(database.ConnectionString);
        connection.Open();
        return connection;
    }

    private static async Task<List<string>> TablesAsync(DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = connection is SqliteConnection
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__EFMigrationsLock' ORDER BY name"
            : "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '__EFMigrationsLock' ORDER BY table_name";
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            tables.Add(reader.GetString(0));
        return tables;
    }

    private static string Text(object value) => value switch
    {
        DBNull => "NULL",
        byte[] bytes => Convert.ToBase64String(bytes),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
