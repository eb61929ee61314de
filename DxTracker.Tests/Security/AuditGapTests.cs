using DxTracker.App.Features.Admin;
using DxTracker.Domain;
using DxTracker.Domain.Audit;
using DxTracker.Domain.Excel;
using DxTracker.Domain.Identity;
using DxTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DxTracker.Tests.Security;

/// <summary>Acts that moved data or rights without leaving a trace in the audit log.</summary>
public sealed class AuditGapTests
{
    private static async Task<List<AuditEntry>> AuditAsync(TestDatabase database)
    {
        await using var db = database.CreateDbContext();
        return await db.AuditEntries.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
    }

    [Fact]
    public async Task Unlocking_and_disabling_a_user_leave_audit_rows_naming_who_did_it_to_whom()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var services = await AdminServices.BuildAsync(database);
        var admin = await database.AddUserAsync(Role.DxTeam, name: "山田 花子");
        var target = await database.AddUserAsync(Role.Manager, name: "田中 誠一");
        var users = services.GetRequiredService<UserAdminService>();

        await users.DisableSignInAsync(admin.UserId, target.UserId);
        await users.UnlockAsync(admin.UserId, target.UserId);

        var rows = await AuditAsync(database);
        Assert.Equal([AuditActions.UserDisabled, AuditActions.UserUnlocked], rows.Select(r => r.Action));
        Assert.All(rows, r => Assert.Equal((admin.UserId, "山田 花子", true), (r.UserId, r.UserName, r.Succeeded)));
        Assert.All(rows, r => Assert.Contains(target.UserId, r.Target));
    }

    [Fact]
    public async Task Exporting_the_whole_inventory_from_the_import_page_is_audited_and_refused_to_other_roles()
    {
        await using var database = await TestDatabase.CreateAsync();
        var departments = await database.AddDepartmentsAsync("K01");
        var dx = await database.AddUserAsync(Role.DxTeam, name: "山田 花子");
        var head = await database.AddUserAsync(Role.DepartmentHead, departments[0].Id, "戸籍課長");
        var clock = new FakeTimeProvider(AdminServices.Now);
        var exporter = new InventoryExportService(database, clock, database.Audit(clock), new DxTracker.Domain.Organisation.OfficeSettings());

        var bytes = await exporter.ExportAsync(dx.UserId, "/import", "手続棚卸し表_20260601.xlsx");
        Assert.NotEmpty(bytes);
        await Assert.ThrowsAsync<AccessDeniedException>(() => exporter.ExportAsync(head.UserId, "/import", "手続棚卸し表_20260601.xlsx"));

        var rows = await AuditAsync(database);
        Assert.Equal([(AuditActions.Export, dx.UserId, true), (AuditActions.WriteRefused, head.UserId, false)],
            rows.Select(r => (r.Action, r.UserId, r.Succeeded)));
        Assert.Equal(("/import", "手続棚卸し表_20260601.xlsx"), (rows[0].Target, rows[0].Detail));
    }
}
