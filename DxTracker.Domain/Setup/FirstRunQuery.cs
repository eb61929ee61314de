using DxTracker.Domain.Audit;
using DxTracker.Domain.Data;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Reminders;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Domain.Setup;

/// <summary>The first steps of a new installation, each done or not: the organisation is in (a 課 exists), department heads
/// have accounts, procedures are in (from the inventory or the national catalogue), the reminder settings were saved once.</summary>
public sealed record FirstRunSteps(bool Organisation, bool Heads, bool Procedures, bool Reminders)
{
    public bool AllDone => Organisation && Heads && Procedures && Reminders;
}

/// <summary>Reads the first-run checklist of the DX team's home page.</summary>
public sealed class FirstRunQuery(IDbContextFactory<DxDbContext> dbFactory)
{
    public async Task<FirstRunSteps> StepsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return new FirstRunSteps(
            await db.Departments.AnyAsync(ct),
            await Actors.DepartmentHeads(db).AnyAsync(ct),
            await db.Procedures.AnyAsync(ct),
            await db.AuditEntries.AnyAsync(a => a.Action == AuditActions.SettingsChanged && a.Target == ReminderService.StallThresholdsTarget && a.Succeeded, ct));
    }
}
