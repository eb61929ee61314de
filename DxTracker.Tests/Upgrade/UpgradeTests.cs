using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DxTracker.App.Hosting;
using DxTracker.Domain.Audit;
using DxTracker.Tests.Processes;
using DxTracker.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Tests.Upgrade;

/// <summary>An office upgrading from v1 (commit a0f2c99, the schema deployed in real offices) loses nothing: the current
/// app started on a v1 database (<see cref="V1Fixture"/>) applies whatever migrations are pending and keeps every row,
/// the board's figures and the users' passwords; a migration that fails leaves the database as it was. The app runs as a
/// real process on the run's provider (SQLite in the SQLite pass, PostgreSQL in the Postgres pass).</summary>
[Collection(ProcessCollection.Name)]
public sealed partial class UpgradeTests
{
    [Fact]
    public async Task The_current_app_upgrades_a_v1_database_keeping_every_row_the_board_figures_and_the_passwords()
    {
        await using var database = await V1Fixture.RestoreAsync();
        var before = await DatabaseSnapshot.TakeAsync(database);
        var (pending, latest) = await MigrationsAsync(database);
        var v1File = Path.Combine(database.Directory, BackupCommand.AppDatabase);
        var v1Fingerprint = database.DatabaseProvider == DatabaseProvider.Sqlite ? AppProcess.Fingerprint(v1File) : null;
        SqliteConnection.ClearAllPools();

        await using var app = await AppProcess.StartAsync(database, "--PublicBoard:Enabled=true");
        // The sign-in cookie is Secure in Production: a jar that keeps it over plain http, as behind a TLS-terminating proxy.
        using var http = PlainHttpCookies.Client();
        http.BaseAddress = app.BaseAddress;

        // Healthy, on the current schema.
        var health = JsonNode.Parse(await http.GetStringAsync("/healthz"))!;
        Assert.Equal("Healthy", (string?)health["status"]);
        Assert.Equal(latest, (string?)health["schema"]);

        // Every row of every v1 table, field by field (the app may add rows of its own at start, never lose or change one).
        // v1's demo accounts are disabled at a start with demo mode off (DemoSetup): their lockout and stamps change, nothing else.
        var after = (await DatabaseSnapshot.TakeAsync(database, before)).Without("AspNetUsers", IsDemoAccount, DemoDisabling);
        var missing = before.Without("AspNetUsers", IsDemoAccount, DemoDisabling).MissingFrom(after);
        Assert.True(missing.Count == 0, string.Join("\n", missing));
        Assert.NotEmpty(before.Rows["AuditEntries"]);

        // The board's figures of every fiscal year, as v1 computed them before the upgrade.
        var years = JsonNode.Parse(await http.GetStringAsync("/public/board.json"))!["years"]!.AsArray();
        var v1Years = V1Fixture.Board["years"]!.AsArray();
        Assert.True(v1Years.Count >= 5, "v1's board covers the demo ward's fiscal years");
        foreach (var v1Year in v1Years)
        {
            var fiscalYear = (int)v1Year!["fiscalYear"]!;
            var year = years.SingleOrDefault(y => (int)y!["fiscalYear"]! == fiscalYear);
            Assert.True(year is not null, $"FY{fiscalYear} is no longer on the board");
            foreach (var (name, v1Value) in v1Year.AsObject())
                Assert.True(JsonNode.DeepEquals(v1Value, year[name]), $"FY{fiscalYear} {name}: v1 {v1Value?.ToJsonString()}, now {year[name]?.ToJsonString()}");
        }

        // A real user of v1 signs in with the password set in v1, and the audit log goes on.
        await SignInAsync(http, V1Fixture.AdminEmail, V1Fixture.AdminPassword);
        using (var home = await http.GetAsync("/"))
        {
            Assert.Equal(HttpStatusCode.OK, home.StatusCode);
            Assert.Contains(V1Fixture.AdminName, WebUtility.HtmlDecode(await home.Content.ReadAsStringAsync()));
        }
        await using (var db = database.CreateDbContext())
        {
            var signIns = await db.AuditEntries.CountAsync(a => a.Action == AuditActions.SignIn && a.UserName == V1Fixture.AdminEmail && a.Succeeded);
            Assert.Equal(before.Rows["AuditEntries"].Count(r => r.Contains($" | {AuditActions.SignIn} | ", StringComparison.Ordinal)
                && r.Contains(V1Fixture.AdminEmail, StringComparison.Ordinal)) + 1, signIns);
            // Objections from before their source was recorded stay 未設定 (NULL): no rule is guessed for them.
            Assert.NotEmpty(before.Rows["Objections"]);
            Assert.False(await db.Objections.AnyAsync(o => o.Source != null), "an upgraded objection was given a source");
        }

        // SQLite: a backup of the v1 files was taken before the pending migrations, and the log says where.
        if (v1Fingerprint is not null)
        {
            var backups = Path.Combine(database.Directory, SchemaUpgrade.BackupFolder);
            if (pending.Count == 0)
            {
                Assert.False(Directory.Exists(backups), "no migration pending, no backup");
            }
            else
            {
                var backup = Assert.Single(Directory.GetDirectories(backups));
                Assert.Contains(backup, app.Output);
                Assert.Equal(v1Fingerprint, AppProcess.Fingerprint(Path.Combine(backup, BackupCommand.AppDatabase)));
            }
        }
    }

    [Fact]
    public async Task A_failed_migration_leaves_the_database_as_it_was_and_the_app_refuses_to_start_naming_the_backup()
    {
        await using var database = await V1Fixture.RestoreAsync();
        // The latest applied migration is marked as not applied: applying it again fails half-way (its first tables exist).
        await using (var db = database.CreateDbContext())
        {
            var last = (await db.Database.GetAppliedMigrationsAsync()).Last();
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = {0}", last);
        }
        var before = await DatabaseSnapshot.TakeAsync(database);
        SqliteConnection.ClearAllPools();

        var (exit, output) = await AppProcess.RunAsync(database);

        Assert.True(exit == 1, output);
        Assert.Contains("The database upgrade failed", output);
        Assert.Contains("DxTracker does not start", output);
        var after = await DatabaseSnapshot.TakeAsync(database);
        Assert.Equal(before.Columns.Keys.Order(), after.Columns.Keys.Order());
        var changed = before.MissingFrom(after).Concat(after.MissingFrom(before)).ToList();
        Assert.True(changed.Count == 0, string.Join("\n", changed));
        if (database.DatabaseProvider == DatabaseProvider.Sqlite)
        {
            // The message names the backup taken just before, which holds the database as it was.
            var named = BackupPath().Match(output);
            Assert.True(named.Success, output);
            var backup = named.Groups[1].Value;
            Assert.StartsWith(Path.Combine(database.Directory, SchemaUpgrade.BackupFolder), backup);
            SqliteConnection.ClearAllPools();
            Assert.Equal(AppProcess.Fingerprint(Path.Combine(database.Directory, BackupCommand.AppDatabase)),
                AppProcess.Fingerprint(Path.Combine(backup, BackupCommand.AppDatabase)));
        }
    }

    private static readonly string[] DemoDisabling = ["LockoutEnd", "SecurityStamp", "ConcurrencyStamp"];

    private static bool IsDemoAccount(string row) => row.Contains("@demo.example.jp", StringComparison.OrdinalIgnoreCase);

    /// <summary>The migrations the database lacks, and the latest one of the current app.</summary>
    private static async Task<(List<string> Pending, string Latest)> MigrationsAsync(TestDatabase database)
    {
        await using var db = database.CreateDbContext();
        return ((await db.Database.GetPendingMigrationsAsync()).ToList(), db.Database.GetMigrations().Last());
    }

    private static async Task SignInAsync(HttpClient http, string email, string password)
    {
        var fields = AppProcess.HiddenFields(await http.GetStringAsync("/account/login"));
        Assert.Contains("__RequestVerificationToken", fields.Keys);
        fields["Input.Email"] = email;
        fields["Input.Password"] = password;
        using var response = await http.PostAsync("/account/login", new FormUrlEncodedContent(fields));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.DoesNotContain("/account/login", response.Headers.Location!.ToString());
    }

    [GeneratedRegex(@"restored from the backup taken just before, (\S+?)\. ")]
    private static partial Regex BackupPath();
}
