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
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
        await IdentitySetup.EnsureRolesAsync(scope.ServiceProvider);
        await SettingsSetup.EnsureDefaultsAsync(factory);
        if (config.GetValue<bool>("Demo:Enabled"))
            await DemoSetup.EnsureDemoAsync(scope.ServiceProvider);
    }
}
