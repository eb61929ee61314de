using DxTracker.Domain.Audit;
using DxTracker.Domain.Data;
using DxTracker.Domain.Procedures;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Domain.Reminders;

/// <summary>One digest mail to send: its record's id, its Message-Id, the recipient and the reminders it carries.</summary>
public sealed record ReminderDigest(long MailId, string MessageId, string UserId, string Email, string DisplayName, IReadOnlyList<ReminderRow> Reminders);

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

    /// <summary>The digest mails to send now, each recorded before anything is sent: first every mail recorded earlier but
    /// not marked sent (the process stopped between sending and marking: the same Message-Id and the same reminders
    /// again), then one new mail per person with reminders not yet mailed, not read and in no mail — unless that person
    /// still has a mail waiting, which goes first. Message-Ids are new GUIDs at <paramref name="messageIdDomain"/>.</summary>
    public async Task<IReadOnlyList<ReminderDigest>> PrepareDigestsAsync(string messageIdDomain, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            var pending = db.Reminders.Where(r => r.MailId == null && r.MailedAtUtc == null && r.ReadAtUtc == null);
            // Never to a disabled user (their reminders stay unmailed); the lockout end is compared in memory (SQLite).
            var users = (await db.Users.AsNoTracking()
                .Where(u => u.Email != null && pending.Any(r => r.UserId == u.Id) && !db.ReminderMails.Any(m => m.UserId == u.Id && m.SentAtUtc == null))
                .Select(u => new { u.Id, u.LockoutEnd }).ToListAsync(ct))
                .Where(u => !AppUser.IsDisabled(u.LockoutEnd)).Select(u => u.Id).ToList();
            var now = clock.GetUtcNow().UtcDateTime;
            foreach (var userId in users)
            {
                var mail = new ReminderMail { UserId = userId, MessageId = Text.Invariant($"{Guid.NewGuid():N}@{messageIdDomain}"), CreatedAtUtc = now };
                db.ReminderMails.Add(mail);
                await db.SaveChangesAsync(ct);
                await pending.Where(r => r.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(r => r.MailId, mail.Id), ct);
            }
            await transaction.CommitAsync(ct);
        }

        // A mail waiting for a user disabled since stays unsent (and is sent if the user is enabled again).
        var mails = (await db.ReminderMails.AsNoTracking().Where(m => m.SentAtUtc == null)
            .Join(db.Users.Where(u => u.Email != null), m => m.UserId, u => u.Id, (m, u) => new { m.Id, m.MessageId, m.UserId, u.Email, u.DisplayName, u.LockoutEnd })
            .OrderBy(m => m.Email).ToListAsync(ct)).Where(m => !AppUser.IsDisabled(m.LockoutEnd)).ToList();
        var ids = mails.Select(m => (long?)m.Id).ToList();
        var inMails = db.Reminders.AsNoTracking().Where(r => ids.Contains(r.MailId));
        var mailOf = await inMails.ToDictionaryAsync(r => r.Id, r => r.MailId!.Value, ct);
        var rows = await Rows(db, inMails.OrderBy(r => r.Kind).ThenBy(r => r.StallStartUtc).ThenBy(r => r.Id)).ToListAsync(ct);
        var byMail = rows.ToLookup(r => mailOf[r.Id]);
        return mails.Select(m => new ReminderDigest(m.Id, m.MessageId, m.UserId, m.Email!, m.DisplayName, byMail[m.Id].ToList())).ToList();
    }

    /// <summary>Marks a digest mail sent (after the mail server accepted it) and its reminders mailed, in one transaction.</summary>
    public async Task MarkSentAsync(long mailId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await db.ReminderMails.Where(m => m.Id == mailId && m.SentAtUtc == null).ExecuteUpdateAsync(s => s.SetProperty(m => m.SentAtUtc, now), ct);
        await db.Reminders.Where(r => r.MailId == mailId && r.MailedAtUtc == null).ExecuteUpdateAsync(s => s.SetProperty(r => r.MailedAtUtc, now), ct);
        await transaction.CommitAsync(ct);
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

    /// <summary>The audit target of a change of the stall thresholds.</summary>
    public const string StallThresholdsTarget = "Stall thresholds";

    /// <summary>Changes the stall thresholds (audited). DxTeam only; each value 1–3650 days; all or nothing.</summary>
    public Task SaveThresholdsAsync(string userId, IReadOnlyDictionary<ProcedureStatus, int> days, CancellationToken ct = default) =>
        audit.RefusalsAuditedAsync(userId, StallThresholdsTarget, async () =>
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
            audit.Append(db, AuditActions.SettingsChanged, actor.UserId, actor.DisplayName, StallThresholdsTarget,
                string.Join(", ", thresholds.OrderBy(t => t.Status).Select(t => Text.Invariant($"{t.Status} {t.Days}"))), succeeded: true);
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
        query.Select(r => new ReminderRow(
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
            r.ReadAtUtc));
}
