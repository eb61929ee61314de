using DxTracker.App.Features.Admin;
using DxTracker.Domain;
using DxTracker.Domain.Identity;
using DxTracker.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace DxTracker.Tests.Security;

/// <summary>What a lock does to a session that is already open: every write re-reads the actor (<see cref="Actors.LoadAsync"/>),
/// so disabling a user takes their rights away at once, while a lockout caused by someone else's wrong passwords only stops
/// new sign-ins.</summary>
public sealed class AccountLockTests
{
    private const string Password = "川沿いの桜並木を歩く春の朝";

    [Fact]
    public async Task A_disabled_DX_team_member_with_an_open_circuit_can_no_longer_write()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var services = await AdminServices.BuildAsync(database);
        var admin = await database.AddUserAsync(Role.DxTeam, name: "管理者");
        var insider = await database.AddUserAsync(Role.DxTeam, name: "異動予定者");
        var users = services.GetRequiredService<UserAdminService>();
        // Signed in a moment ago: their writes pass.
        await using (var db = database.CreateDbContext())
            Assert.True((await Actors.LoadAsync(db, insider.UserId)).IsDxTeam);

        await users.DisableSignInAsync(admin.UserId, insider.UserId);

        await using (var db = database.CreateDbContext())
            await Assert.ThrowsAsync<AccessDeniedException>(() => Actors.LoadAsync(db, insider.UserId));
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            users.CreateAsync(insider.UserId, new NewAccount("accomplice@city.example.jp", "共犯者", Role.DxTeam, null, Password)));
    }

    [Fact]
    public async Task Wrong_passwords_that_lock_someone_out_leave_the_rights_of_their_open_session()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var services = await AdminServices.BuildAsync(database);
        var victim = await database.AddUserAsync(Role.DxTeam, name: "被害者");
        await using (var scope = services.CreateAsyncScope())
        {
            var manager = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await manager.FindByIdAsync(victim.UserId))!;
            await manager.SetLockoutEnabledAsync(user, true);
            for (var i = 0; i < 5; i++)
                await manager.AccessFailedAsync(user);
            Assert.True(await manager.IsLockedOutAsync(user));
        }
        await using var db = database.CreateDbContext();
        Assert.True((await Actors.LoadAsync(db, victim.UserId)).IsDxTeam);
    }
}
