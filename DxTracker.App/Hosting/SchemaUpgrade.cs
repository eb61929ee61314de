using System.Data.Common;
using DxTracker.Domain.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace DxTracker.App.Hosting;

/// <summary>Applies the pending migrations at start. On SQLite a database that already holds tables is first backed up
/// (the `backup` command's copy) into "backups/" of the data folder, and the log says where; when a migration fails the
/// backup is copied back, so the database is exactly as it was, and the start stops with <see cref="SchemaUpgradeException"/>
/// naming the backup. On PostgreSQL each migration runs in a transaction (DDL included), so a failed one leaves the
/// database as it was; take a pg_dump before upgrading.</summary>
internal static class SchemaUpgrade
{
    public const string BackupFolder = "backups";

    public static async Task MigrateAsync(DxDbContext db, ILogger logger)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
        if (pending.Count == 0)
            return;
        var backup = await BackupAsync(db, pending, logger);
        if (backup is not null)
            logger.LogWarning("Backed up the database to {Backup} before applying {Count} migration(s): {Migrations}",
                backup.Folder, pending.Count, string.Join(", ", pending));
        try
        {
            await db.Database.MigrateAsync();
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            if (backup is not null)
            {
                await db.Database.CloseConnectionAsync();
                SqliteConnection.ClearAllPools();
                BackupCommand.Restore(backup.Folder, backup.DataDirectory);
            }
            throw new SchemaUpgradeException(pending, backup?.Folder, e);
        }
    }

    private sealed record Backup(string DataDirectory, string Folder);

    /// <summary>The backup of a SQLite database that has tables (a new, empty one has nothing to lose). Like the `backup`
    /// command, it copies dxtracker.db (and hangfire.db beside it); a database file named otherwise is not backed up.</summary>
    private static async Task<Backup?> BackupAsync(DxDbContext db, List<string> pending, ILogger logger)
    {
        if (!db.Database.IsSqlite())
            return null;
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync() || !await creator.HasTablesAsync())
            return null;
        var file = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
        if (Path.GetFileName(file) != BackupCommand.AppDatabase)
        {
            logger.LogWarning("No backup before the upgrade: the database file {File} is not named {Name}", file, BackupCommand.AppDatabase);
            return null;
        }
        var dataDirectory = Path.GetDirectoryName(Path.GetFullPath(file))!;
        var folder = Path.Combine(dataDirectory, BackupFolder, $"before-{pending[^1]}-{DateTime.UtcNow:yyyyMMdd'T'HHmmss'Z'}");
        BackupCommand.Backup(dataDirectory, folder);
        return new Backup(dataDirectory, folder);
    }
}

/// <summary>A migration failed: the database was left as it was (on SQLite restored from <see cref="Backup"/>).</summary>
public sealed class SchemaUpgradeException(IReadOnlyList<string> pending, string? backup, Exception inner)
    : Exception(
        $"The database upgrade failed while applying {string.Join(", ", pending)}: {inner.Message} " +
        (backup is null
            ? "Each migration runs in a transaction: the database is as it was before. "
            : $"The database is as it was before: it was restored from the backup taken just before, {backup}. ") +
        "DxTracker does not start on a database it could not upgrade: run the previous version again, or report this error.", inner)
{
    public string? Backup { get; } = backup;
}
