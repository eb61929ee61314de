using DxTracker.Domain.Data;
using DxTracker.Domain.Hearings;
using DxTracker.Domain.Procedures;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Domain.Reminders;

/// <summary>What one scan found and wrote.</summary>
public sealed record ScanResult(int StalledProcedures, int OverdueFollowUps, int RemindersCreated);

/// <summary>Finds the procedures stalled by <see cref="StallRule"/> and the
/// hearing follow-ups past due, and writes one <see cref="Reminder"/> per item, stall and recipient (the department's
/// head(s) and every DX team member, never a disabled user). Re-entrant: the unique key (kind, item, stall start, user) makes a second run,
/// a retry or a concurrent run a no-op; a status move gives a new stall start and so a new reminder later.</summary>
public sealed class StallScanner(IDbContextFactory<DxDbContext> dbFactory, TimeProvider clock)
{
    /// <param name="Written">True when the candidates' own statement already saw this stall's reminder for every recipient
    /// (reminders are never deleted), so its existing keys need not be read.</param>
    private sealed record Candidate(ReminderKind Kind, int ItemId, DateTime StallStartUtc, int DepartmentId, string Title, bool Written = false);

    public async Task<ScanResult> ScanAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var recipients = await RecipientsAsync(db, ct);
        var procedures = await StalledProceduresAsync(db, recipients, now, ct);
        var followUps = await OverdueFollowUpsAsync(db, now, ct);
        var created = await WriteRemindersAsync(db, [.. procedures, .. followUps], recipients, now, ct);
        return new ScanResult(procedures.Count, followUps.Count, created);
    }

    /// <summary>The stalled procedures, each with the number of its reminders for the current stall whose user is one of
    /// its recipients, counted in the same statement over the unique key's index: in the steady state (the scan ran
    /// yesterday) that count says everything is written, and the ~4 keys per procedure are never read (reading them —
    /// strings and dates — was most of the scan). Only a stall starting at its status change can be counted in SQL; one
    /// starting at the department's first hearing (NotConsidered) is checked through its keys.</summary>
    private static async Task<List<Candidate>> StalledProceduresAsync(DxDbContext db, Recipients recipients, DateTime now, CancellationToken ct)
    {
        var thresholds = await StallRule.ThresholdsAsync(db, ct);
        var (dxTeam, heads) = (recipients.DxTeam.ToArray(), recipients.Heads.ToArray());
        var rows = await StallRule.Stalled(db, thresholds, now).AsNoTracking()
            .Select(p => new
            {
                p.Id,
                p.DepartmentId,
                p.Code,
                p.Name,
                p.Status,
                p.StatusChangedAtUtc,
                FirstHearing = db.HearingSessions.Where(h => h.DepartmentId == p.DepartmentId).Min(h => (DateOnly?)h.HeldOn),
                Written = db.Reminders.Count(r => r.Kind == ReminderKind.StalledProcedure && r.ItemId == p.Id && r.StallStartUtc == p.StatusChangedAtUtc
                    && (EF.Parameter(dxTeam).Contains(r.UserId)
                        || (EF.Parameter(heads).Contains(r.UserId) && db.Users.Any(u => u.Id == r.UserId && u.DepartmentId == p.DepartmentId)))),
            })
            .ToListAsync(ct);
        return rows.Select(r =>
            {
                var start = StallRule.StallStartUtc(r.Status, r.StatusChangedAtUtc, r.FirstHearing);
                return new Candidate(ReminderKind.StalledProcedure, r.Id, start, r.DepartmentId, Title($"{r.Code} {r.Name}"),
                    start == r.StatusChangedAtUtc && r.Written == recipients.For(r.DepartmentId).Count());
            })
            .ToList();
    }

    private static async Task<List<Candidate>> OverdueFollowUpsAsync(DxDbContext db, DateTime now, CancellationToken ct)
    {
        var today = StallRule.JapanDate(now);
        var rows = await db.FollowUpActions.AsNoTracking()
            .Where(FollowUpAction.OverdueOn(today))
            .Select(f => new { f.Id, f.DueOn, f.HearingSession!.DepartmentId, f.Description })
            .ToListAsync(ct);
        return rows.Select(r => new Candidate(ReminderKind.OverdueFollowUp, r.Id, StallRule.JapanMidnightUtc(r.DueOn), r.DepartmentId, Title(r.Description))).ToList();
    }

    private static async Task<int> WriteRemindersAsync(DxDbContext db, List<Candidate> candidates, Recipients recipients, DateTime now, CancellationToken ct)
    {
        candidates = candidates.Where(c => !c.Written).ToList();
        if (candidates.Count == 0)
            return 0;
        var wanted = candidates
            .SelectMany(c => recipients.For(c.DepartmentId).Select(userId => (Candidate: c, UserId: userId)))
            .ToList();

        for (var attempt = 1; ; attempt++)
        {
            var existing = await ExistingKeysAsync(db, candidates, ct);
            var missing = wanted.Where(w => !existing.Contains((w.Candidate.Kind, w.Candidate.ItemId, w.Candidate.StallStartUtc, w.UserId))).ToList();
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

    /// <summary>Who is reminded of an item: the heads of its department and every DX team member.</summary>
    private sealed class Recipients(List<string> dxTeam, ILookup<int, string> headsByDepartment)
    {
        public IEnumerable<string> DxTeam => dxTeam;
        public IEnumerable<string> Heads => headsByDepartment.SelectMany(h => h);
        public IEnumerable<string> For(int departmentId) => headsByDepartment[departmentId].Concat(dxTeam).Distinct();
    }

    /// <summary>Every department head and DX team member whose sign-in is not disabled, in one query (the lockout end
    /// is compared in memory: SQLite cannot compare a DateTimeOffset in SQL).</summary>
    private static async Task<Recipients> RecipientsAsync(DxDbContext db, CancellationToken ct)
    {
        string[] roles = [nameof(Role.DxTeam), nameof(Role.DepartmentHead)];
        var rows = (await (from u in db.Users
                join ur in db.UserRoles on u.Id equals ur.UserId
                join r in db.Roles on ur.RoleId equals r.Id
                where roles.Contains(r.Name)
                select new { u.Id, u.DepartmentId, Role = r.Name, u.LockoutEnd })
            .AsNoTracking().ToListAsync(ct)).Where(r => !AppUser.IsDisabled(r.LockoutEnd)).ToList();
        return new Recipients(rows.Where(r => r.Role == nameof(Role.DxTeam)).Select(r => r.Id).ToList(),
            rows.Where(r => r.Role == nameof(Role.DepartmentHead) && r.DepartmentId != null).ToLookup(r => r.DepartmentId!.Value, r => r.Id));
    }

    /// <summary>The keys already written for the candidate items (any user), in one query; each kind's item ids travel as
    /// one collection parameter (a JSON array on SQLite, an array on PostgreSQL) rather than one parameter per id.</summary>
    private static async Task<HashSet<(ReminderKind, int, DateTime, string)>> ExistingKeysAsync(DxDbContext db, List<Candidate> candidates, CancellationToken ct)
    {
        int[] Items(ReminderKind kind) => candidates.Where(c => c.Kind == kind).Select(c => c.ItemId).Distinct().ToArray();
        var (procedures, followUps) = (Items(ReminderKind.StalledProcedure), Items(ReminderKind.OverdueFollowUp));
        var rows = await db.Reminders.AsNoTracking()
            .Where(r => (r.Kind == ReminderKind.StalledProcedure && EF.Parameter(procedures).Contains(r.ItemId))
                || (r.Kind == ReminderKind.OverdueFollowUp && EF.Parameter(followUps).Contains(r.ItemId)))
            .Select(r => new { r.Kind, r.ItemId, r.StallStartUtc, r.UserId })
            .ToListAsync(ct);
        return rows.Select(r => (r.Kind, r.ItemId, r.StallStartUtc, r.UserId)).ToHashSet();
    }

    private static string Title(string text) => text.Length <= Reminder.TitleMaxLength ? text : text[..Reminder.TitleMaxLength];

}
