using DxTracker.Domain.Audit;
using DxTracker.Domain.Data;
using DxTracker.Domain.Hearings;
using DxTracker.Domain.Identity;
using DxTracker.Domain.National;
using DxTracker.Domain.Organisation;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reporting;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace DxTracker.App.Hosting;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public static class DataSetup
{
    /// <summary>The folder holding the app's databases ("Data:Directory", relative to the content root).</summary>
    public static string DataDirectory(IConfiguration config, IHostEnvironment env) =>
        Path.GetFullPath(Path.Combine(env.ContentRootPath, config["Data:Directory"] ?? "data"));

    /// <summary>"Database:Provider": Sqlite (the embedded default) or Postgres.</summary>
    public static DatabaseProvider Provider(IConfiguration config) =>
        Enum.TryParse<DatabaseProvider>(config["Database:Provider"], ignoreCase: true, out var p) ? p : DatabaseProvider.Sqlite;

    /// <summary>SQLite (WAL) in the data folder unless "ConnectionStrings:Default" says otherwise; PostgreSQL when
    /// "Database:Provider" is Postgres (then the connection string is required).</summary>
    public static IServiceCollection AddDxData(this IServiceCollection services, IConfiguration config, IHostEnvironment env)
    {
        var provider = Provider(config);
        var connectionString = config.GetConnectionString("Default");
        if (provider == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Default is not set.");
        connectionString ??= $"Data Source={Path.Combine(DataDirectory(config, env), "dxtracker.db")}";
        CommitHold.Register(services, CommitHold.Read(config, env, Environment.GetEnvironmentVariable));
        services.AddDbContextFactory<DxDbContext>((sp, o) => CommitHold.AddTo(UseDatabase(o, provider, connectionString), sp));
        // Keys in the app database: every instance on the same database reads the same keys, so a cookie issued by
        // one instance is accepted by another.
        var keys = services.AddDataProtection().SetApplicationName("DxTracker").PersistKeysToDbContext<DxDbContext>();
        ProtectKeys(keys, config);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(config.GetSection("Era").Get<EraSettings>() ?? new EraSettings());
        services.AddSingleton(config.GetSection("Office").Get<OfficeSettings>() ?? new OfficeSettings());
        services.AddScoped<ProcedureService>();
        return services.AddDxReads();
    }

    /// <summary>The pages' reads: one query type per feature folder of the Domain (components never open a DbContext themselves;
    /// an architecture test holds them to it).</summary>
    public static IServiceCollection AddDxReads(this IServiceCollection services) =>
        services.AddScoped<ProcedureQueries>().AddScoped<OrganisationQueries>().AddScoped<HearingQueries>().AddScoped<PlaybookQueries>()
            .AddScoped<NationalQueries>().AddScoped<AuditQueries>().AddScoped<UserQueries>().AddScoped<ReportYearsQuery>().AddScoped<SchemaQuery>();

    /// <summary>"DataProtection:Certificate": the keys are stored encrypted with this X.509 certificate (its private key
    /// decrypts them) — "Path" of a PKCS#12 file with its "Password", or on Windows the "Thumbprint" of a certificate in the
    /// machine's or the service account's store. Unset: the keys are stored as they are, protected by the database's
    /// own access rights. Every instance sharing the database needs the same certificate.</summary>
    private static void ProtectKeys(IDataProtectionBuilder keys, IConfiguration config)
    {
        var certificate = config.GetSection("DataProtection:Certificate");
        if (certificate["Path"] is { Length: > 0 } path)
            keys.ProtectKeysWithCertificate(X509CertificateLoader.LoadPkcs12FromFile(path, certificate["Password"], X509KeyStorageFlags.EphemeralKeySet));
        else if (certificate["Thumbprint"] is { Length: > 0 } thumbprint)
            keys.ProtectKeysWithCertificate(thumbprint);
    }

    /// <summary>Database triggers that abort any UPDATE or DELETE of audit rows (also from raw SQL or ExecuteDelete;
    /// the DbContext already refuses tracked changes). Idempotent; run at every start.</summary>
    public static async Task ProtectAuditAsync(DxDbContext db)
    {
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync(
                "CREATE TRIGGER IF NOT EXISTS AuditEntries_no_update BEFORE UPDATE ON AuditEntries BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;");
            await db.Database.ExecuteSqlRawAsync(
                "CREATE TRIGGER IF NOT EXISTS AuditEntries_no_delete BEFORE DELETE ON AuditEntries BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;");
        }
        else
        {
            await db.Database.ExecuteSqlRawAsync(
                "CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit entries are append-only'; END $$;");
            await db.Database.ExecuteSqlRawAsync(
                "CREATE OR REPLACE TRIGGER \"AuditEntries_append_only\" BEFORE UPDATE OR DELETE ON \"AuditEntries\" FOR EACH ROW EXECUTE FUNCTION audit_append_only();");
            await db.Database.ExecuteSqlRawAsync(
                "CREATE OR REPLACE TRIGGER \"AuditEntries_no_truncate\" BEFORE TRUNCATE ON \"AuditEntries\" FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();");
        }
    }

    /// <summary>The provider, its migrations assembly, split queries and SQLite's case folding (<see cref="SqliteTextFold"/>):
    /// the one place the app's DbContext options are made (also for the benchmark's own databases).</summary>
    public static DbContextOptionsBuilder UseDatabase(DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString) =>
        provider == DatabaseProvider.Postgres
            ? options.UseNpgsql(connectionString, b => b.MigrationsAssembly("DxTracker.Migrations.Postgres").UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery))
            : options.UseSqlite(connectionString, b => b.MigrationsAssembly("DxTracker.Migrations.Sqlite").UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery))
                .AddInterceptors(SqliteTextFold.Instance);

    /// <summary>Several instances sharing one PostgreSQL database start one after the other: a session advisory lock, held
    /// on the returned context's open connection, serialises their initialisation (creating the database first when it is
    /// missing). SQLite serves one process per data folder: no lock.</summary>
    private static async Task<DxDbContext> StartUpLockAsync(IDbContextFactory<DxDbContext> factory, ILogger logger)
    {
        var db = await factory.CreateDbContextAsync();
        if (!db.Database.IsNpgsql())
            return db;
        var creator = db.GetService<IRelationalDatabaseCreator>();
        var name = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()).Database;
        if (!await creator.ExistsAsync())
        {
            // Instances starting together on a missing database take the same lock in the server's maintenance database
            // (the session ends with the connection): the first creates it, the others find it.
            var server = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { Database = "postgres", Pooling = false };
            await using var connection = new NpgsqlConnection(server.ConnectionString);
            await connection.OpenAsync();
            await TakeStartUpLockAsync(connection, logger, "create", name);
            if (!await creator.ExistsAsync())
                await creator.CreateAsync();
        }
        await db.Database.OpenConnectionAsync();
        await TakeStartUpLockAsync((NpgsqlConnection)db.Database.GetDbConnection(), logger, "initialise", name);
        return db;
    }

    /// <summary>Takes the start-up lock on <paramref name="connection"/>; when another instance holds it, says so (a start
    /// that seems slow is waiting for the other one) and waits for it as long as it takes — its migrations or the demo
    /// seeding may outlast any command timeout, and the lock is freed when that instance's session ends, even if it dies.</summary>
    private static async Task TakeStartUpLockAsync(NpgsqlConnection connection, ILogger logger, string doing, string? database)
    {
        await using (var tryLock = new NpgsqlCommand("SELECT pg_try_advisory_lock(" + StartUpLockKey + ")", connection))
        {
            if (await tryLock.ExecuteScalarAsync() is true)
                return;
        }
        logger.LogInformation("Another instance is starting: waiting for it to {Doing} the database {Database}", doing, database);
        await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(" + StartUpLockKey + ")", connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The advisory lock key of start-up ("DxTrack" in ASCII).</summary>
    private const string StartUpLockKey = "19272602507895659";

    /// <summary>Creates the data folder, applies migrations (<see cref="SchemaUpgrade"/>: on SQLite after a backup), switches SQLite to WAL, loads the national catalogue (once per
    /// survey date), and seeds roles, settings and (in demo mode) the demo ward.</summary>
    public static async Task InitialiseDatabaseAsync(this IServiceProvider services)
    {
        var config = services.GetRequiredService<IConfiguration>();
        Directory.CreateDirectory(DataDirectory(config, services.GetRequiredService<IHostEnvironment>()));
        await using var scope = services.CreateAsyncScope();
        var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<DxDbContext>>();
        await using var startUp = await StartUpLockAsync(factory, services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DataSetup)));
        try
        {
            await InitialiseAsync(scope.ServiceProvider, config, factory);
        }
        finally
        {
            if (startUp.Database.IsNpgsql())
                await startUp.Database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock(" + StartUpLockKey + ")");
        }
    }

    private static async Task InitialiseAsync(IServiceProvider services, IConfiguration config, IDbContextFactory<DxDbContext> factory)
    {
        await using (var db = await factory.CreateDbContextAsync())
        {
            await SchemaUpgrade.MigrateAsync(db, services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SchemaUpgrade)));
            if (db.Database.IsSqlite())
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            await ProtectAuditAsync(db);
        }
        // The first Data Protection key is made here, under the start-up lock: instances starting together on a new
        // database share one key rather than each making its own and refusing the other's cookies until a key ring refresh.
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector("DxTracker.StartUp").Protect([]);
        await using (var db = await factory.CreateDbContextAsync())
            await NationalCatalogue.LoadAsync(db);
        await IdentitySetup.EnsureRolesAsync(services);
        await SettingsSetup.EnsureDefaultsAsync(factory);
        if (config.GetValue<bool>("Demo:Enabled"))
            await DemoSetup.EnsureDemoAsync(services);
        else
            await DemoSetup.LockDemoAccountsAsync(services);
        if (config.GetValue<double?>("Demo:Scale") is { } scale)
            await SeedCommand.EnsureDemoScaleAsync(services, scale);
    }
}
