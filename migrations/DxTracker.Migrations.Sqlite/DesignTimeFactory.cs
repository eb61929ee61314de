using DxTracker.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace DxTracker.Migrations.Sqlite;

/// <summary>Lets `dotnet ef migrations add` build the model without starting the app.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<DxDbContext>
{
    public DxDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<DxDbContext>()
            .UseSqlite("Data Source=design-time.db", b => b.MigrationsAssembly(typeof(DesignTimeFactory).Assembly.GetName().Name))
            .Options);
}
