using DxTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace DxTracker.Tests.Persistence;

/// <summary>The tests' database is configured by the app's own options builder, so tests query as the app does.</summary>
public sealed class TestDatabaseTests
{
    [Fact]
    public async Task The_test_database_splits_queries_like_the_app()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateDbContext();
        var relational = RelationalOptionsExtension.Extract(db.GetService<IDbContextOptions>());
        Assert.Equal(QuerySplittingBehavior.SplitQuery, relational.QuerySplittingBehavior);
        Assert.Equal(TestDatabase.Provider == App.Hosting.DatabaseProvider.Postgres ? "DxTracker.Migrations.Postgres" : "DxTracker.Migrations.Sqlite", relational.MigrationsAssembly);
    }
}
