using DxTracker.Domain.Data;
using DxTracker.Domain.Hearings;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reporting;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Domain.Reminders;

/// <summary>The one definition of "stalled" (docs/DOMAIN.md#stall-rules), used by the reminder scan, the board and the inventory filter: a procedure
/// in an active status since at least that status's threshold (days). NotConsidered counts only once the department has
/// had its first hearing, from the later of that hearing's day (00:00 Japan time) and the status change.</summary>
public static class StallRule
{
    /// <summary>The DX team's thresholds, the default (docs/DOMAIN.md#stall-rules) for a status none is stored for.</summary>
    public static async Task<IReadOnlyDictionary<ProcedureStatus, int>> ThresholdsAsync(DxDbContext db, CancellationToken ct = default)
    {
        var days = StallThreshold.Defaults.ToDictionary();
        foreach (var t in await db.StallThresholds.AsNoTracking().ToListAsync(ct))
            days[t.Status] = t.Days;
        return days;
    }

    /// <summary>The procedures stalled at <paramref name="utcNow"/>, as one SQL predicate.</summary>
    public static IQueryable<Procedure> Stalled(DxDbContext db, IReadOnlyDictionary<ProcedureStatus, int> thresholds, DateTime utcNow) =>
        Stalled(db.Procedures, db.HearingSessions, thresholds, utcNow);

    /// <summary><see cref="Stalled(DxDbContext, IReadOnlyDictionary{ProcedureStatus, int}, DateTime)"/> over any source of
    /// procedures and hearings (the pure tests give lists).</summary>
    public static IQueryable<Procedure> Stalled(IQueryable<Procedure> procedures, IQueryable<HearingSession> hearings,
        IReadOnlyDictionary<ProcedureStatus, int> thresholds, DateTime utcNow)
    {
        DateTime Cutoff(ProcedureStatus status) =>
            utcNow.AddDays(-(thresholds.TryGetValue(status, out var days) ? days : StallThreshold.Defaults[status]));
        var (review, objection, progress, notConsidered) = (Cutoff(ProcedureStatus.UnderReview), Cutoff(ProcedureStatus.ObjectionRaised),
            Cutoff(ProcedureStatus.InProgress), Cutoff(ProcedureStatus.NotConsidered));
        var lastHearingDay = JapanDate(notConsidered);
        return procedures.Where(p =>
            (p.Status == ProcedureStatus.UnderReview && p.StatusChangedAtUtc <= review)
            || (p.Status == ProcedureStatus.ObjectionRaised && p.StatusChangedAtUtc <= objection)
            || (p.Status == ProcedureStatus.InProgress && p.StatusChangedAtUtc <= progress)
            || (p.Status == ProcedureStatus.NotConsidered && p.StatusChangedAtUtc <= notConsidered
                && hearings.Any(h => h.DepartmentId == p.DepartmentId && h.HeldOn <= lastHearingDay)));
    }

    /// <summary>When the stall of a procedure in <paramref name="status"/> since <paramref name="statusChangedAtUtc"/> began:
    /// for NotConsidered not before the department's first hearing day.</summary>
    public static DateTime StallStartUtc(ProcedureStatus status, DateTime statusChangedAtUtc, DateOnly? firstHearing) =>
        status == ProcedureStatus.NotConsidered && firstHearing is { } first && JapanMidnightUtc(first) > statusChangedAtUtc
            ? JapanMidnightUtc(first)
            : statusChangedAtUtc;

    internal static DateOnly JapanDate(DateTime utc) => DateOnly.FromDateTime(FiscalYear.ToJapan(utc));

    /// <summary>00:00 Japan time of a calendar day, as UTC.</summary>
    internal static DateTime JapanMidnightUtc(DateOnly day) =>
        DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc) - FiscalYear.JapanOffset;
}
