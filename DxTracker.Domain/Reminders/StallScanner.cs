using DxTracker.Domain.Data;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reporting;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Domain.Reminders;

/// <summary>What one scan found and wrote.</summary>
public sealed record ScanResult(int StalledProcedures, int OverdueFollowUps, int RemindersCreated);

/// <summary>Finds the procedures that stayed longer than their <see cref="StallThreshold"/> in an active status and the
/// hearing follow-ups past due, and writes one <see cref="Reminder"/> per item, stall and recipient (the department's
/// head(s) and every DX team member). Re-entrant: the unique key (kind, item, stall start, user) makes a second run,
/// a retry or a concurrent run a no-op; a status move gives a new stall start and so a new reminder later.</summary>
public sealed class StallScanner(IDbContextFactory<DxDbContext> dbFactory, TimeProvider clock)
{
    private sealed record Candidate(ReminderKind Kind, int ItemId, DateTime StallStartUtc, int DepartmentId, string Title);

    public async Task<ScanResult> ScanAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var procedures = await StalledProceduresAsync(db, now, ct);
        var followUps = await OverdueFollowUpsAsync(db, now, ct);
        var created = await WriteRemindersAsync(db, [.. procedures, .. followUps], now, ct);
        return new ScanResult(procedures.Count, followUps.Count, created);
    }

    /// <summary>The procedures stalled at <paramref name="utcNow"/>: one query per threshold, the date filters in SQL.
    /// NotConsidered counts only once the department has had its first hearing, from the later of that hearing's day
    /// (00:00 Japan time) and the status change.</summary>
    public static IQueryable<Procedure> Stalled(DxDbContext db, ProcedureStatus status, int days, DateTime utcNow)
    {
        var cutoff = utcNow.AddDays(-days);
        var query = db.Procedures.Where(p => p.Status == status && p.StatusChangedAtUtc <= cutoff);
        if (status != ProcedureStatus.NotConsidered)
            return query;
        var lastHearingDay = JapanDate(cutoff);
        return query.Where(p => db.HearingSessions.Any(h => h.DepartmentId == p.DepartmentId && h.HeldOn <= lastHearingDay));
    }

    private static async Task<List<Candidate>> StalledProceduresAsync(DxDbContext db, DateTime now, CancellationToken ct)
    {
        var thresholds = await db.StallThresholds.AsNoTracking().ToListAsync(ct);
        var found = new List<Candidate>();
        foreach (var threshold in thresholds.Where(t => Workflow.Active.Contains(t.Status)))
        {
            var rows = await Stalled(db, threshold.Status, threshold.Days, now).AsNoTracking()
                .Select(p => new
                {
                    p.Id,
                    p.DepartmentId,
                    p.Code,
                    p.Name,
                    p.StatusChangedAtUtc,
                    FirstHearing = db.HearingSessions.Where(h => h.DepartmentId == p.DepartmentId).Min(h => (DateOnly?)h.HeldOn),
                })
                .ToListAsync(ct);
            found.AddRange(rows.Select(r => new Candidate(
                ReminderKind.StalledProcedure,
                r.Id,
                threshold.Status == ProcedureStatus.NotConsidered && r.FirstHearing is { } first && JapanMidnightUtc(first) > r.StatusChangedAtUtc
                    ? JapanMidnightUtc(first)
                    : r.StatusChangedAtUtc,
                r.DepartmentId,
                Title($"{r.Code} {r.Name}"))));
        }
        return found;
    }

    private static async Task<List<Candidate>> OverdueFollowUpsAsync(DxDbContext db, DateTime now, CancellationToken ct)
    {
        var today = JapanDate(now);
        var rows = await db.FollowUpActions.AsNoTracking()
            .Where(f => f.DoneAtUtc == null && f.DueOn < today)
            .Select(f => new { f.Id, f.DueOn, f.HearingSession!.DepartmentId, f.Description })
            .ToListAsync(ct);
        return rows.Select(r => new Candidate(ReminderKind.OverdueFollowUp, r.Id, JapanMidnightUtc(r.DueOn), r.DepartmentId, Title(r.Description))).ToList();
    }

    private static async Task<int> WriteRemindersAsync(DxDbContext db, List<Candidate> candidates, DateTime now, CancellationToken ct)
    {
        if (candidates.Count == 0)
            return 0;
        var departmentIds = candidates.Select(c => c.DepartmentId).Distinct().ToList();
        var heads = await UsersInRole(db, Role.DepartmentHead)
            .Where(u => u.DepartmentId != null && departmentIds.Contains(u.DepartmentId.Value))
            .Select(u => new { u.Id, DepartmentId = u.DepartmentId!.Value })
            .ToListAsync(ct);
        var dxTeam = await UsersInRole(db, Role.DxTeam).Select(u => u.Id).ToListAsync(ct);
        var headsByDepartment = heads.ToLookup(h => h.DepartmentId, h => h.Id);

        var wanted = candidates
            .SelectMany(c => headsByDepartment[c.DepartmentId].Concat(dxTeam).Distinct().Select(userId => (Candidate: c, UserId: userId)))
            .ToList();

        for (var attempt = 1; ; attempt++)
        {
            var existing = await ExistingKeysAsync(db, candidates, ct);
            var missing = wanted.Where(w => !existing.Contains(Key(w.Candidate.Kind, w.Candidate.ItemId, w.Candidate.StallStartUtc, w.UserId))).ToList();
            if (missing.Count == 0)
                return 0;
            db.Reminders.AddRange(missing.Select(m => new Reminder
            {
                Kind = m.Candidate.Kind,
                ItemId = m.Candidate.ItemId,
                StallStartUtc = m.Candidate.StallStartUtc,
                UserId = m.UserId,
                DepartmentId = m.Candidate.DepartmentId,
                Title = m.Candidate.Title,
                CreatedAtUtc = now,
            }));
            try
            {
                await db.SaveChangesAsync(ct);
                return missing.Count;
            }
            catch (DbUpdateException) when (attempt == 1)
            {
                // A concurrent run inserted some of the same keys first (unique index): forget ours and look again.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>The keys already written for the candidate items (any user), read in one query per kind.</summary>
    private static async Task<HashSet<string>> ExistingKeysAsync(DxDbContext db, List<Candidate> candidates, CancellationToken ct)
    {
        var keys = new HashSet<string>();
        foreach (var kind in candidates.Select(c => c.Kind).Distinct())
        {
            var itemIds = candidates.Where(c => c.Kind == kind).Select(c => c.ItemId).Distinct().ToList();
            var rows = await db.Reminders.AsNoTracking()
                .Where(r => r.Kind == kind && itemIds.Contains(r.ItemId))
                .Select(r => new { r.ItemId, r.StallStartUtc, r.UserId })
                .ToListAsync(ct);
            keys.UnionWith(rows.Select(r => Key(kind, r.ItemId, r.StallStartUtc, r.UserId)));
        }
        return keys;
    }

    private static IQueryable<AppUser> UsersInRole(DxDbContext db, Role role)
    {
        var roleName = role.ToString();
        return db.Users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == roleName)));
    }

    private static string Key(ReminderKind kind, int itemId, DateTime stallStartUtc, string userId) =>
        Text.Invariant($"{kind}|{itemId}|{stallStartUtc.Ticks}|{userId}");

    private static string Title(string text) => text.Length <= Reminder.TitleMaxLength ? text : text[..Reminder.TitleMaxLength];

    private static DateOnly JapanDate(DateTime utc) => DateOnly.FromDateTime(FiscalYear.ToJapan(utc));

    /// <summary>00:00 Japan time of a calendar day, as UTC.</summary>
    private static DateTime JapanMidnightUtc(DateOnly day) =>
        DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc) - FiscalYear.JapanOffset;
}
