using DxTracker.App.Hosting;
using DxTracker.App.Jobs;
using DxTracker.Domain.Data;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reminders;
using DxTracker.Tests.Support;
using static DxTracker.Tests.Support.HangfireJobs;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.PostgreSql;
using Hangfire.Storage;
using Hangfire.Storage.SQLite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DxTracker.Tests.Reminders;

/// <summary>The job through real Hangfire storage (SQLite files). In the app collection: Hangfire keeps static state,
/// so nothing Hangfire runs beside the shared app host.</summary>
[Collection(AppCollection.Name)]
public sealed class ReminderJobHangfireTests(AppFixture app)
{
    [Fact]
    public void The_app_registers_the_daily_job_in_Tokyo_time_in_storage_beside_its_data()
    {
        var storage = app.Factory.Services.GetRequiredService<JobStorage>();
        using var connection = storage.GetConnection();

        var job = Assert.Single(connection.GetRecurringJobs(), j => j.Id == StalledItemsJob.Id);

        if (TestDatabase.Provider == DatabaseProvider.Sqlite)
        {
            Assert.IsType<SQLiteStorage>(storage);
            Assert.True(File.Exists(Path.Combine(app.DataDirectory, "hangfire.db")));
        }
        else
        {
            Assert.IsType<PostgreSqlStorage>(storage);
        }
        Assert.Equal(("30 8 * * *", "Asia/Tokyo"), (job.Cron, job.TimeZoneId));
        Assert.Equal(nameof(StalledItemsJob.RunAsync), job.Job.Method.Name);
    }

    [Fact]
    public async Task A_job_enqueued_in_the_apps_storage_is_processed_and_writes_the_reminders()
    {
        var services = app.Factory.Services;
        var factory = services.GetRequiredService<IDbContextFactory<DxDbContext>>();
        var (department, head, _) = await AppData.AddDepartmentWithHeadAsync(services);
        var dx = await AppData.DxTeamActorAsync(services);
        var procedure = await StallData.AddProcedureAsync(factory, department, dx, DateTime.UtcNow.AddDays(-200), ProcedureStatus.InProgress);

        var jobId = services.GetRequiredService<IBackgroundJobClient>().Enqueue<StalledItemsJob>(j => j.RunAsync(CancellationToken.None));
        await WaitForStateAsync(services.GetRequiredService<JobStorage>(), jobId, "Succeeded");

        await using var db = await factory.CreateDbContextAsync();
        var recipients = await db.Reminders.Where(r => r.Kind == ReminderKind.StalledProcedure && r.ItemId == procedure).Select(r => r.UserId).ToListAsync();
        Assert.Contains(head, recipients);
        Assert.Contains(dx.UserId, recipients);
    }

    [Fact]
    public async Task With_SMTP_down_the_job_fails_in_Hangfire_and_its_retry_sends_each_mail_once()
    {
        await using var db = await TestDatabase.CreateAsync();
        var department = (await db.AddDepartmentsAsync("HOKEN"))[0].Id;
        var dx = await db.AddUserAsync(Role.DxTeam);
        await db.AddUserAsync(Role.DepartmentHead, department);
        await SettingsSetup.EnsureDefaultsAsync(db);
        var clock = new FakeTimeProvider(new DateTime(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc));
        await StallData.AddProcedureAsync(db, department, dx, clock.GetUtcNow().UtcDateTime, ProcedureStatus.ObjectionRaised);
        clock.Advance(TimeSpan.FromDays(31));

        using var smtpPort = SmtpTestServer.ReservePort();
        await using var services = ReminderJobServices.Build(db, clock, smtpPort.Port);
        var storage = new SQLiteStorage(Path.Combine(db.Directory, "hangfire.db"), new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromMilliseconds(200) });
        using var server = new BackgroundJobServer(new BackgroundJobServerOptions
        {
            Activator = new AspNetCoreJobActivator(services.GetRequiredService<IServiceScopeFactory>()),
            WorkerCount = 1,
            SchedulePollingInterval = TimeSpan.FromMilliseconds(200),
        }, storage);
        var client = new BackgroundJobClient(storage);

        var jobId = client.Enqueue<StalledItemsJob>(j => j.RunAsync(CancellationToken.None));
        // Hangfire's AutomaticRetry moves a failed attempt to Scheduled (a retry later), with the exception in the history.
        var failed = await WaitForStateAsync(storage, jobId, "Scheduled");
        Assert.Contains("Retry attempt 1", failed.Reason);
        await using (var context = db.CreateDbContext())
            Assert.Equal(2, await context.Reminders.CountAsync(r => r.MailedAtUtc == null));

        await using var smtp = await SmtpTestServer.StartAsync(smtpPort);
        client.Requeue(jobId); // the retry, now rather than in a minute
        await WaitForStateAsync(storage, jobId, "Succeeded");
        var second = client.Enqueue<StalledItemsJob>(j => j.RunAsync(CancellationToken.None));
        await WaitForStateAsync(storage, second, "Succeeded");

        Assert.Equal(2, smtp.Messages.Count);
        Assert.Equal(2, smtp.Recipients().Distinct().Count());
        await using (var context = db.CreateDbContext())
            Assert.Equal(0, await context.Reminders.CountAsync(r => r.MailedAtUtc == null));
        server.SendStop();
    }

    /// <summary>[DisableConcurrentExecution] on the job, on this pass's database (Hangfire's SQLite storage beside a SQLite
    /// database, its PostgreSQL storage in a PostgreSQL one): while one run is held inside its mail (the SMTP server keeps
    /// the first digest and does not answer), Hangfire's lock on the job is taken — the test cannot take it — and a second
    /// run started meanwhile waits: it sends nothing until the first ends, and then nothing twice.</summary>
    [Fact]
    public async Task A_second_run_waits_for_the_first_on_the_jobs_distributed_lock()
    {
        await using var db = await TestDatabase.CreateAsync();
        var department = (await db.AddDepartmentsAsync("KANKYO"))[0].Id;
        var dx = await db.AddUserAsync(Role.DxTeam);
        await db.AddUserAsync(Role.DepartmentHead, department);
        await SettingsSetup.EnsureDefaultsAsync(db);
        var clock = new FakeTimeProvider(new DateTime(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc));
        await StallData.AddProcedureAsync(db, department, dx, clock.GetUtcNow().UtcDateTime, ProcedureStatus.ObjectionRaised);
        clock.Advance(TimeSpan.FromDays(31));

        await using var smtp = await SmtpTestServer.StartAsync();
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Set when a second message reaches the mail server while the first run is still held there (the lock failed).
        var keptWhileHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        smtp.AfterKeeping = async _ =>
        {
            if (!held.TrySetResult() && !release.Task.IsCompleted)
                keptWhileHeld.TrySetResult();
            await release.Task;
        };
        await using var services = ReminderJobServices.Build(db, clock, smtp.Port);
        var postgresOptions = new PostgreSqlStorageOptions { QueuePollInterval = TimeSpan.FromMilliseconds(200) };
        JobStorage storage = db.DatabaseProvider == DatabaseProvider.Postgres
            ? new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(db.ConnectionString, postgresOptions), postgresOptions)
            : new SQLiteStorage(Path.Combine(db.Directory, "hangfire.db"), new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromMilliseconds(200) });
        using var server = new BackgroundJobServer(new BackgroundJobServerOptions
        {
            Activator = new AspNetCoreJobActivator(services.GetRequiredService<IServiceScopeFactory>()),
            WorkerCount = 2,
            SchedulePollingInterval = TimeSpan.FromMilliseconds(200),
        }, storage);
        var client = new BackgroundJobClient(storage);

        var first = client.Enqueue<StalledItemsJob>(j => j.RunAsync(CancellationToken.None));
        await held.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        // The running job holds the lock its attribute names (type and method): nobody else gets it.
        using (var connection = storage.GetConnection())
            Assert.ThrowsAny<DistributedLockTimeoutException>(() => connection.AcquireDistributedLock("StalledItemsJob.RunAsync", TimeSpan.FromSeconds(1)));

        var second = client.Enqueue<StalledItemsJob>(j => j.RunAsync(CancellationToken.None));
        await WaitForStateAsync(storage, second, "Processing");
        // Picked up by the second worker, the second run is blocked on the lock. Waited for: its message reaching the mail
        // server while the first run holds the lock, for up to 2 s; a lock that does not hold ends the wait at once and fails.
        await Assert.ThrowsAsync<TimeoutException>(() => keptWhileHeld.Task.WaitAsync(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken));
        Assert.Single(smtp.Messages);

        release.SetResult();
        await WaitForStateAsync(storage, first, "Succeeded");
        await WaitForStateAsync(storage, second, "Succeeded");
        Assert.Equal(2, smtp.Messages.Count);
        Assert.Equal(2, smtp.Messages.Select(m => m.MessageId).Distinct().Count());
        // Nor did the second message come later but still before the first run let go.
        Assert.False(keptWhileHeld.Task.IsCompleted, "the second run sent while the first held the lock");
        using (var connection = storage.GetConnection())
            connection.AcquireDistributedLock("StalledItemsJob.RunAsync", TimeSpan.FromSeconds(5)).Dispose();
        server.SendStop();
    }
}
