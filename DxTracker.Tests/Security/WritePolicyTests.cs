using DxTracker.Domain;
using DxTracker.Domain.Audit;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Procedures;
using DxTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace DxTracker.Tests.Security;

/// <summary>Every write method of the services × role × own/other department: allowed or refused, and every refusal
/// is in the audit log with who, what and the reason (nothing written).</summary>
public sealed class WritePolicyTests
{
    private static readonly DateTime Now = new(2026, 6, 1, 3, 0, 0, DateTimeKind.Utc);

    public enum Write
    {
        Update,
        MoveStatus,
    }

    public enum Scope
    {
        Own,
        Other,
    }

    public static TheoryData<Write, Role, Scope, bool> Policy()
    {
        var data = new TheoryData<Write, Role, Scope, bool>();
        foreach (var write in Enum.GetValues<Write>())
        {
            data.Add(write, Role.DxTeam, Scope.Own, true);
            data.Add(write, Role.DxTeam, Scope.Other, true);
            data.Add(write, Role.DepartmentHead, Scope.Own, true);
            data.Add(write, Role.DepartmentHead, Scope.Other, false);
            data.Add(write, Role.Manager, Scope.Own, false);
            data.Add(write, Role.Manager, Scope.Other, false);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Policy))]
    public async Task Procedure_writes_follow_the_policy_and_refusals_are_audited(Write write, Role role, Scope scope, bool allowed)
    {
        await using var database = await TestDatabase.CreateAsync();
        var departments = await database.AddDepartmentsAsync("OWN", "OTHER");
        var dx = await database.AddUserAsync(Role.DxTeam);
        // A manager has no department of their own; "own" then means the department stored on the user row.
        var actor = await database.AddUserAsync(role, role == Role.DxTeam ? null : departments[0].Id, "試験 太郎");
        var id = await AddProcedureAsync(database, (scope == Scope.Own ? departments[0] : departments[1]).Id, dx);
        var service = new ProcedureService(database, new FakeTimeProvider(Now.AddHours(1)), database.Audit(new FakeTimeProvider(Now.AddHours(1))));
        Task<int> Act() => write switch
        {
            Write.Update => service.UpdateAsync(actor.UserId, id, 0, new ProcedureFields { Code = "P-1", Name = "転入届（変更）" }),
            _ => service.MoveStatusAsync(actor.UserId, id, 0, ProcedureStatus.UnderReview, new MoveDetails("検討開始")),
        };

        if (allowed)
        {
            Assert.Equal(1, await Act());
        }
        else
        {
            var refused = await Assert.ThrowsAsync<AccessDeniedException>(Act);
            Assert.Equal(role == Role.Manager ? DomainError.NotPermitted : DomainError.OtherDepartment, refused.Error);
        }

        await using var check = database.CreateDbContext();
        Assert.Equal(allowed ? 1 : 0, await check.Procedures.Where(p => p.Id == id).Select(p => p.Version).SingleAsync());
        var audit = await check.AuditEntries.AsNoTracking().Where(a => a.Action == AuditActions.WriteRefused).ToListAsync();
        if (allowed)
        {
            Assert.Empty(audit);
            return;
        }
        var row = Assert.Single(audit);
        Assert.Equal((actor.UserId, "試験 太郎", $"Procedure {id}", false, Now.AddHours(1)), (row.UserId, row.UserName, row.Target, row.Succeeded, row.AtUtc));
        Assert.Equal((role == Role.Manager ? DomainError.NotPermitted : DomainError.OtherDepartment).ToString(), row.Detail);
    }

    [Theory]
    [InlineData(Role.DxTeam, true)]
    [InlineData(Role.DepartmentHead, false)]
    [InlineData(Role.Manager, false)]
    public async Task Inventory_import_is_for_the_DX_team_and_is_audited_either_way(Role role, bool allowed)
    {
        await using var database = await TestDatabase.CreateAsync();
        var department = (await database.AddDepartmentsAsync("D1"))[0];
        var dx = await database.AddUserAsync(Role.DxTeam, name: "DX");
        await Excel.ExcelFixtures.AddProceduresAsync(database, dx, department.Id, 2, Now);
        var actor = await database.AddUserAsync(role, department.Id, "試験 花子");
        using var file = new MemoryStream(await Excel.ExcelFixtures.Exporter(database).ExportAsync());
        var importer = Excel.ExcelFixtures.Importer(database);

        if (allowed)
            Assert.True((await importer.ImportInventoryAsync(actor.UserId, file)).Committed);
        else
            Assert.Equal(DomainError.NotPermitted, (await Assert.ThrowsAsync<AccessDeniedException>(() => importer.ImportInventoryAsync(actor.UserId, file))).Error);

        await using var check = database.CreateDbContext();
        var row = await check.AuditEntries.AsNoTracking().SingleAsync();
        Assert.Equal(allowed
                ? (AuditActions.Import, "Inventory", "0 new, 0 changed, 2 unchanged", true)
                : (AuditActions.WriteRefused, "Inventory import", nameof(DomainError.NotPermitted), false),
            (row.Action, row.Target, row.Detail, row.Succeeded));
        Assert.Equal((actor.UserId, "試験 花子"), (row.UserId, row.UserName));
    }

    [Fact]
    public async Task A_write_by_an_unknown_user_is_refused_and_audited()
    {
        await using var database = await TestDatabase.CreateAsync();
        var department = (await database.AddDepartmentsAsync("D1"))[0];
        var id = await AddProcedureAsync(database, department.Id, await database.AddUserAsync(Role.DxTeam));
        var service = new ProcedureService(database, TimeProvider.System, database.Audit(TimeProvider.System));
        await Assert.ThrowsAsync<AccessDeniedException>(() => service.MoveStatusAsync("deleted-user", id, 0, ProcedureStatus.UnderReview, new MoveDetails()));
        await using var check = database.CreateDbContext();
        var row = await check.AuditEntries.SingleAsync();
        Assert.Equal((AuditActions.WriteRefused, "deleted-user", (string?)null, nameof(DomainError.NotPermitted)), (row.Action, row.UserId, row.UserName, row.Detail));
    }

    private static async Task<int> AddProcedureAsync(TestDatabase database, int departmentId, Actor createdBy)
    {
        await using var db = database.CreateDbContext();
        var p = Procedure.Create(departmentId, new ProcedureFields { Code = "P-1", Name = "転入届" }, createdBy, Now);
        db.Procedures.Add(p);
        await db.SaveChangesAsync();
        return p.Id;
    }
}
