using System.Linq.Expressions;
using DxTracker.Domain.Data;
using DxTracker.Domain.Reminders;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Domain.Procedures;

/// <summary>What the inventory (手続一覧) is filtered by. Null or empty means "any".</summary>
public sealed record InventoryFilter
{
    public int? DivisionId { get; init; }
    public int? DepartmentId { get; init; }
    public IReadOnlyList<ProcedureStatus> Statuses { get; init; } = [];
    /// <summary>Procedures with an objection of this category (open only when <see cref="HasOpenObjection"/> is true).</summary>
    public ObjectionCategory? ObjectionCategory { get; init; }
    public bool? HasOpenObjection { get; init; }
    /// <summary>Only procedures stalled now (<see cref="Reminders.StallRule"/>).</summary>
    public bool StalledOnly { get; init; }
    public int? TargetFiscalYear { get; init; }
    /// <summary>Procedures a resident meets at this life event.</summary>
    public LifeEvents? LifeEvent { get; init; }
    public Telework? Telework { get; init; }
    /// <summary>Matched inside the code, the name and the legal basis, ignoring case beyond ASCII (<see cref="TextFold"/>).
    /// Held as <see cref="SearchOf"/> gives it: trimmed, and null when blank.</summary>
    public string? Search { get; init => field = SearchOf(value); }

    /// <summary>The search a typed text asks for: trimmed; null when blank.</summary>
    public static string? SearchOf(string? text) => text?.Trim() is { Length: > 0 } search ? search : null;

    /// <summary>How many conditions other than the search are set (what a folded filter panel must still say).</summary>
    public int ConditionCount =>
        new[] { DivisionId is not null, DepartmentId is not null, Statuses.Count > 0, ObjectionCategory is not null, HasOpenObjection is not null,
            StalledOnly, TargetFiscalYear is not null, LifeEvent is not null, Telework is not null }.Count(set => set);
}

public enum InventorySort
{
    Code,
    Name,
    Department,
    Status,
    /// <summary>Time in the current status; ascending = shortest first.</summary>
    DaysInStatus,
    AnnualVolume,
    OpenObjections,
}

/// <summary>One row of the inventory. <see cref="AnnualVolume"/> is the latest known fiscal year's total (null: unknown).
/// Init properties (not a constructor) so EF can sort on the projection in SQL.</summary>
public sealed record InventoryRow
{
    public required int Id { get; init; }
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required int DepartmentId { get; init; }
    public required string DepartmentName { get; init; }
    public required ProcedureStatus Status { get; init; }
    public required DateTime StatusChangedAtUtc { get; init; }
    public long? AnnualVolume { get; init; }
    public int? AnnualVolumeFiscalYear { get; init; }
    public required int OpenObjections { get; init; }

    public int DaysInStatus(DateTime utcNow) => Math.Max(0, (int)(utcNow - StatusChangedAtUtc).TotalDays);
}

public sealed record InventoryPage(IReadOnlyList<InventoryRow> Rows, int TotalCount);

/// <summary>The inventory as one SQL query: filters, sorting and paging run in the database, rows are small projections.</summary>
public static class InventoryQuery
{
    /// <summary>One page of the filtered, sorted inventory and the total count of matches.</summary>
    public static async Task<InventoryPage> PageAsync(
        DxDbContext db, InventoryFilter filter, InventorySort sort, bool descending, int skip, int take, DateTime utcNow, CancellationToken ct = default)
    {
        (skip, take) = (Math.Max(0, skip), Math.Clamp(take, 1, 500));
        var filtered = await FilterAsync(db, filter, utcNow, ct);
        var rows = await Sort(Project(db, filtered), sort, descending).Skip(skip).Take(take).ToListAsync(ct);
        // A page that is not full is the last one: the matches end with it, and counting them would be a second query (most
        // searches fit on one page). A full page, or an empty one past the first, needs the count.
        var total = rows.Count < take && (rows.Count > 0 || skip == 0) ? skip + rows.Count : await filtered.CountAsync(ct);
        return new InventoryPage(rows, total);
    }

    /// <summary>The procedures matching <paramref name="filter"/>, as an untracked query (nothing is loaded yet).</summary>
    public static async Task<IQueryable<Procedure>> FilterAsync(DxDbContext db, InventoryFilter filter, DateTime utcNow, CancellationToken ct = default)
    {
        var q = db.Procedures.AsNoTracking();
        if (filter.DepartmentId is { } departmentId)
            q = q.Where(p => p.DepartmentId == departmentId);
        // "Department in the division's departments" rather than a join: SQLite (without ANALYZE statistics) then seeks the
        // (DepartmentId, Status) index per department instead of walking every procedure in the statuses.
        if (filter.DivisionId is { } divisionId)
            q = q.Where(p => db.Departments.Where(d => d.DivisionId == divisionId).Select(d => d.Id).Contains(p.DepartmentId));
        if (filter.Statuses.Count > 0)
        {
            var statuses = filter.Statuses.ToList();
            q = q.Where(p => statuses.Contains(p.Status));
        }
        if (filter.ObjectionCategory is { } category)
        {
            var openOnly = filter.HasOpenObjection == true;
            q = q.Where(p => p.Objections.Any(o => o.Category == category && (!openOnly || o.Outcome == ObjectionOutcome.Open)));
        }
        else if (filter.HasOpenObjection == true)
            q = q.Where(p => p.Objections.Any(o => o.Outcome == ObjectionOutcome.Open));
        if (filter.HasOpenObjection == false)
            q = q.Where(p => !p.Objections.Any(o => o.Outcome == ObjectionOutcome.Open));
        if (filter.TargetFiscalYear is { } fiscalYear)
            q = q.Where(p => p.TargetFiscalYear == fiscalYear);
        if (filter.LifeEvent is { } lifeEvent && lifeEvent != LifeEvents.None)
            q = q.Where(p => (p.LifeEvents & lifeEvent) != LifeEvents.None);
        if (filter.Telework is { } telework)
            q = q.Where(p => p.Telework == telework);
        if (filter.Search is { } search)
            q = q.Where(Matching(search));
        if (filter.StalledOnly)
        {
            var stalled = StallRule.Stalled(db, await StallRule.ThresholdsAsync(db, ct), utcNow).Select(p => p.Id);
            q = q.Where(p => stalled.Contains(p.Id));
        }
        return q;
    }

    /// <summary>The term inside the code, the name or the legal basis, ignoring case (<see cref="TextFold"/>); Contains rather
    /// than LIKE: no wildcards to escape. A term without case forms (most Japanese searches) is matched as it is, without
    /// folding every row's columns.</summary>
    internal static Expression<Func<Procedure, bool>> Matching(string search)
    {
        if (!TextFold.NeedsFolding(search))
            return p => p.Code.Contains(search) || p.Name.Contains(search) || p.LawName!.Contains(search) || p.LawArticle!.Contains(search);
        var term = TextFold.Fold(search);
        return p => TextFold.Column(p.Code)!.Contains(term) || TextFold.Column(p.Name)!.Contains(term)
            || TextFold.Column(p.LawName)!.Contains(term) || TextFold.Column(p.LawArticle)!.Contains(term);
    }

    // The latest known volume as two scalar subqueries on (ProcedureId, FiscalYear), each reading one index entry per row:
    // FirstOrDefault of a pair becomes a ROW_NUMBER() over every volume of the city on SQLite (no APPLY/LATERAL there).
    private static IQueryable<InventoryRow> Project(DxDbContext db, IQueryable<Procedure> procedures) =>
        procedures.Select(p => new InventoryRow
        {
            Id = p.Id,
            Code = p.Code,
            Name = p.Name,
            DepartmentId = p.DepartmentId,
            DepartmentName = p.Department!.Name,
            Status = p.Status,
            StatusChangedAtUtc = p.StatusChangedAtUtc,
            AnnualVolume = db.ProcedureVolumes.Where(v => v.ProcedureId == p.Id && v.Total != null)
                .OrderByDescending(v => v.FiscalYear).Select(v => v.Total).FirstOrDefault(),
            AnnualVolumeFiscalYear = db.ProcedureVolumes.Where(v => v.ProcedureId == p.Id && v.Total != null)
                .OrderByDescending(v => v.FiscalYear).Select(v => (int?)v.FiscalYear).FirstOrDefault(),
            OpenObjections = p.Objections.Count(o => o.Outcome == ObjectionOutcome.Open),
        });

    private static IQueryable<InventoryRow> Sort(IQueryable<InventoryRow> rows, InventorySort sort, bool descending)
    {
        IOrderedQueryable<InventoryRow> ordered = sort switch
        {
            InventorySort.Name => OrderBy(rows, r => r.Name, descending),
            InventorySort.Department => OrderBy(rows, r => r.DepartmentName, descending),
            // Workflow order, not the stored names' alphabetical order.
            InventorySort.Status => OrderBy(rows, r =>
                r.Status == ProcedureStatus.NotConsidered ? 0
                : r.Status == ProcedureStatus.UnderReview ? 1
                : r.Status == ProcedureStatus.ObjectionRaised ? 2
                : r.Status == ProcedureStatus.InProgress ? 3
                : r.Status == ProcedureStatus.Digitized ? 4
                : 5, descending),
            // Longer in the status = earlier change.
            InventorySort.DaysInStatus => OrderBy(rows, r => r.StatusChangedAtUtc, !descending),
            // Unknown volumes last either way (SQLite and PostgreSQL disagree on where NULL sorts).
            InventorySort.AnnualVolume => descending
                ? rows.OrderBy(r => r.AnnualVolume == null).ThenByDescending(r => r.AnnualVolume)
                : rows.OrderBy(r => r.AnnualVolume == null).ThenBy(r => r.AnnualVolume),
            InventorySort.OpenObjections => OrderBy(rows, r => r.OpenObjections, descending),
            _ => OrderBy(rows, r => r.Code, descending),
        };
        // A stable order for paging.
        return ordered.ThenBy(r => r.Code);
    }

    private static IOrderedQueryable<InventoryRow> OrderBy<TKey>(IQueryable<InventoryRow> rows, Expression<Func<InventoryRow, TKey>> key, bool descending) =>
        descending ? rows.OrderByDescending(key) : rows.OrderBy(key);
}
