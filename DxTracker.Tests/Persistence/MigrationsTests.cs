using DxTracker.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Tests.Persistence;

/// <summary>Both migration sets must be in step with the model: a model change without a migration fails here.</summary>
public sealed class MigrationsTests
{
    [Fact]
    public void Sqlite_migrations_have_no_pending_model_changes()
    {
        using var db = new DxDbContext(new DbContextOptionsBuilder<DxDbContext>()
            .UseSqlite("Data Source=:memory:", b => b.MigrationsAssembly("DxTracker.Migrations.Sqlite")).Options);
        Assert.False(db.Database.HasPendingModelChanges());
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Fact]
    public void Postgres_migrations_have_no_pending_model_changes()
    {
        using var db = new DxDbContext(new DbContextOptionsBuilder<DxDbContext>()
            .UseNpgsql("Host=unused", b => b.MigrationsAssembly("DxTracker.Migrations.Postgres")).Options);
        Assert.False(db.Database.HasPendingModelChanges());
        Assert.NotEmpty(db.Database.GetMigrations());
    }
}
