using DxTracker.App.Hosting;
using DxTracker.Domain.Audit;
using DxTracker.Domain.Data;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Organisation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Tests.Support;

/// <summary>A real SQLite database file in a fresh temp folder, migrated with the app's migrations. Deleted on dispose.</summary>
public sealed class TestDatabase : IDbContextFactory<DxDbContext>, IAsyncDisposable
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "dxtracker-tests", Guid.NewGuid().ToString("N"));
    public string FilePath => Path.Combine(Directory, "dxtracker.db");
    public string ConnectionString => $"Data Source={FilePath};Pooling=False";

    private TestDatabase() => System.IO.Directory.CreateDirectory(Directory);

    public static async Task<TestDatabase> CreateAsync()
    {
        var db = new TestDatabase();
        await using var context = db.CreateDbContext();
        await context.Database.MigrateAsync();
        await DataSetup.ProtectAuditAsync(context);
        return db;
    }

    public DxDbContext CreateDbContext() =>
        new(new DbContextOptionsBuilder<DxDbContext>()
            .UseSqlite(ConnectionString, b => b.MigrationsAssembly("DxTracker.Migrations.Sqlite"))
            .Options);

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

    public Task<DxDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) => Task.FromResult(CreateDbContext());

    public ValueTask DisposeAsync()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow machine: the temp folder is cleaned by the OS.
        }
        return ValueTask.CompletedTask;
    }
}
