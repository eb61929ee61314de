using DxTracker.Domain;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Procedures;
using DxTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace DxTracker.Tests.Persistence;

public sealed class PersistenceTests
{
    private static readonly DateTime Now = new(2026, 6, 1, 3, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Migrate_creates_a_fresh_database_with_the_schema()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateDbContext();
        Assert.True(await db.Database.CanConnectAsync());
        Assert.Equal(TestDatabase.Provider == App.Hosting.DatabaseProvider.Sqlite ? "Microsoft.EntityFrameworkCore.Sqlite" : "Npgsql.EntityFrameworkCore.PostgreSQL", db.Database.ProviderName);
        Assert.Equal(TestDatabase.Provider == App.Hosting.DatabaseProvider.Sqlite, File.Exists(database.FilePath));
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(0, await db.Procedures.CountAsync());
    }

    [Fact]
    public async Task A_procedure_with_history_objections_and_volumes_survives_a_round_trip()
    {
        await using var database = await TestDatabase.CreateAsync();
        var department = (await database.AddDepartmentsAsync("D1"))[0];
        var dx = await database.AddUserAsync(Role.DxTeam, name: "山田");
        int id;
        await using (var db = database.CreateDbContext())
        {
            var p = Procedure.Create(department.Id, new ProcedureFields { Code = "P-1", Name = "転入届", LawName = "住民基本台帳法", IdentityCheck = IdentityCheck.IdDocument, HasFee = false }, dx, Now);
            p.SetVolume(2025, 12000, 3000, dx, Now);
            p.SetVolume(2024, null, null, dx, Now);
            p.MoveTo(ProcedureStatus.ObjectionRaised, dx, Now.AddDays(1), new MoveDetails("ヒアリングで確認", Objection: new NewObjection(ObjectionCategory.IdentityVerification, "窓口での本人確認が必要", "マイナンバーカードの公的個人認証で代替できる")));
            p.MoveTo(ProcedureStatus.InProgress, dx, Now.AddDays(2));
            db.Procedures.Add(p);
            await db.SaveChangesAsync();
            id = p.Id;
        }
        await using (var db = database.CreateDbContext())
        {
            var p = await db.Procedures.Include(x => x.History).Include(x => x.Objections).Include(x => x.Volumes).SingleAsync(x => x.Id == id);
            Assert.Equal(ProcedureStatus.InProgress, p.Status);
            Assert.Equal(DateTimeKind.Utc, p.StatusChangedAtUtc.Kind);
            Assert.Equal(Now.AddDays(2), p.StatusChangedAtUtc);
            Assert.Equal([ProcedureStatus.ObjectionRaised, ProcedureStatus.InProgress], p.History.OrderBy(h => h.AtUtc).Select(h => h.ToStatus));
            var objection = Assert.Single(p.Objections);
            Assert.Equal((ObjectionCategory.IdentityVerification, "マイナンバーカードの公的個人認証で代替できる", "山田"), (objection.Category, objection.Rebuttal, objection.RebuttalByName));
            Assert.Equal((12000L, 3000L), (p.Volumes.Single(v => v.FiscalYear == 2025).Total!.Value, p.Volumes.Single(v => v.FiscalYear == 2025).Online!.Value));
            Assert.Null(p.Volumes.Single(v => v.FiscalYear == 2024).Total);
            Assert.Equal(IdentityCheck.IdDocument, p.IdentityCheck);
        }
        // Enums are stored as their names.
        await using (var db = database.CreateDbContext())
        {
            var raw = await db.Database.SqlQueryRaw<string>("SELECT \"Status\" AS \"Value\" FROM \"Procedures\"").SingleAsync();
            Assert.Equal("InProgress", raw);
        }
    }

    [Fact]
    public async Task A_stale_save_raises_a_conflict_naming_who_saved_first()
    {
        await using var database = await TestDatabase.CreateAsync();
        var department = (await database.AddDepartmentsAsync("D1"))[0];
        var first = await database.AddUserAsync(Role.DxTeam, name: "先に保存した人");
        var second = await database.AddUserAsync(Role.DepartmentHead, department.Id, "後から保存した人");
        int id;
        await using (var db = database.CreateDbContext())
        {
            var p = Procedure.Create(department.Id, new ProcedureFields { Code = "P-9", Name = "犬の登録" }, first, Now);
            db.Procedures.Add(p);
            await db.SaveChangesAsync();
            id = p.Id;
        }
        // Two contexts load the same version; the first saves; the second's save must fail at the database.
        await using var a = database.CreateDbContext();
        await using var b = database.CreateDbContext();
        var pa = await a.Procedures.SingleAsync(x => x.Id == id);
        var pb = await b.Procedures.SingleAsync(x => x.Id == id);
        pa.Update(pa.Fields with { Name = "犬の登録申請" }, first, Now.AddMinutes(1));
        await a.SaveChangesAsync();
        Assert.Equal(1, pa.Version);
        pb.Update(pb.Fields with { Notes = "上書きしてはいけない" }, second, Now.AddMinutes(2));
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => b.SaveChangesAsync());

        // Through the service, the stale version gives a readable conflict and nothing is written.
        var service = new ProcedureService(database, new FakeTimeProvider(Now.AddMinutes(3)), database.Audit(TimeProvider.System));
        using var _ = new Support.CultureScope("ja-JP");
        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            service.UpdateAsync(second.UserId, id, expectedVersion: 0, pb.Fields with { Notes = "上書きしてはいけない" }));
        Assert.Equal("先に保存した人", conflict.ChangedBy);
        Assert.Contains("先に保存した人さんが", conflict.Message);
        await using var check = database.CreateDbContext();
        var stored = await check.Procedures.SingleAsync(x => x.Id == id);
        Assert.Equal(("犬の登録申請", (string?)null, 1), (stored.Name, stored.Notes, stored.Version));
    }

    [Fact]
    public async Task Service_rechecks_the_role_in_the_database_not_the_callers_claims()
    {
        await using var database = await TestDatabase.CreateAsync();
        var departments = await database.AddDepartmentsAsync("D1", "D2");
        var dx = await database.AddUserAsync(Role.DxTeam);
        var headOfOther = await database.AddUserAsync(Role.DepartmentHead, departments[1].Id);
        int id;
        await using (var db = database.CreateDbContext())
        {
            var p = Procedure.Create(departments[0].Id, new ProcedureFields { Code = "P-2", Name = "道路占用許可申請" }, dx, Now);
            db.Procedures.Add(p);
            await db.SaveChangesAsync();
            id = p.Id;
        }
        var service = new ProcedureService(database, new FakeTimeProvider(Now), database.Audit(TimeProvider.System));
        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => service.MoveStatusAsync(headOfOther.UserId, id, 0, ProcedureStatus.UnderReview, new MoveDetails()));
        Assert.Equal(DomainError.OtherDepartment, refused.Error);
        await Assert.ThrowsAsync<AccessDeniedException>(() => service.MoveStatusAsync("no-such-user", id, 0, ProcedureStatus.UnderReview, new MoveDetails()));

        // Moving the head to the procedure's department in the database is enough: no new sign-in needed.
        await using (var db = database.CreateDbContext())
        {
            var user = await db.Users.SingleAsync(u => u.Id == headOfOther.UserId);
            user.DepartmentId = departments[0].Id;
            await db.SaveChangesAsync();
        }
        var version = await service.MoveStatusAsync(headOfOther.UserId, id, 0, ProcedureStatus.UnderReview, new MoveDetails("検討開始"));
        Assert.Equal(1, version);
    }
}
