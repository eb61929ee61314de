using System.Diagnostics;
using DxTracker.App.Jobs;
using DxTracker.Domain.Data;
using DxTracker.Domain.Demo;
using DxTracker.Domain.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.App.Hosting;

/// <summary>Demo mode ("Demo:Enabled"): a ward office built from the national survey, with sign-ins anyone can use.
/// Never enabled outside demo mode, so a real installation never has a known password.</summary>
internal static class DemoSetup
{
    public const string Password = "demo-password-2026";
    public const string DxTeamEmail = "dx1@" + Domain;
    public const string ManagerEmail = "manager@" + Domain;
    public const string HeadEmailExample = "head-d0101@" + Domain;

    /// <summary>Same seed, same city.</summary>
    public const int Seed = 20190401;

    private static readonly string[] Surnames = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山口", "松本", "井上", "木村", "林", "清水", "山崎", "森", "池田"];
    private static readonly string[] GivenNames = ["健一", "美咲", "大輔", "由美", "誠", "恵子", "浩二", "直子", "翔太", "陽子", "隆", "真理子"];

    /// <summary>The domain of every demo account (example.jp is reserved for examples: no real user has it).</summary>
    public const string Domain = "demo.example.jp";

    public static string HeadEmail(string departmentCode) => $"head-{departmentCode.ToLowerInvariant()}@{Domain}";

    /// <summary>Whether <paramref name="email"/> is one of the accounts demo mode seeds (their password is public).</summary>
    public static bool IsDemoAccount(string email) => email.EndsWith("@" + Domain, StringComparison.OrdinalIgnoreCase);

    /// <summary>With demo mode off, the demo accounts left in the database from a demo (a demo turned into the real
    /// installation) are disabled like a user the DX team disables (<see cref="AppUser.DisabledUntil"/>, new security
    /// stamp): they cannot sign in, and a session opened before loses its rights. Only accounts of <see cref="Domain"/>;
    /// logged once, when they are locked.</summary>
    public static async Task LockDemoAccountsAsync(IServiceProvider services)
    {
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var suffix = "@" + Domain.ToUpperInvariant();
        var demo = await users.Users.Where(u => u.NormalizedEmail!.EndsWith(suffix)).ToListAsync();
        var open = demo.Where(u => !AppUser.IsDisabled(u.LockoutEnd)).ToList();
        foreach (var user in open)
        {
            Check(await users.SetLockoutEnabledAsync(user, true), user);
            Check(await users.SetLockoutEndDateAsync(user, AppUser.DisabledUntil), user);
            Check(await users.UpdateSecurityStampAsync(user), user);
        }
        if (open.Count > 0)
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DemoSetup)).LogWarning(
                "Demo mode is off: {Count} demo accounts (@{Domain}, whose password is public) were locked and can no longer sign in", open.Count, Domain);
    }

    private static void Check(IdentityResult result, AppUser user)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Demo user {user.Email}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
    }

    /// <summary>Builds the whole demo — users, organisation, procedures — in ONE transaction on the scope's context (the
    /// one UserManager saves through): a start killed mid-seed leaves nothing behind, and the next start builds it again.
    /// Then runs the stall scan of <see cref="StalledItemsJob"/> once, so the first visitor's bell shows the demo's stalled
    /// items rather than waiting for the first daily run. Instances on one PostgreSQL database seed one after the other
    /// under the start-up lock (only the first finds no demo), and the reminders' unique key makes any second scan a no-op.</summary>
    public static async Task EnsureDemoAsync(IServiceProvider services)
    {
        var users = services.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByEmailAsync(DxTeamEmail) is not null)
            return;
        var db = services.GetRequiredService<DxDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        // One hash for every demo account: hashing is deliberately slow, and they all share the demo password.
        var hash = services.GetRequiredService<IPasswordHasher<AppUser>>().HashPassword(new AppUser(), Password);
        var dxTeam = new List<Actor>
        {
            await CreateAsync(users, hash, DxTeamEmail, "山田 花子", Role.DxTeam),
            await CreateAsync(users, hash, "dx2@" + Domain, "佐藤 健", Role.DxTeam),
        };
        await CreateAsync(users, hash, ManagerEmail, "田中 誠一", Role.Manager);

        var departments = await DemoCity.BuildOrganisationAsync(db);
        var heads = new Dictionary<string, Actor>();
        for (var i = 0; i < departments.Count; i++)
        {
            var d = departments[i];
            var name = $"{Surnames[i % Surnames.Length]} {GivenNames[i * 7 % GivenNames.Length]}";
            heads[d.Code] = await CreateAsync(users, hash, HeadEmail(d.Code), name, Role.DepartmentHead, d.Id);
        }
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        await DemoCity.SeedProceduresAsync(db, new DemoPeople(dxTeam, heads), Seed, now);
        await transaction.CommitAsync();

        var started = Stopwatch.GetTimestamp();
        await services.GetRequiredService<StalledItemsJob>().ScanAsync(CancellationToken.None);
        services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DemoSetup))
            .LogInformation("Demo ward seeded; its first stall scan took {Milliseconds:0} ms", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private static async Task<Actor> CreateAsync(UserManager<AppUser> users, string passwordHash, string email, string name, Role role, int? departmentId = null)
    {
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, DepartmentId = departmentId, PasswordHash = passwordHash };
        var result = await users.CreateAsync(user);
        if (result.Succeeded)
            result = await users.AddToRoleAsync(user, role.ToString());
        if (!result.Succeeded)
            throw new InvalidOperationException($"Demo user {email}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        return new Actor(user.Id, name, role, role == Role.DepartmentHead ? departmentId : null);
    }
}
