using DxTracker.App.Features.Admin;
using DxTracker.App.Hosting;
using DxTracker.Domain;
using DxTracker.Domain.Audit;
using DxTracker.Domain.Data;
using DxTracker.Domain.Hearings;
using DxTracker.Domain.Identity;
using DxTracker.Domain.National;
using DxTracker.Domain.Organisation;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reminders;
using DxTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
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

    /// <summary>The administration and hearing writes: everything but linking a procedure to the national catalogue is
    /// for the DX team alone; the head of a department may link its own procedures.</summary>
    public enum AdminWrite
    {
        RecordHearing,
        SaveDepartment,
        ChangeUserAssignment,
        AssignProcedure,
        SaveStallThresholds,
        AcceptNationalLinks,
        LinkNational,
    }

    public static TheoryData<AdminWrite, Role, Scope, bool> AdminPolicy()
    {
        var data = new TheoryData<AdminWrite, Role, Scope, bool>();
        foreach (var write in Enum.GetValues<AdminWrite>())
            foreach (var scope in Enum.GetValues<Scope>())
            {
                data.Add(write, Role.DxTeam, scope, true);
                data.Add(write, Role.DepartmentHead, scope, write == AdminWrite.LinkNational && scope == Scope.Own);
                data.Add(write, Role.Manager, scope, false);
            }
        return data;
    }

    [Theory]
    [MemberData(nameof(AdminPolicy))]
    public async Task Hearing_organisation_user_and_national_link_writes_follow_the_policy_and_refusals_are_audited(AdminWrite write, Role role, Scope scope, bool allowed)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var services = await AdminServices.BuildAsync(database);
        var departments = await database.AddDepartmentsAsync("OWN", "OTHER");
        var dx = await database.AddUserAsync(Role.DxTeam);
        var actor = await database.AddUserAsync(role, role == Role.DxTeam ? null : departments[0].Id, "試験 次郎");
        var (inScope, outOfScope) = scope == Scope.Own ? (departments[0], departments[1]) : (departments[1], departments[0]);
        var id = await AddProcedureAsync(database, inScope.Id, dx);
        var target = await database.AddUserAsync(Role.Manager, name: "異動 三郎");
        var clock = new FakeTimeProvider(Now.AddHours(1));
        var audit = database.Audit(clock);
        string? nationalId = null;
        if (write is AdminWrite.LinkNational or AdminWrite.AcceptNationalLinks)
        {
            await using var db = database.CreateDbContext();
            await NationalCatalogue.LoadAsync(db);
            nationalId = await NationalEvidence.Latest(db).OrderBy(n => n.NationalId).Select(n => n.NationalId).FirstAsync();
        }
        if (write == AdminWrite.SaveStallThresholds)
            await SettingsSetup.EnsureDefaultsAsync(database);
        var links = new NationalLinkService(database, clock, audit, new NationalMatcherCache(database));
        var (act, expectedTarget, written) = write switch
        {
            AdminWrite.RecordHearing => (
                (Func<Task>)(() => new HearingService(database, clock, audit, NullLogger<HearingService>.Instance)
                    .RecordHearingAsync(actor.UserId, new HearingInput(inScope.Id, new DateOnly(2026, 5, 29), "課長", "DX担当", "聞き取り",
                        [new HearingProcedureInput { ProcedureId = id, ExpectedVersion = 0, OutcomeNote = "確認した" }], []))),
                $"Hearing of department {inScope.Id}",
                (Func<DxDbContext, Task<bool>>)(db => db.HearingSessions.AnyAsync())),
            AdminWrite.SaveDepartment => (
                () => services.GetRequiredService<OrganisationService>()
                    .SaveDepartmentAsync(actor.UserId, new DepartmentInput(inScope.Id, inScope.DivisionId, inScope.Code, "改名課", 1)),
                $"Department {inScope.Id}",
                db => db.Departments.AnyAsync(d => d.Name == "改名課")),
            AdminWrite.ChangeUserAssignment => (
                () => services.GetRequiredService<UserAdminService>()
                    .ChangeAssignmentAsync(actor.UserId, target.UserId, Role.DepartmentHead, outOfScope.Id),
                $"change role of user {target.UserId}",
                db => db.Users.AnyAsync(u => u.Id == target.UserId && u.DepartmentId == outOfScope.Id)),
            AdminWrite.AssignProcedure => (
                () => services.GetRequiredService<ProcedureAdminService>().AssignAsync(actor.UserId, id, 0, outOfScope.Id),
                $"Procedure {id}",
                db => db.Procedures.AnyAsync(p => p.Id == id && p.DepartmentId == outOfScope.Id)),
            AdminWrite.SaveStallThresholds => (
                () => new ReminderService(database, clock, audit)
                    .SaveThresholdsAsync(actor.UserId, new Dictionary<ProcedureStatus, int> { [ProcedureStatus.UnderReview] = 7 }),
                "Stall thresholds",
                db => db.StallThresholds.AnyAsync(t => t.Status == ProcedureStatus.UnderReview && t.Days == 7)),
            AdminWrite.AcceptNationalLinks => (
                () => links.AcceptAsync(actor.UserId, [(id, nationalId!)]),
                "National links",
                db => db.Procedures.AnyAsync(p => p.Id == id && p.NationalProcedureId == nationalId)),
            _ => (
                () => links.LinkAsync(actor.UserId, id, nationalId),
                $"National link of procedure {id}",
                db => db.Procedures.AnyAsync(p => p.Id == id && p.NationalProcedureId == nationalId)),
        };

        var expectedError = role == Role.DepartmentHead && write == AdminWrite.LinkNational ? DomainError.OtherDepartment : DomainError.NotPermitted;
        if (allowed)
            await act();
        else
            Assert.Equal(expectedError, (await Assert.ThrowsAsync<AccessDeniedException>(act)).Error);

        await using var check = database.CreateDbContext();
        Assert.Equal(allowed, await written(check));
        var refusals = await check.AuditEntries.AsNoTracking().Where(a => a.Action == AuditActions.WriteRefused).ToListAsync();
        if (allowed)
        {
            Assert.Empty(refusals);
            return;
        }
        var row = Assert.Single(refusals);
        Assert.Equal((actor.UserId, "試験 次郎", expectedTarget, expectedError.ToString(), false),
            (row.UserId, row.UserName, row.Target, row.Detail, row.Succeeded));
    }

    [Fact]
    public async Task A_role_and_department_change_is_audited_with_who_whom_and_old_and_new_values()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var services = await AdminServices.BuildAsync(database);
        var departments = await database.AddDepartmentsAsync("K01", "K02");
        var dx = await database.AddUserAsync(Role.DxTeam, name: "DX 一郎");
        var target = await database.AddUserAsync(Role.DepartmentHead, departments[0].Id, "異動 三郎");
        var users = services.GetRequiredService<UserAdminService>();

        await users.ChangeAssignmentAsync(dx.UserId, target.UserId, Role.DepartmentHead, departments[1].Id);
        await users.ChangeAssignmentAsync(dx.UserId, target.UserId, Role.Manager, null);

        await using var check = database.CreateDbContext();
        var email = await check.Users.Where(u => u.Id == target.UserId).Select(u => u.Email).SingleAsync();
        var rows = await check.AuditEntries.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(
            [
                (AuditActions.UserChanged, dx.UserId, "DX 一郎", $"User {email} ({target.UserId})", $"role DepartmentHead → DepartmentHead, department {departments[0].Id} → {departments[1].Id}", true),
                (AuditActions.UserChanged, dx.UserId, "DX 一郎", $"User {email} ({target.UserId})", $"role DepartmentHead → Manager, department {departments[1].Id} → -", true),
            ],
            rows.Select(r => (r.Action, r.UserId, r.UserName, r.Target, r.Detail, r.Succeeded)));
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
