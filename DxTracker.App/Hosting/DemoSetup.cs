using DxTracker.Domain.Identity;
using Microsoft.AspNetCore.Identity;

namespace DxTracker.App.Hosting;

/// <summary>Demo mode ("Demo:Enabled"): a ward office built from the national survey, with sign-ins anyone can use.
/// Never enabled outside demo mode, so a real installation never has a known password.</summary>
internal static class DemoSetup
{
    public const string Password = "demo-password-2026";
    public const string DxTeamEmail = "dx1@demo.example.jp";
    public const string ManagerEmail = "manager@demo.example.jp";
    public const string HeadEmailExample = "head-d0101@demo.example.jp";

    public static async Task EnsureDemoAsync(IServiceProvider services)
    {
        var users = services.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByEmailAsync(DxTeamEmail) is not null)
            return;
        await Create(services, DxTeamEmail, "山田 花子", Role.DxTeam);
        await Create(services, "dx2@demo.example.jp", "佐藤 健", Role.DxTeam);
        await Create(services, ManagerEmail, "田中 誠一", Role.Manager);
    }

    private static async Task Create(IServiceProvider services, string email, string name, Role role, int? departmentId = null)
    {
        var result = await IdentitySetup.CreateUserAsync(services, email, name, Password, role, departmentId);
        if (!result.Succeeded)
            throw new InvalidOperationException($"Demo user {email}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
    }
}
