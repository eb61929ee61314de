using DxTracker.Domain.Audit;
using Microsoft.Data.Sqlite;

namespace DxTracker.App.Hosting;

/// <summary>`backup &lt;folder&gt;` and `restore &lt;folder&gt; [--force]`: copies of the app database (dxtracker.db) and,
/// when present, the job storage (hangfire.db) through SQLite's online backup API — a consistent snapshot even while
/// the app is writing. Both are audited (a restore in the restored database).</summary>
internal static class BackupCommand
{
    public const string AppDatabase = "dxtracker.db";
    public const string JobsDatabase = "hangfire.db";

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var folder = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? args[1] : null;
        var force = args.Contains("--force");
        if (folder is null)
        {
            Console.Error.WriteLine("usage: backup <folder>   |   restore <folder> [--force]");
            return 2;
        }
        if (DataSetup.Provider(app.Configuration) != DatabaseProvider.Sqlite)
        {
            Console.Error.WriteLine("backup and restore copy the SQLite files; on PostgreSQL use pg_dump and pg_restore.");
            return 2;
        }
        var dataDirectory = DataSetup.DataDirectory(app.Configuration, app.Environment);
        try
        {
            if (args[0] == "backup")
            {
                var copied = Backup(dataDirectory, folder);
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    await scope.ServiceProvider.GetRequiredService<AuditLog>().WriteAsync(AuditActions.Backup, null, Environment.UserName,
                        Path.GetFullPath(folder), string.Join(", ", copied), succeeded: true);
                }
                Console.WriteLine($"Backed up {string.Join(", ", copied)} to {Path.GetFullPath(folder)}.");
                return 0;
            }
            using var held = DataFolderLock.TryAcquire(dataDirectory);
            if (held is null && !force)
            {
                Console.Error.WriteLine($"The app is running on {dataDirectory}: stop it first, or add --force to overwrite its databases while it runs.");
                return 1;
            }
            var restored = Restore(folder, dataDirectory);
            // Recorded in the restored database (the one the app will run on): who, from where, what, and a forced restore.
            await using (var scope = app.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<AuditLog>().WriteAsync(AuditActions.Restore, null, Environment.UserName,
                    Path.GetFullPath(folder), string.Join(", ", restored) + (held is null ? " (--force, while the app was running)" : ""), succeeded: true);
            }
            foreach (var name in restored)
                Console.WriteLine($"Restored {name} into {dataDirectory}.");
            return 0;
        }
        catch (Exception e) when (e is IOException or SqliteException or InvalidDataException)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
    }

    /// <summary>Copies each database of <paramref name="dataDirectory"/> into <paramref name="folder"/> (a temporary file
    /// renamed when complete, so a backup interrupted half-way never looks like a backup). Returns the files copied.</summary>
    public static List<string> Backup(string dataDirectory, string folder)
    {
        Directory.CreateDirectory(folder);
        var copied = new List<string>();
        foreach (var name in new[] { AppDatabase, JobsDatabase }.Where(n => File.Exists(Path.Combine(dataDirectory, n))))
        {
            var target = Path.Combine(folder, name);
            var partial = target + ".partial";
            File.Delete(partial);
            Copy(Path.Combine(dataDirectory, name), partial);
            CheckIntegrity(partial);
            File.Move(partial, target, overwrite: true);
            copied.Add(name);
        }
        if (!copied.Contains(AppDatabase))
            throw new InvalidDataException($"No {AppDatabase} in {dataDirectory}.");
        return copied;
    }

    /// <summary>Checks the backup's files, then copies each into <paramref name="dataDirectory"/> through the backup API
    /// (one write transaction per database: an interrupted restore leaves the previous database whole).</summary>
    public static List<string> Restore(string folder, string dataDirectory)
    {
        var names = new[] { AppDatabase, JobsDatabase }.Where(n => File.Exists(Path.Combine(folder, n))).ToList();
        if (!names.Contains(AppDatabase))
            throw new InvalidDataException($"No {AppDatabase} in {Path.GetFullPath(folder)}.");
        foreach (var name in names)
            CheckIntegrity(Path.Combine(folder, name));
        Directory.CreateDirectory(dataDirectory);
        foreach (var name in names)
            Copy(Path.Combine(folder, name), Path.Combine(dataDirectory, name));
        return names;
    }

    private static void Copy(string source, string target)
    {
        using var from = Open(source);
        using var to = Open(target);
        from.BackupDatabase(to);
        using var checkpoint = to.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        checkpoint.ExecuteNonQuery();
    }

    private static void CheckIntegrity(string file)
    {
        using var connection = Open(file);
        using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA quick_check;";
        if (check.ExecuteScalar() as string != "ok")
            throw new InvalidDataException($"{file} is damaged (PRAGMA quick_check).");
    }

    private static SqliteConnection Open(string file)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false, DefaultTimeout = 30 }.ToString());
        connection.Open();
        return connection;
    }
}
