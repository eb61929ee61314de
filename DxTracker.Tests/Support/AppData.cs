using DxTracker.App.Hosting;
using DxTracker.Domain.Data;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Organisation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DxTracker.Tests.Support;

/// <summary>Data an end-to-end test creates in the running app (not relying on particular demo content).</summary>
public static class AppData
{
    /// <summary>A new department with a head who signs in with the returned address and the demo password.</summary>
    public static async Task<(int DepartmentId, string HeadUserId, string Email)> AddDepartmentWithHeadAsync(IServiceProvider services)
    {
        var code = "T" + Guid.NewGuid().ToString("N")[..8];
        await using var scope = services.CreateAsyncScope();
        var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<DxDbContext>>();
        var department = new Department { Code = code, Name = "テスト課" + code[^4..], Division = new Division { Code = "D" + code, Name = "テスト部" } };
        await using (var db = await factory.CreateDbContextAsync())
        {
            db.Departments.Add(department);
            await db.SaveChangesAsync();
        }
        var email = $"head-{code.ToLowerInvariant()}@test.example.jp";
        var created = await IdentitySetup.CreateUserAsync(scope.ServiceProvider, email, "課長 " + code, DemoSetup.Password, Role.DepartmentHead, department.Id);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email);
        return (department.Id, user!.Id, email);
    }

    /// <summary>The demo DX team member, as the domain sees them.</summary>
    public static async Task<Actor> DxTeamActorAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(DemoSetup.DxTeamEmail);
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<DxDbContext>>().CreateDbContextAsync();
        return await Actors.LoadAsync(db, user!.Id);
    }
}
