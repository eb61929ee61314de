using System.IO.Compression;
using System.Text.Json.Nodes;
using DxTracker.App.Hosting;
using DxTracker.Tests.Support;
using Npgsql;

namespace DxTracker.Tests.Upgrade;

/// <summary>The v1 database of Upgrade/V1 for the run's provider: made once by v1's own build (commit a0f2c99) with
/// scripts/make-v1-fixtures.sh — v1's migration, the demo ward, a DX team user from `create-admin`, an `import` of 40
/// procedures of the national survey, v1's own board figures per fiscal year (board.json). SQLite: the files v1's
/// `backup` wrote; PostgreSQL: a plain-SQL pg_dump.</summary>
internal static class V1Fixture
{
    public const string AdminEmail = "admin@v1.example.jp";
    public const string AdminPassword = "v1-fixture-passphrase-2026";
    public const string AdminName = "v1 管理者";

    private static string Folder => Path.Combine(AppContext.BaseDirectory, "Upgrade", "V1",
        TestDatabase.Provider == DatabaseProvider.Postgres ? "postgres" : "sqlite");

    /// <summary>The board's figures for every fiscal year, as v1 computed them on this data (its /public/board.json).</summary>
    public static JsonNode Board => JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "board.json")))!;

    /// <summary>A new database of the run's provider holding the v1 data, as an office restores it.</summary>
    public static async Task<TestDatabase> RestoreAsync()
    {
        var database = TestDatabase.NewEmpty();
        try
        {
            if (database.DatabaseProvider == DatabaseProvider.Sqlite)
            {
                foreach (var name in new[] { BackupCommand.AppDatabase, BackupCommand.JobsDatabase })
                {
                    await using var gz = new GZipStream(File.OpenRead(Path.Combine(Folder, name + ".gz")), CompressionMode.Decompress);
                    await using var file = File.Create(Path.Combine(database.Directory, name));
                    await gz.CopyToAsync(file);
                }
                return database;
            }
            await TestDatabase.ExecuteOnServerAsync($"CREATE DATABASE \"{database.PostgresName}\"");
            string dump;
            using (var reader = new StreamReader(new GZipStream(File.OpenRead(Path.Combine(Folder, "dxtracker.sql.gz")), CompressionMode.Decompress)))
                dump = await reader.ReadToEndAsync();
            // The dump empties search_path for its session: a connection of its own, not returned to a pool.
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(dump, connection) { CommandTimeout = 300 };
            await command.ExecuteNonQueryAsync();
            return database;
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }
}
