using DxTracker.Domain;
using DxTracker.Domain.Audit;
using DxTracker.Domain.Identity;
using DxTracker.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DxTracker.Tests.Admin;

/// <summary>Invitations and one's own password through the real service, Identity (with the app's password policy) and a
/// real database; the clock is fake.</summary>
public sealed class InvitationServiceTests
{
    private const string Password = "correct horse battery staple";
    private const string Domain = "dx.city.example.jp";

    private static async Task<(TestDatabase Db, ServiceProvider Services, Actor Dx, Actor Head)> SetUpAsync()
    {
        var db = await TestDatabase.CreateAsync();
        var services = await AdminServices.BuildAsync(db);
        var department = (await db.AddDepartmentsAsync("K01"))[0];
        var dx = await db.AddUserAsync(Role.DxTeam);
        var head = await db.AddUserAsync(Role.DepartmentHead, department.Id, "戸田 一郎");
        return (db, services, dx, head);
    }

    private static async Task<string> TokenOfAsync(InvitationService invitations, string email) =>
        (await invitations.PendingMailsAsync()).Single(m => m.Email == email).Token;

    private static async Task<string> EmailOfAsync(TestDatabase db, string userId)
    {
        await using var context = db.CreateDbContext();
        return await context.Users.Where(u => u.Id == userId).Select(u => u.Email!).SingleAsync();
    }

    [Fact]
    public async Task An_invitation_is_kept_only_hashed_sets_the_password_once_and_is_audited()
    {
        var (db, services, dx, head) = await SetUpAsync();
        await using var _ = db;
        await using var __ = services;
        var invitations = services.GetRequiredService<InvitationService>();
        var email = await EmailOfAsync(db, head.UserId);

        Assert.Equal(1, await invitations.IssueAsync(dx.UserId, [head.UserId], Domain));
        var mail = Assert.Single(await invitations.PendingMailsAsync());
        Assert.Equal((email, "戸田 一郎"), (mail.Email, mail.DisplayName));
        Assert.EndsWith("@" + Domain, mail.MessageId);
        Assert.Equal(43, mail.Token.Length);
        await using (var context = db.CreateDbContext())
        {
            var stored = await context.Invitations.SingleAsync();
            Assert.NotEqual(mail.Token, stored.TokenHash);
            Assert.DoesNotContain(mail.Token, stored.PendingToken);
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(mail.Token))), stored.TokenHash);
            Assert.Equal(AdminServices.Now.UtcDateTime.AddDays(7), stored.ExpiresAtUtc);
        }

        // A refused password (too short, common, the two differ) leaves the invitation usable.
        using (new CultureScope("ja-JP"))
        {
            var tooShort = await Assert.ThrowsAsync<DomainException>(() => invitations.AcceptAsync(mail.Token, "短すぎる", "短すぎる", null));
            Assert.Equal("パスワードは12文字以上で入力してください。", tooShort.Message);
            var differ = await Assert.ThrowsAsync<DomainException>(() => invitations.AcceptAsync(mail.Token, Password, Password + "x", null));
            Assert.Equal(DomainError.PasswordsDiffer, differ.Error);
            var common = await Assert.ThrowsAsync<DomainException>(() => invitations.AcceptAsync(mail.Token, "passwordpassword", "passwordpassword", null));
            Assert.Equal(DomainError.PasswordRefused, common.Error);
        }
        Assert.Equal(InvitationState.Valid, (await invitations.CheckAsync(mail.Token)).State);

        Assert.Equal(email, await invitations.AcceptAsync(mail.Token, Password, Password, "10.0.0.7"));
        await using (var scope = services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            Assert.True(await users.CheckPasswordAsync((await users.FindByIdAsync(head.UserId))!, Password));
        }
        Assert.Equal(InvitationState.Used, (await invitations.CheckAsync(mail.Token)).State);
        var again = await Assert.ThrowsAsync<DomainException>(() => invitations.AcceptAsync(mail.Token, Password + "2", Password + "2", null));
        Assert.Equal(DomainError.InvitationUsed, again.Error);
        Assert.Equal(InvitationState.Unknown, (await invitations.CheckAsync(mail.Token[..^1] + (mail.Token[^1] == 'A' ? 'B' : 'A'))).State);

        await using (var context = db.CreateDbContext())
        {
            var audit = await context.AuditEntries.OrderBy(a => a.Id).Select(a => new { a.Action, a.UserId, a.Target, a.Detail, a.RemoteIp }).ToListAsync();
            Assert.Equal([AuditActions.InvitationIssued, AuditActions.InvitationAccepted], audit.Select(a => a.Action));
            Assert.Equal([dx.UserId, head.UserId], audit.Select(a => a.UserId));
            Assert.All(audit, a => Assert.Contains(email, a.Target));
            Assert.Equal("10.0.0.7", audit[1].RemoteIp);
            Assert.DoesNotContain(audit, a => (a.Detail ?? "").Contains(mail.Token, StringComparison.Ordinal));
            Assert.Null((await context.Invitations.SingleAsync()).PendingToken);
        }
    }

    [Fact]
    public async Task A_re_issued_invitation_kills_the_old_link_and_an_expired_one_is_refused()
    {
        var (db, services, dx, head) = await SetUpAsync();
        await using var _ = db;
        await using var __ = services;
        var invitations = services.GetRequiredService<InvitationService>();
        var email = await EmailOfAsync(db, head.UserId);

        await invitations.IssueAsync(dx.UserId, [head.UserId], Domain);
        var first = await TokenOfAsync(invitations, email);
        await invitations.IssueAsync(dx.UserId, [head.UserId], Domain);
        var second = await TokenOfAsync(invitations, email);
        Assert.NotEqual(first, second);
        Assert.Single(await invitations.PendingMailsAsync());
        Assert.Equal(InvitationState.Replaced, (await invitations.CheckAsync(first)).State);
        using (new CultureScope("ja-JP"))
        {
            var replaced = await Assert.ThrowsAsync<DomainException>(() => invitations.AcceptAsync(first, Password, Password, null));
            Assert.StartsWith("この招待リンクは、新しい招待が送られたため使えなくなりました。", replaced.Message);
        }

        var clock = (FakeTimeProvider)services.GetRequiredService<TimeProvider>();
        clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(InvitationState.Expired, (await invitations.CheckAsync(second)).State);
        Assert.Empty(await invitations.PendingMailsAsync());
        using (new CultureScope("ja-JP"))
        {
            var expired = await Assert.ThrowsAsync<DomainException>(() => invitations.AcceptAsync(second, Password, Password, null));
            Assert.Equal("この招待リンクは有効期限（2026年6月8日 12:00）が切れています。DX推進担当に招待の再送を依頼してください。", expired.Message);
        }
        await using var context = db.CreateDbContext();
        Assert.Null((await context.Users.SingleAsync(u => u.Id == head.UserId)).PasswordHash);
    }

    [Fact]
    public async Task Only_the_DX_team_invites_only_accounts_without_a_password_and_everyone_once()
    {
        var (db, services, dx, head) = await SetUpAsync();
        await using var _ = db;
        await using var __ = services;
        var invitations = services.GetRequiredService<InvitationService>();
        var other = (await db.AddDepartmentsAsync("K02"))[0];
        var second = await db.AddUserAsync(Role.DepartmentHead, other.Id, "保坂 二郎");
        var manager = await db.AddUserAsync(Role.Manager);

        await Assert.ThrowsAsync<AccessDeniedException>(() => invitations.IssueAsync(head.UserId, [second.UserId], Domain));
        await Assert.ThrowsAsync<AccessDeniedException>(() => invitations.IssueAsync(manager.UserId, null, Domain));
        Assert.Empty(await invitations.PendingMailsAsync());

        // Everyone without a password (here all four, the DX team member included), then nobody twice.
        Assert.Equal(4, await invitations.IssueAsync(dx.UserId, null, Domain));
        Assert.Equal(0, await invitations.IssueAsync(dx.UserId, null, Domain));
        var token = await TokenOfAsync(invitations, await EmailOfAsync(db, second.UserId));
        await invitations.AcceptAsync(token, Password, Password, null);
        using (new CultureScope("ja-JP"))
        {
            var refused = await Assert.ThrowsAsync<DomainException>(() => invitations.IssueAsync(dx.UserId, [second.UserId], Domain));
            Assert.Equal("保坂 二郎さんはすでにパスワードを設定しています。招待は、パスワードをまだ設定していないアカウントにだけ送れます。", refused.Message);
        }
        await using var context = db.CreateDbContext();
        Assert.Equal(4, await context.AuditEntries.CountAsync(a => a.Action == AuditActions.InvitationIssued));
        Assert.Equal(2, await context.AuditEntries.CountAsync(a => a.Action == AuditActions.WriteRefused));
    }

    [Fact]
    public async Task A_user_changes_their_own_password_only_with_the_current_one_and_within_the_policy()
    {
        var (db, services, dx, head) = await SetUpAsync();
        await using var _ = db;
        await using var __ = services;
        var invitations = services.GetRequiredService<InvitationService>();
        await invitations.IssueAsync(dx.UserId, [head.UserId], Domain);
        await invitations.AcceptAsync(await TokenOfAsync(invitations, await EmailOfAsync(db, head.UserId)), Password, Password, null);
        const string next = "a brand new long passphrase";

        using (new CultureScope("ja-JP"))
        {
            var wrong = await Assert.ThrowsAsync<DomainException>(() => invitations.ChangeOwnPasswordAsync(head.UserId, "not my password!", next, next, null));
            Assert.Equal("現在のパスワードが正しくありません。", wrong.Message);
            var differ = await Assert.ThrowsAsync<DomainException>(() => invitations.ChangeOwnPasswordAsync(head.UserId, Password, next, next + "!", null));
            Assert.Equal("確認用のパスワードが一致しません。同じパスワードを2回入力してください。", differ.Message);
            var tooShort = await Assert.ThrowsAsync<DomainException>(() => invitations.ChangeOwnPasswordAsync(head.UserId, Password, "short", "short", null));
            Assert.Equal(DomainError.PasswordTooShortForSignIn, tooShort.Error);
        }
        using (new CultureScope("en-US"))
        {
            var wrong = await Assert.ThrowsAsync<DomainException>(() => invitations.ChangeOwnPasswordAsync(head.UserId, "not my password!", next, next, null));
            Assert.Equal("The current password is not correct.", wrong.Message);
        }
        await invitations.ChangeOwnPasswordAsync(head.UserId, Password, next, next, null);

        await using (var scope = services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByIdAsync(head.UserId))!;
            Assert.True(await users.CheckPasswordAsync(user, next));
            Assert.False(await users.CheckPasswordAsync(user, Password));
        }
        await using var context = db.CreateDbContext();
        var changes = await context.AuditEntries.Where(a => a.Action == AuditActions.PasswordChanged).OrderBy(a => a.Id).Select(a => a.Succeeded).ToListAsync();
        Assert.Equal([false, false, true], changes);
    }
}
