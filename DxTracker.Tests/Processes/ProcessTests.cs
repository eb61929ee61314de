using System.Net;
using DxTracker.App.Hosting;
using DxTracker.Domain.Data;
using DxTracker.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Tests.Processes;

/// <summary>The process tests one after another (each starts the app or a command as a child process), beside the other
/// collections: they wait for what they look for (a log growing, a health answer, an exit), not for a time, so a busy
/// machine slows them without changing them. (Run alone at the end, they added about two minutes to every CI run.)</summary>
[CollectionDefinition(Name)]
public sealed class ProcessCollection
{
    public const string Name = "processes";
}

/// <summary>The app as a real OS process: its sign-in rate limit, its backup and restore commands while it runs,
/// and SIGKILL in the middle of a write. The child app always runs on SQLite (its data folder; backup, restore and the
/// crash tests are about SQLite files), so the class carries the trait Database=Sqlite and runs in the SQLite pass only.</summary>
[Collection(ProcessCollection.Name)]
[Trait("Database", "Sqlite")]
public sealed partial class ProcessTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "dxtracker-tests", "proc-" + Guid.NewGuid().ToString("N"));

    private string Folder(string name) => Path.Combine(_root, name);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS's temp cleaning.
        }
    }

    [Fact]
    public async Task Sign_in_posts_beyond_the_per_IP_limit_answer_429()
    {
        await using var app = await AppProcess.StartAsync(Folder("data"), "--Security:SignInPermitsPerMinute=3");
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            var form = await http.GetStringAsync("/account/login");
            var fields = AppProcess.HiddenFields(form);
            Assert.Contains("__RequestVerificationToken", fields.Keys);
            fields["Input.Email"] = "nobody@example.jp";
            fields["Input.Password"] = "not-the-password-" + i;
            using var response = await http.PostAsync("/account/login", new FormUrlEncodedContent(fields));
            statuses.Add(response.StatusCode);
            var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            Assert.Contains(i < 3 ? "メールアドレスまたはパスワードが正しくありません" : "ログインの試行が多すぎます", body);
            if (i == 3)
                Assert.Equal("60", response.Headers.RetryAfter?.ToString());
        }
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        // Only the sign-in post is limited: the page itself still loads.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/account/login")).StatusCode);
    }

    [Fact]
    public async Task A_backup_taken_during_writes_restores_whole_and_the_app_starts_on_it_with_identical_data()
    {
        var live = Folder("live");
        var backup = Folder("backup");
        var restored = Folder("restored");
        await using (var app = await AppProcess.StartAsync(live))
        {
            // Writes in transactions of 100 rows go on while the backup runs.
            using var stop = new CancellationTokenSource();
            var committed = 0;
            var writer = Task.Run(() =>
            {
                using var connection = Open(Path.Combine(live, "dxtracker.db"));
                for (var batch = 0; !stop.IsCancellationRequested; batch++)
                {
                    InsertBatch(connection, "batch " + batch, 100);
                    Interlocked.Increment(ref committed);
                }
            });
            await Waiting.UntilAsync("the writer to commit 5 batches before the backup", TimeSpan.FromSeconds(60),
                () => Volatile.Read(ref committed) >= 5 || writer.IsFaulted, TimeSpan.FromMilliseconds(20));
            Assert.False(writer.IsFaulted, writer.Exception?.ToString());

            var (exit, output) = await AppProcess.RunAsync(live, "backup", backup);
            Assert.True(exit == 0, output);
            Assert.Contains("dxtracker.db", output);
            var before = Volatile.Read(ref committed);

            // Restoring over the running app's data is refused without --force, and changes nothing.
            var (refusedExit, refusedOutput) = await AppProcess.RunAsync(live, "restore", backup);
            Assert.Equal(1, refusedExit);
            Assert.Contains("--force", refusedOutput);
            await stop.CancelAsync();
            await writer;
            Assert.True(committed > before, "writes went on during the backup");
            Assert.Equal(committed * 100, Count(Path.Combine(live, "dxtracker.db"), "SELECT COUNT(*) FROM AuditEntries WHERE Action = 'Bulk'"));
        }

        var backupFile = Path.Combine(backup, "dxtracker.db");
        Assert.False(File.Exists(backupFile + ".partial"));
        Assert.Equal("ok", Scalar(backupFile, "PRAGMA integrity_check"));
        var rows = Count(backupFile, "SELECT COUNT(*) FROM AuditEntries WHERE Action = 'Bulk'");
        Assert.True(rows >= 500 && rows % 100 == 0, $"{rows} rows");
        Assert.Equal(0, Count(backupFile, "SELECT COUNT(*) FROM (SELECT Detail FROM AuditEntries WHERE Action = 'Bulk' GROUP BY Detail HAVING COUNT(*) <> 100)"));

        var (restoreExit, restoreOutput) = await AppProcess.RunAsync(restored, "restore", backup);
        Assert.True(restoreExit == 0, restoreOutput);
        var expected = AppProcess.Fingerprint(backupFile);
        await StartAndCheckHealthAsync(restored);
        SqliteConnection.ClearAllPools();
        // Identical but for the restore's own audit row.
        Assert.Equal(1, Count(Path.Combine(restored, "dxtracker.db"), "SELECT COUNT(*) FROM AuditEntries WHERE Action = 'Restore'"));
        Assert.Equal(expected, AppProcess.Fingerprint(Path.Combine(restored, "dxtracker.db"), exceptAuditAction: "Restore"));
    }

    [Fact]
    public async Task A_restore_that_replaces_the_whole_database_is_audited_in_the_restored_database()
    {
        // A backup of a freshly migrated database, made by the command's own copy.
        var source = Folder("source");
        Directory.CreateDirectory(source);
        await using (var db = new DxDbContext(TestDatabase.Configure(DatabaseProvider.Sqlite,
            $"Data Source={Path.Combine(source, "dxtracker.db")};Pooling=False")))
            await db.Database.MigrateAsync();
        var backup = Folder("backup");
        BackupCommand.Backup(source, backup);

        var target = Folder("target");
        var (exit, output) = await AppProcess.RunAsync(target, "restore", backup);
        Assert.True(exit == 0, output);
        SqliteConnection.ClearAllPools();
        var file = Path.Combine(target, "dxtracker.db");
        Assert.Equal(1, Count(file, "SELECT COUNT(*) FROM AuditEntries WHERE Action = 'Restore' AND Succeeded = 1"));
        Assert.Equal(Path.GetFullPath(backup), Scalar(file, "SELECT Target FROM AuditEntries WHERE Action = 'Restore'"));
    }

    [Fact]
    public async Task SIGKILL_during_a_restore_or_a_backup_leaves_whole_databases_and_the_app_starts_cleanly()
    {
        // A large backup (about 50 MB) so that the kill lands in the middle of the copy.
        var big = Folder("big");
        await using (var app = await AppProcess.StartAsync(big))
        {
        }
        using (var connection = Open(Path.Combine(big, "dxtracker.db")))
            Execute(connection, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 50000) " +
                "INSERT INTO AuditEntries (AtUtc, Action, Detail, Succeeded) SELECT '2026-01-01 00:00:00', 'Bulk', hex(randomblob(500)), 1 FROM c");
        var bigBackup = Folder("big-backup");
        var (exit, output) = await AppProcess.RunAsync(big, "backup", bigBackup);
        Assert.True(exit == 0, output);

        // The target: a live database with a row of its own.
        var target = Folder("target");
        await using (var app = await AppProcess.StartAsync(target))
        {
        }
        using (var connection = Open(Path.Combine(target, "dxtracker.db")))
            InsertBatch(connection, "before the restore", 1);

        var restore = AppProcess.Begin(target, "restore", bigBackup);
        Assert.True(await WaitForGrowthAsync(Path.Combine(target, "dxtracker.db-wal"), restore), "the restore was caught half-way");
        restore.Kill(entireProcessTree: true);
        await Waiting.ForExitAsync(restore, "the killed restore");

        await StartAndCheckHealthAsync(target);
        var targetFile = Path.Combine(target, "dxtracker.db");
        Assert.Equal("ok", Scalar(targetFile, "PRAGMA integrity_check"));
        var (old, copied) = (Count(targetFile, "SELECT COUNT(*) FROM AuditEntries WHERE Detail = 'before the restore'"),
            Count(targetFile, "SELECT COUNT(*) FROM AuditEntries WHERE Action = 'Bulk' AND Detail <> 'before the restore'"));
        Assert.True((old, copied) is (1, 0) or (0, 50_000), $"all or nothing: old row {old}, restored rows {copied}");

        // A backup killed half-way never leaves something that looks like a backup.
        var interrupted = Folder("interrupted");
        var backup = AppProcess.Begin(big, "backup", interrupted);
        Assert.True(await WaitForGrowthAsync(Path.Combine(interrupted, "dxtracker.db.partial"), backup), "the backup was caught half-way");
        backup.Kill(entireProcessTree: true);
        await Waiting.ForExitAsync(backup, "the killed backup");
        Assert.False(File.Exists(Path.Combine(interrupted, "dxtracker.db")));
        var (refused, refusal) = await AppProcess.RunAsync(Folder("elsewhere"), "restore", interrupted);
        Assert.Equal(1, refused);
        Assert.Contains("No dxtracker.db", refusal);
    }

    [Fact]
    public async Task SIGKILL_while_the_app_loads_the_national_catalogue_leaves_none_of_it_and_the_next_start_completes_it()
    {
        // The largest one-transaction write of a start: ~3,000 catalogue rows in one SaveChanges. Its commit is held open
        // (Testing:HoldCommitOf, crash tests only) once all its statements ran, and the app is killed then: before the commit.
        var data = Folder("catalogue");
        var (start, output) = AppProcess.BeginWithOutput(data, CrashTestSwitch,
            ["--urls=http://127.0.0.1:0", "--environment=Staging", "--Demo:Enabled=false", "--Testing:HoldCommitOf=NationalProcedure", "--Testing:HoldCommitMilliseconds=120000"]);
        var held = await WaitForHoldAsync(output, "NationalProcedure");
        var file = Path.Combine(data, "dxtracker.db");
        Assert.True(WriteLockHeld(file), "the catalogue's transaction is open");
        start.Kill(entireProcessTree: true);
        await Waiting.ForExitAsync(start, "the killed app");
        Assert.Equal(0, Count(file, "SELECT COUNT(*) FROM NationalProcedures"));

        await StartAndCheckHealthAsync(data);
        Assert.Equal("ok", Scalar(file, "PRAGMA integrity_check"));
        var complete = Count(file, "SELECT COUNT(*) FROM NationalProcedures");
        Assert.True(complete > 2_900, $"{complete} rows");
        // The killed transaction carried the whole catalogue, not a part of it.
        Assert.Equal(complete, held.GetValueOrDefault("NationalProcedure"));
        Assert.Equal(complete, Count(file, "SELECT COUNT(DISTINCT NationalId || '/' || SurveyDate) FROM NationalProcedures"));
    }

    /// <summary>Starts the app on <paramref name="data"/> and checks that it reports itself healthy.</summary>
    private static async Task StartAndCheckHealthAsync(string data, params string[] settings)
    {
        await using var app = await AppProcess.StartAsync(data, settings);
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        Assert.Contains("\"Healthy\"", await http.GetStringAsync("/healthz"));
    }

    /// <summary>Polls until <paramref name="file"/> passes <paramref name="bytes"/> while <paramref name="process"/> still runs.</summary>
    private static async Task<bool> WaitForGrowthAsync(string file, System.Diagnostics.Process process, long bytes = 1_000_000)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            if (File.Exists(file) && new FileInfo(file).Length > bytes)
                return !process.HasExited;
            await Task.Delay(2);
        }
        return false;
    }

    private static SqliteConnection Open(string file)
    {
        var connection = new SqliteConnection($"Data Source={file};Pooling=False;Default Timeout=30");
        connection.Open();
        return connection;
    }

    private static void InsertBatch(SqliteConnection connection, string detail, int rows)
    {
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO AuditEntries (AtUtc, Action, Detail, Succeeded) VALUES ('2026-01-01 00:00:00', 'Bulk', $detail, 1)";
        insert.Parameters.AddWithValue("$detail", detail);
        for (var i = 0; i < rows; i++)
            insert.ExecuteNonQuery();
        transaction.Commit();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(string file, string sql)
    {
        using var connection = Open(file);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static int Count(string file, string sql) => Convert.ToInt32(Scalar(file, sql), System.Globalization.CultureInfo.InvariantCulture);
}
