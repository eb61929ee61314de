using DxTracker.App.Hosting;
using DxTracker.Domain.Audit;
using DxTracker.Domain.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DxTracker.Tests.Support;

/// <summary>The app's real administration services and Identity (UserManager, RoleManager) on a <see cref="TestDatabase"/>.</summary>
public static class AdminServices
{
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 3, 0, 0, TimeSpan.Zero);

    /// <summary>Adds the services to <paramref name="services"/> (a bUnit context's, or a fresh collection).</summary>
    public static IServiceCollection AddAdminOn(this IServiceCollection services, TestDatabase database)
    {
        services.AddLogging();
        services.AddDataProtection();
        services.AddSingleton<IDbContextFactory<DxDbContext>>(database);
        services.AddScoped(_ => database.CreateDbContext());
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        services.AddSingleton<IAuditOrigin>(NoAuditOrigin.Instance);
        services.AddScoped<AuditLog>();
        services.AddDxIdentityStores();
        services.AddDxAdmin();
        return services;
    }

    /// <summary>A provider with the roles created.</summary>
    public static async Task<ServiceProvider> BuildAsync(TestDatabase database)
    {
        var provider = new ServiceCollection().AddAdminOn(database).BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        await IdentitySetup.EnsureRolesAsync(scope.ServiceProvider);
        return provider;
    }
}
