using DxTracker.Domain.Audit;
using DxTracker.Domain.Data;
using DxTracker.Domain.Procedures;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Domain.Reminders;

/// <summary>Which of a user's reminders to list.</summary>
public sealed record ReminderFilter(ReminderKind? Kind = null, int? DepartmentId = null, bool UnreadOnly = false);

/// <summary>One reminder as lists and mails show it. <see cref="HearingId"/> is the follow-up's hearing.</summary>
public sealed record ReminderRow(long Id, ReminderKind Kind, int ItemId, int? HearingId, string Title, string? DepartmentName,
    DateTime StallStartUtc, DateTime CreatedAtUtc, DateTime? ReadAtUtc);

/// <summary>A user's reminders (read, mark read) and the DX team's stall thresholds. Every write re-reads the actor.</summary>
public sealed class ReminderService(IDbContextFactory<DxDbContext> dbFactory, TimeProvider clock, AuditLog audit)
{
    public async Task<int> UnreadCountAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Reminders.CountAsync(r => r.UserId == userId && r.ReadAtUtc == null, ct);
    }

    /// <summary>One page of the user's reminders, newest first, and how many match in all.</summary>
    public async Task<(IReadOnlyList<ReminderRow> Rows, int Total)> ListAsync(string userId, ReminderFilter filter, int skip, int take, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = Filtered(db, userId, filter);
        var total = await query.CountAsync(ct);
        var rows = await Rows(db, query.OrderByDescending(r => r.CreatedAtUtc).ThenByDescending(r => r.Id).Skip(skip).Take(take)).ToListAsync(ct);
        return (rows, total);
    }

    /// <summary>The departments the user has reminders about, for the filter.</summary>
    public async Task<IReadOnlyList<(int Id, string Name)>> DepartmentsAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Departments.AsNoTracking()
            .Where(d => db.Reminders.Any(r => r.UserId == userId && r.DepartmentId == d.Id))
            .OrderBy(d => d.SortOrder).ThenBy(d => d.Code)
            .Select(d => new { d.Id, d.Name })
            .ToListAsync(ct);
        return rows.Select(d => (d.Id, d.Name)).ToList();
    }

    /// <summary>The user's reminders not yet e-mailed and not yet read, with the user's address, for the digest mail.</summary>
    public async Task<IReadOnlyList<(string UserId, string Email, string DisplayName, IReadOnlyList<ReminderRow> Reminders)>> UnmailedAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pending = db.Reminders.AsNoTracking().Where(r => r.MailedAtUtc == null && r.ReadAtUtc == null);
        // Never to a disabled user (their reminders stay unmailed); the lockout end is compared in memory (SQLite).
        var users = (await db.Users.AsNoTracking()
            .Where(u => u.Email != null && pending.Any(r => r.UserId == u.Id))
            .OrderBy(u => u.Email)
            .Select(u => new { u.Id, Email = u.Email!, u.DisplayName, u.LockoutEnd })
            .ToListAsync(ct)).Where(u => !AppUser.IsDisabled(u.LockoutEnd)).ToList();
        var rows = await Rows(db, pending.OrderBy(r => r.Kind).ThenBy(r => r.StallStartUtc), withUser: true).ToListAsync(ct);
        var byUser = rows.ToLookup(r => r.UserId, r => r.Row);
        return users.Select(u => (u.Id, u.Email, u.DisplayName, (IReadOnlyList<ReminderRow>)byUser[u.Id].ToList())).ToList();
    }

    /// <summary>Records that the given reminders went out by mail (after the mail was accepted by the server).</summary>
    public async Task MarkMailedAsync(IReadOnlyCollection<long> reminderIds, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Reminders.Where(r => reminderIds.Contains(r.Id) && r.MailedAtUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.MailedAtUtc, now), ct);
    }

    /// <summary>Marks one of the user's own reminders read. Another user's reminder is not found.</summary>
    public async Task MarkReadAsync(string userId, long reminderId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await Actors.LoadAsync(db, userId, ct);
        var own = db.Reminders.Where(r => r.Id == reminderId && r.UserId == actor.UserId);
        if (!await own.AnyAsync(ct))
            throw new DomainException(DomainError.NotFound);
        var now = clock.GetUtcNow().UtcDateTime;
        await own.Where(r => r.ReadAtUtc == null).ExecuteUpdateAsync(s => s.SetProperty(r => r.ReadAtUtc, now), ct);
    }

    /// <summary>Marks all of the user's unread reminders that match the filter read. Returns how many.</summary>
    public async Task<int> MarkAllReadAsync(string userId, ReminderFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await Actors.LoadAsync(db, userId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return await Filtered(db, actor.UserId, filter).Where(r => r.ReadAtUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ReadAtUtc, now), ct);
    }

    public async Task<IReadOnlyDictionary<ProcedureStatus, int>> ThresholdsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.StallThresholds.AsNoTracking().ToDictionaryAsync(t => t.Status, t => t.Days, ct);
    }

    /// <summary>Changes the stall thresholds. DxTeam only; each value 1–3650 days; all or nothing.</summary>
    public Task SaveThresholdsAsync(string userId, IReadOnlyDictionary<ProcedureStatus, int> days, CancellationToken ct = default) =>
        audit.RefusalsAuditedAsync(userId, "Stall thresholds", async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var actor = await Actors.LoadAsync(db, userId, ct);
            if (!actor.IsDxTeam)
                throw new AccessDeniedException(DomainError.NotPermitted);
            if (days.Values.Any(d => d is < StallThreshold.MinDays or > StallThreshold.MaxDays))
                throw new DomainException(DomainError.StallDaysOutOfRange, StallThreshold.MinDays, StallThreshold.MaxDays);
            var thresholds = await db.StallThresholds.ToListAsync(ct);
            foreach (var threshold in thresholds.Where(t => days.ContainsKey(t.Status)))
                threshold.Days = days[threshold.Status];
            await db.SaveChangesAsync(ct);
        });

    private static IQueryable<Reminder> Filtered(DxDbContext db, string userId, ReminderFilter filter)
    {
        var query = db.Reminders.AsNoTracking().Where(r => r.UserId == userId);
        if (filter.Kind is { } kind)
            query = query.Where(r => r.Kind == kind);
        if (filter.DepartmentId is { } departmentId)
            query = query.Where(r => r.DepartmentId == departmentId);
        if (filter.UnreadOnly)
            query = query.Where(r => r.ReadAtUtc == null);
        return query;
    }

    private static IQueryable<ReminderRow> Rows(DxDbContext db, IQueryable<Reminder> query) =>
        Rows(db, query, withUser: false).Select(r => r.Row);

    private sealed record Owned(string UserId, ReminderRow Row);

    private static IQueryable<Owned> Rows(DxDbContext db, IQueryable<Reminder> query, bool withUser) =>
        query.Select(r => new Owned(
            withUser ? r.UserId : "",
            new ReminderRow(
                r.Id,
                r.Kind,
                r.ItemId,
                r.Kind == ReminderKind.OverdueFollowUp
                    ? db.FollowUpActions.Where(f => f.Id == r.ItemId).Select(f => (int?)f.HearingSessionId).FirstOrDefault()
                    : null,
                r.Title,
                r.Department != null ? r.Department.Name : null,
                r.StallStartUtc,
                r.CreatedAtUtc,
                r.ReadAtUtc)));
}
