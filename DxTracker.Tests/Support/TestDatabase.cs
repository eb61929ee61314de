using DxTracker.App.Hosting;
using DxTracker.Domain.Audit;
using DxTracker.Domain.Data;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Organisation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DxTracker.Tests.Support;

/// <summary>
/// A real, freshly migrated database for one test, on the provider the run is for: a SQLite file in a temp folder
/// (default), or a PostgreSQL database when DXTRACKER_TEST_DATABASE=Postgres (server from DXTRACKER_TEST_POSTGRES,
/// default 127.0.0.1 as user dxtracker). Each test database is copied from a template migrated once per run.
/// Deleted on dispose.
/// </summary>
public sealed class TestDatabase : IDbContextFactory<DxDbContext>, IAsyncDisposable
{
    public static DatabaseProvider Provider { get; } =
        Enum.TryParse<DatabaseProvider>(Environment.GetEnvironmentVariable("DXTRACKER_TEST_DATABASE"), true, out var p) ? p : DatabaseProvider.Sqlite;

    public static string PostgresServer { get; } =
        Environment.GetEnvironmentVariable("DXTRACKER_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=5432;Username=dxtracker;Password=dxtracker";

    private static readonly SemaphoreSlim CreateLock = new(1, 1);
    /// <summary>What each new database is copied from: the migrated SQLite file's path, or the PostgreSQL template's name.</summary>
    private static string? _template;

    /// <summary>Temp folder of this test (the SQLite file lives here; other tests may put files here too).</summary>
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "dxtracker-tests", Guid.NewGuid().ToString("N"));
    public string FilePath => Path.Combine(Directory, "dxtracker.db");
    public string ConnectionString { get; }
    private readonly string? _postgresName;

    /// <summary>SQLite when this database is a file, Postgres when it is on the server.</summary>
    public DatabaseProvider DatabaseProvider => _postgresName is null ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;

    private TestDatabase(string? postgresName)
    {
        System.IO.Directory.CreateDirectory(Directory);
        _postgresName = postgresName;
        ConnectionString = postgresName is null
            ? $"Data Source={FilePath};Pooling=False"
            : new NpgsqlConnectionStringBuilder(PostgresServer) { Database = postgresName }.ConnectionString;
    }

    public static async Task<TestDatabase> CreateAsync()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            var db = new TestDatabase(null);
            await CreateLock.WaitAsync();
            try
            {
                _template ??= await CreateSqliteTemplateAsync();
            }
            finally
            {
                CreateLock.Release();
            }
            File.Copy(_template, db.FilePath);
            return db;
        }
        var name = "dxtest_" + Guid.NewGuid().ToString("N");
        await CreateLock.WaitAsync();
        try
        {
            _template ??= await CreateTemplateAsync();
            await ExecuteOnServerAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{_template}\"");
        }
        finally
        {
            CreateLock.Release();
        }
        return new TestDatabase(name);
    }

    /// <summary>A SQLite file migrated once per run (closed: the connection string has no pooling), copied for each test as
    /// the PostgreSQL pass copies its template database: migrating a new file for each of several hundred tests took
    /// about a second each.</summary>
    private static async Task<string> CreateSqliteTemplateAsync()
    {
        var template = new TestDatabase(null);
        await using (var context = template.CreateDbContext())
        {
            await context.Database.MigrateAsync();
            await DataSetup.ProtectAuditAsync(context);
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => System.IO.Directory.Delete(template.Directory, recursive: true);
        return template.FilePath;
    }

    /// <summary>A PostgreSQL database on the test server whatever the run's provider, not created yet: the apps pointed at
    /// it create and migrate it themselves. Dropped on dispose.</summary>
    public static TestDatabase NewPostgres() => new("dxtest_" + Guid.NewGuid().ToString("N"));

    /// <summary>A database of the run's provider, not created yet (an empty folder, or a name on the server), for a test
    /// that restores one. Deleted on dispose.</summary>
    public static TestDatabase NewEmpty() => Provider == DatabaseProvider.Postgres ? NewPostgres() : new(null);

    /// <summary>The name of this PostgreSQL database on the server.</summary>
    public string PostgresName => _postgresName ?? throw new InvalidOperationException("Not a PostgreSQL database.");

    /// <summary>Options for this database, made by the app's own options builder (<see cref="DataSetup.UseDatabase"/>): the
    /// provider's migrations assembly, split queries and SQLite's case folding, exactly as the app queries.</summary>
    public DbContextOptions<DxDbContext> Options => Configure(DatabaseProvider, ConnectionString);

    /// <summary>Options for any database the tests open, from the app's options builder.</summary>
    public static DbContextOptions<DxDbContext> Configure(DatabaseProvider provider, string connectionString)
    {
        var builder = new DbContextOptionsBuilder<DxDbContext>();
        DataSetup.UseDatabase(builder, provider, connectionString);
        return builder.Options;
    }

    public DxDbContext CreateDbContext() => new(Options);

    public Task<DxDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) => Task.FromResult(CreateDbContext());

    /// <summary>The settings that point the app at this database (for hosts and child processes). On SQLite the app
    /// finds dxtracker.db in its data folder, which is this test's folder.</summary>
    public IReadOnlyDictionary<string, string> AppSettings => DatabaseProvider == DatabaseProvider.Postgres
        ? new Dictionary<string, string> { ["Database:Provider"] = "Postgres", ["ConnectionStrings:Default"] = ConnectionString, ["Data:Directory"] = Directory }
        : new Dictionary<string, string> { ["Database:Provider"] = "Sqlite", ["Data:Directory"] = Directory };

    /// <summary>A division with one department per given code.</summary>
    public async Task<List<Department>> AddDepartmentsAsync(params string[] codes)
    {
        await using var db = CreateDbContext();
        var division = new Division { Code = "DIV" + Guid.NewGuid().ToString("N")[..6], Name = "テスト部" };
        var departments = codes.Select(c => new Department { Code = c, Name = c + "課", Division = division }).ToList();
        db.Departments.AddRange(departments);
        await db.SaveChangesAsync();
        return departments;
    }

    /// <summary>A user with one Identity role, written straight to the tables (services read role and department from them).</summary>
    public async Task<Actor> AddUserAsync(Role role, int? departmentId = null, string? name = null)
    {
        await using var db = CreateDbContext();
        var roleRow = await db.Roles.FirstOrDefaultAsync(r => r.Name == role.ToString());
        if (roleRow is null)
        {
            roleRow = new IdentityRole(role.ToString()) { NormalizedName = role.ToString().ToUpperInvariant() };
            db.Roles.Add(roleRow);
        }
        var email = $"{Guid.NewGuid():N}@test.example";
        var user = new AppUser { UserName = email, Email = email, NormalizedEmail = email.ToUpperInvariant(), NormalizedUserName = email.ToUpperInvariant(), DisplayName = name ?? role.ToString(), DepartmentId = departmentId };
        db.Users.Add(user);
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleRow.Id });
        await db.SaveChangesAsync();
        return new Actor(user.Id, user.DisplayName, role, role == Role.DepartmentHead ? departmentId : null);
    }

    /// <summary>The audit log on this database (no client address, as for a command-line or job write).</summary>
    public AuditLog Audit(TimeProvider clock) => new(this, clock, NoAuditOrigin.Instance);

    public async ValueTask DisposeAsync()
    {
        if (_postgresName is not null)
        {
            await PostgresMaintenance.DropDatabaseAsync(PostgresServer, _postgresName);
        }
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow machine: the temp folder is cleaned by the OS.
        }
    }

    private static async Task<string> CreateTemplateAsync()
    {
        var name = "dxtemplate_" + Guid.NewGuid().ToString("N");
        await ExecuteOnServerAsync($"CREATE DATABASE \"{name}\"");
        var cs = new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name, Pooling = false }.ConnectionString;
        await using (var db = new DxDbContext(Configure(DatabaseProvider.Postgres, cs)))
        {
            await db.Database.MigrateAsync();
            await DataSetup.ProtectAuditAsync(db);
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => PostgresMaintenance.DropDatabaseAsync(PostgresServer, name).GetAwaiter().GetResult();
        return name;
    }

    /// <summary>Runs a statement in the server's maintenance database (CREATE DATABASE).</summary>
    public static Task ExecuteOnServerAsync(string sql) => PostgresMaintenance.ExecuteAsync(PostgresServer, sql);
}
