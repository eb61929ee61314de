using DxTracker.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace DxTracker.Migrations.Postgres;

/// <summary>Lets `dotnet ef migrations add` build the PostgreSQL model without starting the app or a server.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<DxDbContext>
{
    public DxDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<DxDbContext>()
            .UseNpgsql("Host=localhost;Database=dxtracker_design", b => b.MigrationsAssembly(typeof(DesignTimeFactory).Assembly.GetName().Name))
            .Options);
}
