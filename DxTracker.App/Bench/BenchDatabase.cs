using System.Data.Common;
using DxTracker.App.Hosting;
using DxTracker.Domain.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DxTracker.App.Bench;

/// <summary>A throw-away database for one benchmark scale, migrated like the app's own: a SQLite file (WAL) in a temp
/// folder, or a new database on the given PostgreSQL server. The app's paths read it through EF (<see cref="CreateDbContextAsync"/>),
/// the baselines through plain ADO.NET (<see cref="OpenAsync"/>). Deleted on dispose.</summary>
internal sealed class BenchDatabase : IDbContextFactory<DxDbContext>, IAsyncDisposable
{
    private readonly DbContextOptions<DxDbContext> _options;
    private readonly string? _folder;
    private readonly string? _postgresServer;
    private readonly string? _postgresName;

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }

    /// <summary>For PostgreSQL, the server the database was made on (null for SQLite).</summary>
    public string? PostgresServer => _postgresServer;

    private BenchDatabase(DatabaseProvider provider, string connectionString, string? folder, string? postgresServer, string? postgresName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _folder = folder;
        _postgresServer = postgresServer;
        _postgresName = postgresName;
        var options = new DbContextOptionsBuilder<DxDbContext>();
        DataSetup.UseDatabase(options, provider, connectionString);
        _options = options.Options;
    }

    /// <param name="postgresServer">For PostgreSQL: a connection string to the server (its Database is ignored); the user needs CREATEDB.</param>
    public static async Task<BenchDatabase> CreateAsync(DatabaseProvider provider, string? postgresServer)
    {
        BenchDatabase database;
        if (provider == DatabaseProvider.Postgres)
        {
            var server = postgresServer ?? throw new ArgumentException("--connection is required for PostgreSQL.", nameof(postgresServer));
            var name = "dxbench_" + Guid.NewGuid().ToString("N");
            await PostgresMaintenance.ExecuteAsync(server, $"CREATE DATABASE \"{name}\"");
            database = new BenchDatabase(provider, new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString, null, server, name);
        }
        else
        {
            var folder = Path.Combine(Path.GetTempPath(), "dxtracker-bench", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            database = new BenchDatabase(provider, $"Data Source={Path.Combine(folder, "dxtracker.db")}", folder, null, null);
        }
        await using (var db = database.CreateDbContext())
        {
            await db.Database.MigrateAsync();
            if (provider == DatabaseProvider.Sqlite)
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
        await SettingsSetup.EnsureDefaultsAsync(database);
        return database;
    }

    public DxDbContext CreateDbContext() => new(_options);

    public Task<DxDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) => Task.FromResult(CreateDbContext());

    /// <summary>A plain open connection (Microsoft.Data.Sqlite or Npgsql) for the hand-written baselines.</summary>
    public async Task<DbConnection> OpenAsync()
    {
        DbConnection connection = Provider == DatabaseProvider.Postgres ? new NpgsqlConnection(ConnectionString) : new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>PostgreSQL: refreshes the planner's statistics after the bulk load, as autovacuum soon would. (SQLite is left
    /// as the app leaves it: without ANALYZE statistics.)</summary>
    public async Task AnalyzeAsync()
    {
        if (Provider != DatabaseProvider.Postgres)
            return;
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "ANALYZE";
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgresName is not null)
        {
            await PostgresMaintenance.DropDatabaseAsync(_postgresServer!, _postgresName);
        }
        if (_folder is not null)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open: the OS cleans its temp folder.
            }
        }
    }
}
