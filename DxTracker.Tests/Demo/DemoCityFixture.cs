using System.Diagnostics;
using DxTracker.Domain.Data;
using DxTracker.Domain.Demo;
using DxTracker.Domain.Identity;
using DxTracker.Tests.Support;
using Microsoft.AspNetCore.Identity;

namespace DxTracker.Tests.Demo;

/// <summary>Two demo cities built with the same seed in two databases (seeding takes a few seconds, so once per class).</summary>
public sealed class DemoCityFixture : IAsyncLifetime
{
    public const int Seed = 20190401;
    public static readonly DateTime UtcNow = new(2026, 11, 27, 3, 0, 0, DateTimeKind.Utc);

    public TestDatabase First { get; private set; } = null!;
    public TestDatabase Second { get; private set; } = null!;
    public DemoCityResult FirstResult { get; private set; } = null!;
    public DemoPeople People { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        First = await TestDatabase.CreateAsync();
        Second = await TestDatabase.CreateAsync();
        (FirstResult, People) = await BuildAsync(First, Seed);
        await BuildAsync(Second, Seed);
    }

    public async ValueTask DisposeAsync()
    {
        await First.DisposeAsync();
        await Second.DisposeAsync();
    }

    /// <summary>What the app does: organisation, then one user per role and one head per department, then the procedures.</summary>
    public static async Task<(DemoCityResult Result, DemoPeople People)> BuildAsync(TestDatabase database, int seed)
    {
        await using var db = database.CreateDbContext();
        var departments = await DemoCity.BuildOrganisationAsync(db);
        var people = await CreatePeopleAsync(db, departments);
        var result = await DemoCity.SeedProceduresAsync(db, people, seed, UtcNow, TestContext.Current.CancellationToken);
        return (result, people);
    }

    private static readonly string[] Surnames = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田", "佐々木", "山口", "松本"];
    private static readonly string[] GivenNames = ["健一", "美咲", "大輔", "由美", "誠", "恵子", "浩二", "直子", "翔太", "陽子"];

    private static async Task<DemoPeople> CreatePeopleAsync(DxDbContext db, IReadOnlyList<DxTracker.Domain.Organisation.Department> departments)
    {
        var dxRole = new IdentityRole(nameof(Role.DxTeam)) { Id = "role-dx", NormalizedName = "DXTEAM" };
        var headRole = new IdentityRole(nameof(Role.DepartmentHead)) { Id = "role-head", NormalizedName = "DEPARTMENTHEAD" };
        db.Roles.AddRange(dxRole, headRole);
        var dxTeam = new List<Actor>();
        foreach (var (id, name) in new[] { ("dx-1", "佐藤 美咲"), ("dx-2", "高橋 健太"), ("dx-3", "伊藤 由紀") })
        {
            db.Users.Add(new AppUser { Id = id, UserName = id, DisplayName = name });
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = id, RoleId = dxRole.Id });
            dxTeam.Add(new Actor(id, name, Role.DxTeam, null));
        }
        var heads = new Dictionary<string, Actor>();
        for (var i = 0; i < departments.Count; i++)
        {
            var department = departments[i];
            if (department.Code == "D0804")
                continue; // one department without a head: the DX team makes its moves
            var id = "head-" + department.Code;
            var name = $"{Surnames[i % Surnames.Length]} {GivenNames[i % GivenNames.Length]}";
            db.Users.Add(new AppUser { Id = id, UserName = id, DisplayName = name, DepartmentId = department.Id });
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = id, RoleId = headRole.Id });
            heads[department.Code] = new Actor(id, name, Role.DepartmentHead, department.Id);
        }
        await db.SaveChangesAsync();
        return new DemoPeople(dxTeam, heads);
    }
}
