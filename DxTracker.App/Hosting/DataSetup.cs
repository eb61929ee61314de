using DxTracker.Domain.Data;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reporting;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.App.Hosting;

public static class DataSetup
{
    /// <summary>The folder holding the app's databases ("Data:Directory", relative to the content root).</summary>
    public static string DataDirectory(IConfiguration config, IHostEnvironment env) =>
        Path.GetFullPath(Path.Combine(env.ContentRootPath, config["Data:Directory"] ?? "data"));

    /// <summary>SQLite (WAL) in the data folder unless "ConnectionStrings:Default" says otherwise.</summary>
    public static IServiceCollection AddDxData(this IServiceCollection services, IConfiguration config, IHostEnvironment env)
    {
        var connectionString = config.GetConnectionString("Default")
            ?? $"Data Source={Path.Combine(DataDirectory(config, env), "dxtracker.db")}";
        services.AddDbContextFactory<DxDbContext>(o => o.UseSqlite(connectionString,
            b => b.MigrationsAssembly("DxTracker.Migrations.Sqlite").UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery)));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(config.GetSection("Era").Get<EraSettings>() ?? new EraSettings());
        services.AddScoped<ProcedureService>();
        return services;
    }

    /// <summary>SQLite triggers that abort any UPDATE or DELETE of audit rows, also from raw SQL or ExecuteDelete
    /// (the DbContext already refuses tracked changes).</summary>
    public static async Task ProtectAuditAsync(DxDbContext db)
    {
        await db.Database.ExecuteSqlRawAsync(
            "CREATE TRIGGER IF NOT EXISTS AuditEntries_no_update BEFORE UPDATE ON AuditEntries BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;");
        await db.Database.ExecuteSqlRawAsync(
            "CREATE TRIGGER IF NOT EXISTS AuditEntries_no_delete BEFORE DELETE ON AuditEntries BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;");
    }

    /// <summary>Creates the data folder, applies migrations, switches SQLite to WAL, and seeds roles and settings.</summary>
    public static async Task InitialiseDatabaseAsync(this IServiceProvider services)
    {
        var config = services.GetRequiredService<IConfiguration>();
        Directory.CreateDirectory(DataDirectory(config, services.GetRequiredService<IHostEnvironment>()));
        await using var scope = services.CreateAsyncScope();
        var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<DxDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
            if (db.Database.IsSqlite())
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
                await ProtectAuditAsync(db);
            }
        }
        await IdentitySetup.EnsureRolesAsync(scope.ServiceProvider);
        await SettingsSetup.EnsureDefaultsAsync(factory);
        if (config.GetValue<bool>("Demo:Enabled"))
            await DemoSetup.EnsureDemoAsync(scope.ServiceProvider);
    }
}
