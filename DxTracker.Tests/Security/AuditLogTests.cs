using DxTracker.Domain.Audit;
using DxTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace DxTracker.Tests.Security;

public sealed class AuditLogTests
{
    private static readonly DateTime Now = new(2026, 6, 1, 3, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Audit_rows_cannot_be_changed_or_deleted_through_the_context()
    {
        await using var database = await TestDatabase.CreateAsync();
        await database.Audit(new FakeTimeProvider(Now)).WriteAsync(AuditActions.SignIn, "u1", "a@example.jp", null, null, true, "10.0.0.1");

        await using (var db = database.CreateDbContext())
        {
            var row = await db.AuditEntries.SingleAsync();
            row.Succeeded = false;
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }
        await using (var db = database.CreateDbContext())
        {
            db.AuditEntries.Remove(await db.AuditEntries.SingleAsync());
            Assert.Throws<InvalidOperationException>(() => db.SaveChanges());
        }
        await using var check = database.CreateDbContext();
        var stored = await check.AuditEntries.SingleAsync();
        Assert.Equal((AuditActions.SignIn, "a@example.jp", "10.0.0.1", true, Now), (stored.Action, stored.UserName, stored.RemoteIp, stored.Succeeded, stored.AtUtc));
    }

    [Fact]
    public async Task Audit_rows_cannot_be_changed_or_deleted_even_with_bulk_SQL()
    {
        await using var database = await TestDatabase.CreateAsync();
        await database.Audit(TimeProvider.System).WriteAsync(AuditActions.SignInFailed, null, "x@example.jp", null, null, false);
        await using var db = database.CreateDbContext();
        await Assert.ThrowsAnyAsync<Exception>(() => db.AuditEntries.ExecuteDeleteAsync());
        await Assert.ThrowsAnyAsync<Exception>(() => db.AuditEntries.ExecuteUpdateAsync(s => s.SetProperty(a => a.UserName, "someone else")));
        var stored = await db.AuditEntries.AsNoTracking().SingleAsync();
        Assert.Equal("x@example.jp", stored.UserName);
    }

    [Fact]
    public async Task The_filter_pages_newest_first_and_matches_action_user_and_Japan_days()
    {
        await using var database = await TestDatabase.CreateAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 4, 30, 14, 30, 0, TimeSpan.Zero)); // 2026-04-30 23:30 JST
        var audit = database.Audit(clock);
        for (var i = 0; i < 30; i++)
        {
            await audit.WriteAsync(i % 3 == 0 ? AuditActions.SignInFailed : AuditActions.SignIn, null, i % 2 == 0 ? "yamada@city.jp" : "sato@city.jp", null, i.ToString(System.Globalization.CultureInfo.InvariantCulture), i % 3 != 0);
            clock.Advance(TimeSpan.FromMinutes(2)); // from the 10th row on, it is 2026-05-01 in Japan
        }
        await using var db = database.CreateDbContext();

        var (page, total) = await new AuditFilter().PageAsync(db, 0, 10);
        Assert.Equal(30, total);
        Assert.Equal(Enumerable.Range(20, 10).Reverse().Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), page.Select(r => r.Detail));

        var (_, failed) = await new AuditFilter(Action: AuditActions.SignInFailed).PageAsync(db, 0, 100);
        Assert.Equal(10, failed);
        var (yamada, yamadaTotal) = await new AuditFilter(User: "yamada").PageAsync(db, 10, 10);
        Assert.Equal(15, yamadaTotal);
        Assert.All(yamada, r => Assert.Equal("yamada@city.jp", r.UserName));
        Assert.Equal(5, yamada.Count);
        var (_, april30) = await new AuditFilter(To: new DateOnly(2026, 4, 30)).PageAsync(db, 0, 100);
        var (_, may1) = await new AuditFilter(From: new DateOnly(2026, 5, 1), To: new DateOnly(2026, 5, 1)).PageAsync(db, 0, 100);
        Assert.Equal((15, 15), (april30, may1));
        Assert.Equal([AuditActions.SignIn, AuditActions.SignInFailed], await AuditFilter.ActionsAsync(db));
    }
}
