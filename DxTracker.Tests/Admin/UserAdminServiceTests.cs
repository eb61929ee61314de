using DxTracker.App.Features.Admin;
using DxTracker.Domain;
using DxTracker.Domain.Identity;
using DxTracker.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace DxTracker.Tests.Admin;

public sealed class UserAdminServiceTests
{
    private const string Password = "correct horse battery";

    private static async Task<AppUser> FindAsync(ServiceProvider services, string userId)
    {
        await using var scope = services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByIdAsync(userId))!;
    }

    [Theory]
    [InlineData(Role.DxTeam, true)]
    [InlineData(Role.DepartmentHead, false)]
    [InlineData(Role.Manager, false)]
    public async Task Only_the_DX_team_may_manage_users(Role role, bool allowed)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var services = await AdminServices.BuildAsync(database);
        var departments = await database.AddDepartmentsAsync("K01", "K02");
        var caller = await database.AddUserAsync(role, departments[0].Id);
        var target = await database.AddUserAsync(Role.Manager);
        var users = services.GetRequiredService<UserAdminService>();

        Task Create() => users.CreateAsync(caller.UserId, new NewAccount("new@city.example.jp", "新人", Role.DxTeam, null, Password));
        Task Promote() => users.ChangeAssignmentAsync(caller.UserId, target.UserId, Role.DepartmentHead, departments[1].Id);
        Task Unlock() => users.UnlockAsync(caller.UserId, target.UserId);
        Task Disable() => users.DisableSignInAsync(caller.UserId, target.UserId);
        foreach (var write in new[] { Create, Promote, Unlock, Disable })
        {
            if (allowed)
                await write();
            else
                await Assert.ThrowsAsync<AccessDeniedException>(write);
        }
        await using var scope = services.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.Equal(allowed, await manager.FindByEmailAsync("new@city.example.jp") is not null);
        var after = await manager.FindByIdAsync(target.UserId);
        Assert.Equal(allowed ? [nameof(Role.DepartmentHead)] : [nameof(Role.Manager)], await manager.GetRolesAsync(after!));
        Assert.Equal(allowed, await manager.IsLockedOutAsync(after!));
    }

    [Fact]
    public async Task A_created_department_head_has_the_role_the_department_and_the_typed_password()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var services = await AdminServices.BuildAsync(database);
        var department = (await database.AddDepartmentsAsync("K01"))[0];
        var dx = await database.AddUserAsync(Role.DxTeam);
        var id = await services.GetRequiredService<UserAdminService>()
            .CreateAsync(dx.UserId, new NewAccount(" head@city.example.jp ", " 鈴木 一郎 ", Role.DepartmentHead, department.Id, Password));

        await using var scope = services.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await manager.FindByEmailAsync("head@city.example.jp");
        Assert.NotNull(user);
        Assert.Equal((id, "鈴木 一郎", (int?)department.Id), (user.Id, user.DisplayName, user.DepartmentId));
        Assert.True(await manager.CheckPasswordAsync(user, Password));
        await using var db = database.CreateDbContext();
        Assert.Equal(new Actor(id, "鈴木 一郎", Role.DepartmentHead, department.Id), await Actors.LoadAsync(db, id));
    }

    [Theory]
    [InlineData("not-an-email", "名前", Password, DomainError.EmailInvalid)]
    [InlineData("dx-taken@city.example.jp", "名前", Password, DomainError.EmailTaken)]
    [InlineData("ok@city.example.jp", "", Password, DomainError.FieldRequired)]
    [InlineData("ok@city.example.jp", "名前", "short-pass", DomainError.PasswordTooShort)]
    public async Task Bad_account_input_gets_a_localised_message_and_creates_nothing(string email, string name, string password, DomainError expected)
    {
        using var _ = new CultureScope("ja-JP");
        await using var database = await TestDatabase.CreateAsync();
        await using var services = await AdminServices.BuildAsync(database);
        var dx = await database.AddUserAsync(Role.DxTeam);
        var users = services.GetRequiredService<UserAdminService>();
        await users.CreateAsync(dx.UserId, new NewAccount("dx-taken@city.example.jp", "既存", Role.Manager, null, Password));

        var error = await Assert.ThrowsAsync<DomainException>(() => users.CreateAsync(dx.UserId, new NewAccount(email, name, Role.Manager, null, password)));
        Assert.Equal(expected, error.Error);
        Assert.DoesNotContain("Passwords", error.Message);
        if (expected == DomainError.PasswordTooShort)
            Assert.Equal("初期パスワードは12文字以上で入力してください。", error.Message);
        await using var db = database.CreateDbContext();
        Assert.Equal(2, db.Users.Count());
    }

    [Fact]
    public async Task A_department_head_needs_a_department_and_a_department_has_one_head()
    {
        using var _ = new CultureScope("ja-JP");
        await using var database = await TestDatabase.CreateAsync();
        await using var services = await AdminServices.BuildAsync(database);
        var department = (await database.AddDepartmentsAsync("K01"))[0];
        var dx = await database.AddUserAsync(Role.DxTeam);
        await database.AddUserAsync(Role.DepartmentHead, department.Id, "現課長");
        var candidate = await database.AddUserAsync(Role.Manager);
        var users = services.GetRequiredService<UserAdminService>();

        var none = await Assert.ThrowsAsync<DomainException>(() => users.ChangeAssignmentAsync(dx.UserId, candidate.UserId, Role.DepartmentHead, null));
        Assert.Equal(DomainError.DepartmentRequiredForHead, none.Error);
        var taken = await Assert.ThrowsAsync<DomainException>(() => users.ChangeAssignmentAsync(dx.UserId, candidate.UserId, Role.DepartmentHead, department.Id));
        Assert.Equal(DomainError.DepartmentHasHead, taken.Error);
        Assert.Contains("現課長", taken.Message);
        Assert.Equal(Role.Manager, (await Actors.LoadAsync(database.CreateDbContext(), candidate.UserId)).Role);
    }

    [Fact]
    public async Task A_role_change_is_stored_and_renews_the_security_stamp()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var services = await AdminServices.BuildAsync(database);
        var departments = await database.AddDepartmentsAsync("K01", "K02");
        var dx = await database.AddUserAsync(Role.DxTeam);
        var head = await database.AddUserAsync(Role.DepartmentHead, departments[0].Id, "鈴木");
        var users = services.GetRequiredService<UserAdminService>();
        var stampBefore = (await FindAsync(services, head.UserId)).SecurityStamp;

        await users.ChangeAssignmentAsync(dx.UserId, head.UserId, Role.DepartmentHead, departments[1].Id);
        var moved = await FindAsync(services, head.UserId);
        Assert.NotEqual(stampBefore, moved.SecurityStamp);
        Assert.Equal(departments[1].Id, moved.DepartmentId);

        await users.ChangeAssignmentAsync(dx.UserId, head.UserId, Role.Manager, departments[1].Id);
        var demoted = await FindAsync(services, head.UserId);
        Assert.NotEqual(moved.SecurityStamp, demoted.SecurityStamp);
        Assert.Null(demoted.DepartmentId);
        Assert.Equal(new Actor(head.UserId, "鈴木", Role.Manager, null), await Actors.LoadAsync(database.CreateDbContext(), head.UserId));
    }

    [Fact]
    public async Task A_DX_team_member_cannot_demote_or_disable_themselves()
    {
        using var _ = new CultureScope("ja-JP");
        await using var database = await TestDatabase.CreateAsync();
        await using var services = await AdminServices.BuildAsync(database);
        var dx = await database.AddUserAsync(Role.DxTeam);
        var users = services.GetRequiredService<UserAdminService>();

        var demote = await Assert.ThrowsAsync<DomainException>(() => users.ChangeAssignmentAsync(dx.UserId, dx.UserId, Role.Manager, null));
        Assert.Equal(DomainError.OwnDxTeamRole, demote.Error);
        Assert.Contains("自分自身", demote.Message);
        await Assert.ThrowsAsync<DomainException>(() => users.DisableSignInAsync(dx.UserId, dx.UserId));
        Assert.Equal(Role.DxTeam, (await Actors.LoadAsync(database.CreateDbContext(), dx.UserId)).Role);
        Assert.Null((await FindAsync(services, dx.UserId)).LockoutEnd);
    }

    [Fact]
    public async Task Disable_locks_for_good_and_unlock_lets_the_user_back_in()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var services = await AdminServices.BuildAsync(database);
        var dx = await database.AddUserAsync(Role.DxTeam);
        var users = services.GetRequiredService<UserAdminService>();
        var id = await users.CreateAsync(dx.UserId, new NewAccount("m@city.example.jp", "田中", Role.Manager, null, Password));

        await users.DisableSignInAsync(dx.UserId, id);
        var disabled = await FindAsync(services, id);
        Assert.True(AppUser.IsDisabled(disabled.LockoutEnd));

        await using (var scope = services.CreateAsyncScope())
        {
            var manager = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await manager.FindByIdAsync(id))!;
            Assert.True(await manager.IsLockedOutAsync(user));
            await manager.AccessFailedAsync(user);
        }
        await users.UnlockAsync(dx.UserId, id);
        var unlocked = await FindAsync(services, id);
        Assert.Null(unlocked.LockoutEnd);
        Assert.Equal(0, unlocked.AccessFailedCount);
        Assert.False(AppUser.IsDisabled(unlocked.LockoutEnd));
    }
}
