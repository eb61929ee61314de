using System.Security.Cryptography;
using DxTracker.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

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

    /// <summary>
    /// The v1 schema (commit a0f2c99) is deployed in real offices: its two Initial migrations stay byte-for-byte as
    /// they are. A model change is a new migration (scripts/add-migration.sh), never an edit of these.
    /// </summary>
    [Theory]
    [InlineData("DxTracker.Migrations.Sqlite/Migrations/20261127162311_Initial.cs", "710078ed997fe1ec951e7b9262f7eb980d5ab93fe27929cf0b23747b4dff0ebc")]
    [InlineData("DxTracker.Migrations.Sqlite/Migrations/20261127162311_Initial.Designer.cs", "82069f2c4ccceee22760bff4e068f2b9ef61892611889f994ef410c60b8f5879")]
    [InlineData("DxTracker.Migrations.Postgres/Migrations/20261127162342_Initial.cs", "5d9317fb91e904918a6db20f2da469fc3cd598f3f19861151f8cdcf2fc56a85d")]
    [InlineData("DxTracker.Migrations.Postgres/Migrations/20261127162342_Initial.Designer.cs", "15f55f87d9ff819bdac85eff46d0c84b7d11f9b572dc1cbc35731485fa091b61")]
    public void The_deployed_v1_migrations_are_unchanged(string file, string sha256)
    {
        // .../DxTracker.Tests/bin/<Configuration>/<tfm>/ → the repository's root
        var root = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Parent!.Parent!.Parent!.FullName;
        var bytes = File.ReadAllBytes(Path.Combine(root, "migrations", file));
        Assert.Equal(sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    /// <summary>
    /// Upgrades only add: no migration after v1 drops or renames a table or column. (Two branches each adding a migration
    /// once produced one whose Up dropped the other's new table: the snapshot it was made from had not seen it.)
    /// </summary>
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public void No_migration_after_v1_drops_or_renames_anything(string provider)
    {
        var builder = new DbContextOptionsBuilder<DxDbContext>();
        if (provider == "Sqlite")
            builder.UseSqlite("Data Source=:memory:", b => b.MigrationsAssembly("DxTracker.Migrations.Sqlite"));
        else
            builder.UseNpgsql("Host=unused", b => b.MigrationsAssembly("DxTracker.Migrations.Postgres"));
        using var db = new DxDbContext(builder.Options);
        var assembly = db.GetService<IMigrationsAssembly>();
        var later = assembly.Migrations.Where(m => !m.Key.EndsWith("_Initial", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(later);
        var destructive = later
            .SelectMany(m => assembly.CreateMigration(m.Value, db.Database.ProviderName!).UpOperations
                .Where(o => o is DropTableOperation or DropColumnOperation or RenameTableOperation or RenameColumnOperation)
                .Select(o => $"{m.Key}: {o.GetType().Name}"))
            .ToList();
        Assert.Empty(destructive);
    }
}
