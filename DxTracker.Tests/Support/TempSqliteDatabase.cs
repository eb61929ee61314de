using DxTracker.Domain.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Tests.Support;

/// <summary>A real SQLite database file in a temp folder, migrated with the SQLite migrations; deleted on dispose.</summary>
public sealed class TempSqliteDatabase : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "dxtracker-tests", Guid.NewGuid().ToString("N"));

    private TempSqliteDatabase() => Directory.CreateDirectory(_folder);

    public string FilePath => System.IO.Path.Combine(_folder, "app.db");

    public static async Task<TempSqliteDatabase> CreateAsync()
    {
        var database = new TempSqliteDatabase();
        await using var db = database.NewContext();
        await db.Database.MigrateAsync(TestContext.Current.CancellationToken);
        return database;
    }

    public DxDbContext NewContext() =>
        new(new DbContextOptionsBuilder<DxDbContext>()
            .UseSqlite($"Data Source={FilePath}", b => b.MigrationsAssembly("DxTracker.Migrations.Sqlite"))
            .Options);

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp file is harmless
        }
        return ValueTask.CompletedTask;
    }
}
