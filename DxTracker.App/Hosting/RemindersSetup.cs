using DxTracker.App.Features.Reminders;
using DxTracker.App.Jobs;
using DxTracker.Domain;
using DxTracker.Domain.Data;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Reminders;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.App.Hosting;

public static class RemindersSetup
{
    public const string DashboardPath = "/jobs";

    /// <summary>Hangfire beside the app's data — SQLite "hangfire.db" in the data folder (one app process per file), or the
    /// app's PostgreSQL database when "Database:Provider" is Postgres (several instances) — its server, the stall scan,
    /// the digest mailer and the reminder services.</summary>
    public static IServiceCollection AddDxReminders(this IServiceCollection services, IConfiguration config, IHostEnvironment env)
    {
        var dataDirectory = DataSetup.DataDirectory(config, env);
        // A short poll keeps "run now" quick: one indexed query a second.
        var poll = TimeSpan.FromSeconds(1);
        services.AddHangfire(c =>
        {
            c.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (DataSetup.Provider(config) == DatabaseProvider.Postgres)
            {
                c.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(config.GetConnectionString("Default")), new PostgreSqlStorageOptions { QueuePollInterval = poll });
                return;
            }
            Directory.CreateDirectory(dataDirectory);
            c.UseSQLiteStorage(Path.Combine(dataDirectory, "hangfire.db"), new SQLiteStorageOptions { QueuePollInterval = poll });
        });
        services.AddHangfireServer(o => o.WorkerCount = 2);
        services.AddScoped<StalledItemsSchedule>();
        services.AddScoped<UnreadReminders>();
        return services.AddDxReminderJob();
    }

    /// <summary>What the stalled-items job needs (also what a bare Hangfire server in the tests activates).</summary>
    public static IServiceCollection AddDxReminderJob(this IServiceCollection services)
    {
        services.AddScoped<StallScanner>();
        services.AddScoped<ReminderService>();
        services.AddScoped<ReminderDigestMailer>();
        services.AddScoped<StalledItemsJob>();
        return services;
    }

    /// <summary>Registers the recurring job (stable id, "Reminders:Cron" in "Reminders:TimeZone"; a run missed while the
    /// app was down runs once) and maps the DxTeam-only dashboard. Call after UseAuthentication/UseAuthorization.</summary>
    public static void MapDxReminders(this WebApplication app)
    {
        using (var scope = app.Services.CreateScope())
            scope.ServiceProvider.GetRequiredService<StalledItemsSchedule>().Register();
        app.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            Authorization = [],
            AsyncAuthorization = [new DxTeamDashboardFilter()],
            AppPath = "/settings/reminders",
            DashboardTitle = "DxTracker jobs",
        });
    }
}

/// <summary>The recurring stall job's schedule, and "run now" for the DX team.</summary>
public sealed class StalledItemsSchedule(IRecurringJobManager jobs, IDbContextFactory<DxDbContext> dbFactory, IConfiguration config)
{
    public string Cron => config["Reminders:Cron"] ?? "30 8 * * *";
    public string TimeZoneId => config["Reminders:TimeZone"] ?? "Asia/Tokyo";

    public void Register() =>
        jobs.AddOrUpdate<StalledItemsJob>(StalledItemsJob.Id, job => job.RunAsync(CancellationToken.None), Cron, new RecurringJobOptions
        {
            TimeZone = TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId),
            MisfireHandling = MisfireHandlingMode.Relaxed,
        });

    /// <summary>Starts the job now. DxTeam only (read from the database).</summary>
    public async Task RunNowAsync(string userId, CancellationToken ct = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (!(await Actors.LoadAsync(db, userId, ct)).IsDxTeam)
                throw new AccessDeniedException(DomainError.NotPermitted);
        }
        jobs.Trigger(StalledItemsJob.Id);
    }
}
