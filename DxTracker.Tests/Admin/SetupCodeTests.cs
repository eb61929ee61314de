using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using DxTracker.Domain;
using DxTracker.Domain.Audit;
using DxTracker.Domain.Identity;
using DxTracker.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DxTracker.Tests.Admin;

/// <summary>Setup codes (the invitations of an install without SMTP) through the real service, Identity (the app's password
/// and lockout rules) and a real database; the clock is fake.</summary>
public sealed partial class SetupCodeTests
{
    private const string Password = "correct horse battery staple";

    [GeneratedRegex("^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}$")]
    private static partial Regex CodeFormat();

    private static async Task<(TestDatabase Db, ServiceProvider Services, Actor Dx, Actor Head, string Email)> SetUpAsync()
    {
        var db = await TestDatabase.CreateAsync();
        var services = await AdminServices.BuildAsync(db);
        var department = (await db.AddDepartmentsAsync("K01"))[0];
        var dx = await db.AddUserAsync(Role.DxTeam);
        var head = await db.AddUserAsync(Role.DepartmentHead, department.Id, "戸田 一郎");
        await using var context = db.CreateDbContext();
        // As the organisation import and the users page create accounts: lockout on.
        await context.Users.Where(u => u.Id == head.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnabled, true));
        var email = await context.Users.Where(u => u.Id == head.UserId).Select(u => u.Email!).SingleAsync();
        return (db, services, dx, head, email);
    }

    [Fact]
    public async Task A_setup_code_is_kept_only_hashed_sets_the_password_once_and_wrong_attempts_are_refused_and_audited()
    {
        var (db, services, dx, head, email) = await SetUpAsync();
        await using var _ = db;
        await using var __ = services;
        var invitations = services.GetRequiredService<InvitationService>();

        await Assert.ThrowsAsync<AccessDeniedException>(() => invitations.IssueSetupCodesAsync(head.UserId, [head.UserId]));
        var issued = Assert.Single(await invitations.IssueSetupCodesAsync(dx.UserId, [head.UserId]));
        Assert.Matches(CodeFormat(), issued.Code);
        Assert.Equal(("戸田 一郎", email, AdminServices.Now.UtcDateTime.AddDays(7)), (issued.DisplayName, issued.Email, issued.ExpiresAtUtc));
        Assert.NotNull(issued.Department);
        await using (var context = db.CreateDbContext())
        {
            var stored = await context.Invitations.SingleAsync();
            var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"setup-code:{head.UserId}:{issued.Code.Replace("-", "")}")));
            Assert.Equal(expected, stored.TokenHash);
            Assert.Null(stored.PendingToken);
            Assert.DoesNotContain(issued.Code.Replace("-", ""), stored.TokenHash + stored.MessageId, StringComparison.OrdinalIgnoreCase);
            // Handed out with the list: no mail waits for it, the mail job never sends it.
            Assert.NotNull(stored.SentAtUtc);
        }
        Assert.Empty(await invitations.PendingMailsAsync());
        Assert.Equal(0, await invitations.WaitingCountAsync());
        // A code is not a link's token.
        Assert.Equal(InvitationState.Unknown, (await invitations.CheckAsync(issued.Code)).State);

        var other = await db.AddUserAsync(Role.Manager);
        string otherEmail;
        await using (var context = db.CreateDbContext())
            otherEmail = await context.Users.Where(u => u.Id == other.UserId).Select(u => u.Email!).SingleAsync();
        using (new CultureScope("ja-JP"))
        {
            const string unknown = "メールアドレスまたはセットアップコードが正しくありません。配られた一覧のとおりに入力してください（ハイフンや空白は省いても構いません）。それでも通らない場合は、DX推進担当にコードの再発行を依頼してください。";
            var wrongCode = issued.Code[..^1] + (issued.Code[^1] == '2' ? '3' : '2');
            Assert.Equal(unknown, (await Assert.ThrowsAsync<DomainException>(() => invitations.AcceptCodeAsync(email, wrongCode, Password, Password, "10.0.0.9"))).Message);
            Assert.Equal(unknown, (await Assert.ThrowsAsync<DomainException>(() => invitations.AcceptCodeAsync("nobody@city.example.jp", issued.Code, Password, Password, null))).Message);
            Assert.Equal(unknown, (await Assert.ThrowsAsync<DomainException>(() => invitations.AcceptCodeAsync(otherEmail, issued.Code, Password, Password, null))).Message);
            var tooShort = await Assert.ThrowsAsync<DomainException>(() => invitations.AcceptCodeAsync(email, issued.Code, "短すぎる", "短すぎる", null));
            Assert.Equal("パスワードは12文字以上で入力してください。", tooShort.Message);
        }

        // Typed in lower case, full-width, with spaces instead of hyphens: the same code.
        var typed = string.Concat(issued.Code.ToLowerInvariant().Replace('-', ' ').Select(c => c == ' ' ? ' ' : (char)(c + 0xFEE0)));
        Assert.Equal(email, await invitations.AcceptCodeAsync(" " + email.ToUpperInvariant() + " ", typed, Password, Password, "10.0.0.7"));
        await using (var scope = services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByIdAsync(head.UserId))!;
            Assert.True(await users.CheckPasswordAsync(user, Password));
            Assert.Equal(0, user.AccessFailedCount);
        }
        using (new CultureScope("ja-JP"))
        {
            var again = await Assert.ThrowsAsync<DomainException>(() => invitations.AcceptCodeAsync(email, issued.Code, Password + "2", Password + "2", null));
            Assert.Equal("このセットアップコードはすでに使われています（パスワードは設定済みです）。サインイン画面からサインインしてください。パスワードが分からない場合はDX推進担当に連絡してください。", again.Message);
        }

        await using (var context = db.CreateDbContext())
        {
            var audit = await context.AuditEntries.OrderBy(a => a.Id).Select(a => new { a.Action, a.UserId, a.Detail, a.Succeeded, a.RemoteIp }).ToListAsync();
            Assert.Equal([AuditActions.WriteRefused, AuditActions.InvitationIssued, AuditActions.SetupCodeRefused, AuditActions.SetupCodeRefused,
                AuditActions.SetupCodeRefused, AuditActions.InvitationAccepted, AuditActions.SetupCodeRefused], audit.Select(a => a.Action));
            Assert.Equal([head.UserId, dx.UserId, head.UserId, null, other.UserId, head.UserId, head.UserId], audit.Select(a => a.UserId));
            Assert.Equal(["Unknown", "Unknown", "Unknown", "Used"], audit.Where(a => a.Action == AuditActions.SetupCodeRefused).Select(a => a.Detail));
            Assert.Equal("10.0.0.9", audit[2].RemoteIp);
            Assert.Equal(("setup code", "10.0.0.7"), (audit[5].Detail, audit[5].RemoteIp));
            Assert.DoesNotContain(audit, a => (a.Detail ?? "").Contains(issued.Code.Replace("-", ""), StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task A_re_issued_code_kills_the_old_one_an_expired_one_is_refused_and_wrong_codes_lock_the_account()
    {
        var (db, services, dx, head, email) = await SetUpAsync();
        await using var _ = db;
        await using var __ = services;
        var invitations = services.GetRequiredService<InvitationService>();

        var first = Assert.Single(await invitations.IssueSetupCodesAsync(dx.UserId, [head.UserId])).Code;
        // Everyone without a password and a live invitation: the head has one now, so only the DX team member.
        Assert.Equal([dx.UserId], await UserIdsAsync(db, await invitations.IssueSetupCodesAsync(dx.UserId, null)));
        var second = Assert.Single(await invitations.IssueSetupCodesAsync(dx.UserId, [head.UserId])).Code;
        Assert.NotEqual(first, second);
        using (new CultureScope("ja-JP"))
        {
            var replaced = await Assert.ThrowsAsync<DomainException>(() => invitations.AcceptCodeAsync(email, first, Password, Password, null));
            Assert.Equal("このセットアップコードは、新しいコードが発行されたため使えなくなりました。いちばん新しく受け取ったコードを入力してください。", replaced.Message);
        }

        var clock = (FakeTimeProvider)services.GetRequiredService<TimeProvider>();
        clock.Advance(TimeSpan.FromDays(7));
        using (new CultureScope("ja-JP"))
        {
            var expired = await Assert.ThrowsAsync<DomainException>(() => invitations.AcceptCodeAsync(email, second, Password, Password, null));
            Assert.Equal("このセットアップコードは有効期限（2026年6月8日 12:00）が切れています。DX推進担当にコードの再発行を依頼してください。", expired.Message);
        }

        // A new code; five wrong ones lock the account, and then even the right one waits.
        var third = Assert.Single(await invitations.IssueSetupCodesAsync(dx.UserId, [head.UserId])).Code;
        for (var i = 0; i < 5; i++)
        {
            var refused = await Assert.ThrowsAsync<DomainException>(() => invitations.AcceptCodeAsync(email, "2222-2222-2222", Password, Password, null));
            Assert.Equal(DomainError.SetupCodeUnknown, refused.Error);
        }
        var locked = await Assert.ThrowsAsync<DomainException>(() => invitations.AcceptCodeAsync(email, third, Password, Password, null));
        Assert.Equal(DomainError.SetupCodeLockedOut, locked.Error);
        await using var context = db.CreateDbContext();
        Assert.Null((await context.Users.SingleAsync(u => u.Id == head.UserId)).PasswordHash);
        var latest = await context.Invitations.Where(i => i.UserId == head.UserId).OrderByDescending(i => i.Id).FirstAsync();
        Assert.Equal((null, null), (latest.UsedAtUtc, latest.RevokedAtUtc));
        Assert.Equal(2, await context.Invitations.CountAsync(i => i.UserId == head.UserId && i.RevokedAtUtc != null));
    }

    private static async Task<List<string>> UserIdsAsync(TestDatabase db, IReadOnlyList<SetupCode> codes)
    {
        var emails = codes.Select(c => c.Email).ToList();
        await using var context = db.CreateDbContext();
        return await context.Users.Where(u => emails.Contains(u.Email!)).Select(u => u.Id).ToListAsync();
    }
}
