using DxTracker.Domain.Data;
using DxTracker.Domain.Hearings;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reminders;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Domain.Reporting;

/// <summary>An open hearing follow-up, with its hearing and department; <see cref="Overdue"/> by <see cref="FollowUpAction.IsOverdue"/>.</summary>
public sealed record FollowUpDue(int Id, int HearingId, int DepartmentId, string DepartmentName, string Description, DateOnly DueOn, bool Overdue);

public sealed record HearingHeld(int Id, DateOnly HeldOn, string Summary);

/// <summary>One department's work now: its procedures by status, how many are stalled, its open objections, its open
/// follow-ups (the earliest due first, <see cref="WorkSummaryQuery.Shown"/> of them) and its latest hearing.</summary>
public sealed record DepartmentSummary(
    int Id,
    string Name,
    IReadOnlyDictionary<ProcedureStatus, int> StatusCounts,
    int Stalled,
    int OpenObjections,
    int OpenFollowUps,
    int OverdueFollowUps,
    IReadOnlyList<FollowUpDue> FollowUps,
    HearingHeld? LatestHearing)
{
    public int Count(ProcedureStatus status) => StatusCounts.GetValueOrDefault(status);
}

/// <summary>The ward's work now: stalled procedures by status, the overdue follow-ups (the longest overdue first,
/// <see cref="WorkSummaryQuery.Shown"/> of them) and the hearings held in the current fiscal year.</summary>
public sealed record WardWork(IReadOnlyDictionary<ProcedureStatus, int> StalledByStatus, int OverdueFollowUps, IReadOnlyList<FollowUpDue> Overdue, int HearingsThisYear)
{
    public int Stalled => StalledByStatus.Values.Sum();
}

/// <summary>The home page's figures, each counted in the database: "stalled" is <see cref="StallRule"/>, "overdue" is
/// <see cref="FollowUpAction.OverdueOn"/>, both judged now (Japan's calendar day for due dates).</summary>
public sealed class WorkSummaryQuery(IDbContextFactory<DxDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>How many follow-ups a summary lists.</summary>
    public const int Shown = 5;

    /// <summary>The department's summary, or null when there is no such department.</summary>
    public async Task<DepartmentSummary?> DepartmentAsync(int departmentId, CancellationToken ct = default)
    {
        var (now, today) = Now();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var name = await db.Departments.AsNoTracking().Where(d => d.Id == departmentId).Select(d => d.Name).FirstOrDefaultAsync(ct);
        if (name is null)
            return null;
        var counts = await db.Procedures.AsNoTracking().Where(p => p.DepartmentId == departmentId)
            .GroupBy(p => p.Status).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var stalled = await (await StalledAsync(db, now, ct)).CountAsync(p => p.DepartmentId == departmentId, ct);
        var openObjections = await db.Objections.AsNoTracking()
            .CountAsync(o => o.Outcome == ObjectionOutcome.Open && o.Procedure!.DepartmentId == departmentId, ct);
        var open = db.FollowUpActions.AsNoTracking().Where(f => f.DoneAtUtc == null && f.HearingSession!.DepartmentId == departmentId);
        var openCount = await open.CountAsync(ct);
        var overdueCount = await open.Where(FollowUpAction.OverdueOn(today)).CountAsync(ct);
        var followUps = await Rows(open.OrderBy(f => f.DueOn).ThenBy(f => f.Id).Take(Shown), today).ToListAsync(ct);
        var latest = await db.HearingSessions.AsNoTracking().Where(h => h.DepartmentId == departmentId)
            .OrderByDescending(h => h.HeldOn).ThenByDescending(h => h.Id)
            .Select(h => new HearingHeld(h.Id, h.HeldOn, h.Summary))
            .FirstOrDefaultAsync(ct);
        return new DepartmentSummary(departmentId, name, counts, stalled, openObjections, openCount, overdueCount, followUps, latest);
    }

    /// <summary>The ward's stalled procedures, overdue follow-ups and hearings of the current fiscal year.</summary>
    public async Task<WardWork> WardAsync(CancellationToken ct = default)
    {
        var (now, today) = Now();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stalled = await (await StalledAsync(db, now, ct))
            .GroupBy(p => p.Status).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var overdue = db.FollowUpActions.AsNoTracking().Where(FollowUpAction.OverdueOn(today));
        var overdueCount = await overdue.CountAsync(ct);
        var rows = await Rows(overdue.OrderBy(f => f.DueOn).ThenBy(f => f.Id).Take(Shown), today).ToListAsync(ct);
        var year = FiscalYear.Of(now);
        var hearings = await db.HearingSessions.AsNoTracking().CountAsync(h => h.HeldOn >= year.FirstDay && h.HeldOn <= year.LastDay, ct);
        return new WardWork(stalled, overdueCount, rows, hearings);
    }

    private (DateTime Now, DateOnly Today) Now()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return (now, StallRule.JapanDate(now));
    }

    private static async Task<IQueryable<Procedure>> StalledAsync(DxDbContext db, DateTime now, CancellationToken ct) =>
        StallRule.Stalled(db, await StallRule.ThresholdsAsync(db, ct), now);

    private static IQueryable<FollowUpDue> Rows(IQueryable<FollowUpAction> followUps, DateOnly today) =>
        followUps.Select(f => new FollowUpDue(f.Id, f.HearingSessionId, f.HearingSession!.DepartmentId, f.HearingSession.Department!.Name,
            f.Description, f.DueOn, FollowUpAction.IsOverdue(f.DueOn, f.DoneAtUtc, today)));
}
