using System.Net;
using System.Text.RegularExpressions;
using DxTracker.App.Hosting;
using DxTracker.App.Jobs;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reminders;
using DxTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DxTracker.Tests.Processes;

/// <summary>Two instances of the app — two OS processes with the same settings, as two servers of one deployment would
/// run — started at the same moment on one fresh PostgreSQL database, with SMTP pointing at the test's own server.</summary>
public sealed class TwoInstancesFixture : IAsyncLifetime
{
    public TestDatabase Database { get; } = TestDatabase.NewPostgres();
    public SmtpTestServer Smtp { get; private set; } = default!;
    public AppProcess A { get; private set; } = default!;
    public AppProcess B { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        Smtp = await SmtpTestServer.StartAsync();
        string[] settings = ["--Demo:Enabled=true", "--Logging:LogLevel:Microsoft.EntityFrameworkCore.Migrations=Information", "--Logging:LogLevel:DxTracker.App.Hosting.DemoSetup=Information", "--Logging:LogLevel:DxTracker.App.Hosting.DataSetup=Information", "--Smtp:Host=127.0.0.1", $"--Smtp:Port={Smtp.Port}", "--Smtp:Security=None"];
        var a = AppProcess.StartAsync(Database, settings);
        var b = AppProcess.StartAsync(Database, settings);
        try
        {
            await Task.WhenAll(a, b);
        }
        catch
        {
            foreach (var started in new[] { a, b }.Where(t => t.IsCompletedSuccessfully))
                await started.Result.DisposeAsync();
            throw;
        }
        (A, B) = (a.Result, b.Result);
    }

    public async ValueTask DisposeAsync()
    {
        if (A is not null)
            await A.DisposeAsync();
        if (B is not null)
            await B.DisposeAsync();
        if (Smtp is not null)
            await Smtp.DisposeAsync();
        await Database.DisposeAsync();
    }
}

/// <summary>
/// Several instances on one PostgreSQL database (README "Several instances"): a simultaneous start on a fresh database,
/// the reminder job triggered on both instances at once, and a sign-in on one instance honoured by the other.
/// <para>PostgreSQL only, whatever DXTRACKER_TEST_DATABASE says: SQLite serves one process per data folder, so there is
/// no SQLite variant of these tests. The class always runs against the PostgreSQL server of the Postgres pass
/// (DXTRACKER_TEST_POSTGRES, default 127.0.0.1) and fails when there is none. scripts/test.sh leaves it out of its SQLite
/// pass by the "Database=Postgres" trait (filter "Database!=Postgres"), so a full run executes it once, in the Postgres
/// pass.</para>
/// </summary>
[Collection(ProcessCollection.Name)]
[Trait("Database", "Postgres")]
public sealed partial class TwoInstanceTests(TwoInstancesFixture instances) : IClassFixture<TwoInstancesFixture>
{
    private TestDatabase Database => instances.Database;

    [GeneratedRegex("<meta name=\"csrf-(header|token)\" content=\"([^\"]*)\"")]
    private static partial Regex DashboardCsrf();

    [Fact]
    public async Task Both_instances_started_together_on_a_fresh_database_are_healthy_and_it_is_migrated_and_seeded_once()
    {
        foreach (var app in new[] { instances.A, instances.B })
        {
            Assert.False(app.HasExited, app.Output);
            using var http = new HttpClient { BaseAddress = app.BaseAddress };
            Assert.Contains("\"Healthy\"", await http.GetStringAsync("/healthz"));
            Assert.False(app.Output.Contains("crit:", StringComparison.Ordinal) || app.Output.Contains("Unhandled exception", StringComparison.Ordinal), app.Output);
        }

        // They did start together: one found the other holding the start-up lock (to create or to initialise this database)
        // and waited for it.
        Assert.Matches($"waiting for it to (create|initialise) the database {Database.PostgresName}", instances.A.Output + instances.B.Output);

        // Each migration applied by one of the two (EF Core logs "Applying migration" as it runs one).
        await using var db = Database.CreateDbContext();
        var migrations = db.Database.GetMigrations().ToList();
        Assert.Equal(migrations, await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal(migrations.Count, Regex.Count(instances.A.Output + instances.B.Output, "Applying migration '"));
        Assert.Equal(1, await db.Users.CountAsync(u => u.Email == DemoSetup.DxTeamEmail));
        var demoHeads = await db.Users.CountAsync(u => u.Email!.StartsWith("head-") && u.Email.EndsWith("@demo.example.jp"));
        Assert.Equal(await db.Departments.CountAsync(d => !d.Code.StartsWith(TestDepartmentPrefix)), demoHeads);
        Assert.True(await db.Procedures.CountAsync() > 1_000);
        // The demo's first stall scan ran once, in the instance that seeded it, and wrote the demo's reminders.
        Assert.Single(Regex.Matches(instances.A.Output + instances.B.Output, "Demo ward seeded; its first stall scan took"));
        Assert.True(await db.Reminders.CountAsync(r => db.Users.Any(u => u.Id == r.UserId && u.Email == DemoSetup.DxTeamEmail)) > 0);
        // Both are job servers on the shared Hangfire storage, and there is one Data Protection key for both.
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM hangfire.server"));
        Assert.Equal(1, await db.DataProtectionKeys.CountAsync());
    }

    [Fact]
    public async Task The_reminder_job_triggered_on_both_instances_at_once_writes_and_mails_each_reminder_once()
    {
        var department = (await Database.AddDepartmentsAsync(TestDepartmentPrefix + "R"))[0].Id;
        var head = await Database.AddUserAsync(Role.DepartmentHead, department, "スケール課長");
        var dx = await Database.AddUserAsync(Role.DxTeam, name: "スケール DX");
        var now = DateTime.UtcNow;
        string[] names = ["多重起動テスト手続（進行中）", "多重起動テスト手続（異議）"];
        int[] procedures =
        [
            await StallData.AddProcedureAsync(Database, department, dx, now.AddDays(-200), ProcedureStatus.InProgress, names[0]),
            await StallData.AddProcedureAsync(Database, department, dx, now.AddDays(-40), ProcedureStatus.ObjectionRaised, names[1]),
        ];
        List<string> recipients;
        await using (var db = Database.CreateDbContext())
        {
            var dxRole = await db.Roles.Where(r => r.Name == nameof(Role.DxTeam)).Select(r => r.Id).SingleAsync();
            recipients = await db.UserRoles.Where(ur => ur.RoleId == dxRole).Select(ur => ur.UserId).ToListAsync();
            recipients.Add(head.UserId);
        }

        // The two runs overlap for sure: the first digest either run sends is kept by the mail server without an answer
        // until the other run is seen processing too.
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var mailedBefore = instances.Smtp.Messages.Count;
        instances.Smtp.AfterKeeping = async _ =>
        {
            held.TrySetResult();
            await release.Task;
        };

        // The DX team's "trigger now" on the Hangfire dashboard, posted to both instances at once with the dashboard's
        // antiforgery token of instance A.
        using var http = SignedInClient();
        await SignInAsync(http, instances.A, DemoSetup.DxTeamEmail);
        var dashboard = await http.GetStringAsync(new Uri(instances.A.BaseAddress, "/jobs/recurring"));
        var csrf = DashboardCsrf().Matches(dashboard).ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));
        Assert.Equal(2, csrf.Count);
        var triggers = new[] { instances.A, instances.B }.Select(async app =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(app.BaseAddress, "/jobs/recurring/trigger"))
            {
                Content = new FormUrlEncodedContent([new("jobs[]", StalledItemsJob.Id)]),
            };
            request.Headers.Add(csrf["header"], csrf["token"]);
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }).ToList();
        Assert.Equal([HttpStatusCode.NoContent, HttpStatusCode.NoContent], await Task.WhenAll(triggers));

        try
        {
            await held.Task.WaitAsync(TimeSpan.FromSeconds(120), TestContext.Current.CancellationToken);
            // While one run is inside its first mail, the other is processing too: both at once, on the job's lock.
            await WaitUntilAsync(async () => await CountAsync("SELECT COUNT(*) FROM hangfire.job WHERE statename = 'Processing'") == 2,
                "both runs processing at once while the first holds its first mail");
            Assert.Equal(mailedBefore + 1, instances.Smtp.Messages.Count);
        }
        finally
        {
            release.TrySetResult();
            instances.Smtp.AfterKeeping = null;
        }

        // Two runs, both done (the job is not concurrent: the second waits for the first, then finds nothing to do).
        await WaitUntilAsync(async () => await CountAsync("SELECT COUNT(*) FROM hangfire.job WHERE statename = 'Succeeded'") == 2,
            "both runs succeeded");
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM hangfire.job"));

        await using (var db = Database.CreateDbContext())
        {
            foreach (var procedure in procedures)
            {
                var rows = await db.Reminders.Where(r => r.Kind == ReminderKind.StalledProcedure && r.ItemId == procedure).ToListAsync();
                Assert.Equal(recipients.Order(), rows.Select(r => r.UserId).Order());
                Assert.All(rows, r => Assert.NotNull(r.MailedAtUtc));
            }
            Assert.Equal(0, await db.Reminders.CountAsync(r => r.MailedAtUtc == null));
            // One digest per person with reminders (the demo ward's and ours), none twice.
            var mailed = await db.Users.Where(u => db.Reminders.Any(r => r.UserId == u.Id)).Select(u => u.Email!).ToListAsync();
            Assert.Equal(mailed.Order(), instances.Smtp.Recipients());
            var ours = await db.Users.Where(u => recipients.Contains(u.Id)).Select(u => u.Email!).ToListAsync();
            foreach (var email in ours)
            {
                var body = Assert.Single(instances.Smtp.Messages, m => m.To.Mailboxes.Single().Address == email).TextBody ?? "";
                foreach (var name in names)
                    Assert.Single(Regex.Matches(body, Regex.Escape(name)));
            }
        }
    }

    [Fact]
    public async Task A_user_signed_in_on_one_instance_is_signed_in_on_the_other()
    {
        using var http = SignedInClient();
        var page = new Uri(instances.B.BaseAddress, "/reminders");
        using (var before = await http.GetAsync(page))
        {
            Assert.Equal(HttpStatusCode.Redirect, before.StatusCode);
            Assert.Contains("/account/login", before.Headers.Location!.ToString());
        }

        // The sign-in form comes from B and is posted to A: A accepts B's antiforgery token, and issues the cookie.
        using (var signIn = await SignInAsync(http, instances.A, DemoSetup.ManagerEmail, formFrom: instances.B))
            Assert.Contains(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("DxTracker.Auth=", StringComparison.Ordinal));

        using var after = await http.GetAsync(page);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Contains("田中 誠一", WebUtility.HtmlDecode(await after.Content.ReadAsStringAsync()));
    }

    /// <summary>Departments the tests add, told apart from the demo ward's.</summary>
    private const string TestDepartmentPrefix = "SCALEOUT";

    /// <summary>One cookie jar for both instances, as a browser behind a load balancer has (both listen on 127.0.0.1,
    /// and cookies do not depend on the port); it keeps the Secure sign-in cookie over plain http.</summary>
    private static HttpClient SignedInClient() => PlainHttpCookies.Client();

    /// <summary>Posts the sign-in form (read from <paramref name="formFrom"/>, by default the same instance) to
    /// <paramref name="app"/> and checks that it redirects away from the form.</summary>
    private static async Task<HttpResponseMessage> SignInAsync(HttpClient http, AppProcess app, string email, AppProcess? formFrom = null)
    {
        var form = await http.GetStringAsync(new Uri((formFrom ?? app).BaseAddress, "/account/login"));
        var fields = AppProcess.HiddenFields(form);
        Assert.Contains("__RequestVerificationToken", fields.Keys);
        fields["Input.Email"] = email;
        fields["Input.Password"] = DemoSetup.Password;
        var response = await http.PostAsync(new Uri(app.BaseAddress, "/account/login"), new FormUrlEncodedContent(fields));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.DoesNotContain("/account/login", response.Headers.Location!.ToString());
        return response;
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Task WaitUntilAsync(Func<Task<bool>> condition, string what) =>
        Waiting.UntilAsync(what, TimeSpan.FromSeconds(120), condition, TimeSpan.FromMilliseconds(250));
}
