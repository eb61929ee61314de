using DxTracker.Domain.Data;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reminders;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Domain.Reporting;

/// <summary>The figures of one unit (the office, a division or a department) for one fiscal year.</summary>
/// <param name="Metrics">The three metrics over the procedures that existed at the year's end, in their status as of March 31
/// (today's status for the current year).</param>
/// <param name="StatusCounts">How many procedures were in each status then, indexed by <see cref="ProcedureStatus"/>.</param>
/// <param name="DigitizedInYear">Procedures moved into Digitized during the year.</param>
/// <param name="OpenObjections">Objections open now.</param>
/// <param name="StalledNow">Procedures stalled now (longer in an active status than the stall thresholds allow).</param>
public sealed record UnitFigures(MetricSet Metrics, IReadOnlyList<int> StatusCounts, int DigitizedInYear, int OpenObjections, int StalledNow)
{
    public static UnitFigures Empty { get; } = new(
        Reporting.Metrics.Compute([]), new int[Enum.GetValues<ProcedureStatus>().Length], 0, 0, 0);

    public int Count(ProcedureStatus status) => StatusCounts[(int)status];

    /// <summary>The figures of two units together (every part is a sum).</summary>
    public UnitFigures Plus(UnitFigures other)
    {
        static Ratio Add(Ratio a, Ratio b) => new(a.Numerator + b.Numerator, a.Denominator + b.Denominator);
        var (m, o) = (Metrics, other.Metrics);
        return new UnitFigures(
            new MetricSet(Add(m.ShareByCount, o.ShareByCount), Add(m.ShareByVolume, o.ShareByVolume), Add(m.UsageRate, o.UsageRate),
                m.UnknownVolumeCount + o.UnknownVolumeCount, m.ProcedureCount + o.ProcedureCount, m.ExemptCount + o.ExemptCount),
            StatusCounts.Zip(other.StatusCounts, (a, b) => a + b).ToArray(),
            DigitizedInYear + other.DigitizedInYear,
            OpenObjections + other.OpenObjections,
            StalledNow + other.StalledNow);
    }
}

public sealed record DepartmentFigures(int Id, string Code, string Name, int DivisionId, UnitFigures Figures);

public sealed record DivisionFigures(int Id, string Code, string Name, UnitFigures Figures, IReadOnlyList<DepartmentFigures> Departments);

public sealed record TrendPoint(FiscalYear Year, MetricSet Metrics, int DigitizedInYear);

/// <summary>A not-yet-digitized, non-exempt procedure with its annual applications and the categories of its open objections.</summary>
public sealed record WinCandidate(int Id, string Code, string Name, int DepartmentId, string DepartmentName, ProcedureStatus Status, long Total, FiscalYear VolumeYear, IReadOnlyList<ObjectionCategory> OpenObjectionCategories);

public sealed record CategoryCount(ObjectionCategory Category, int Count);

/// <summary>The progress board of one fiscal year (the trend, which does not depend on the year, comes from <see cref="BoardQuery.TrendAsync"/>).</summary>
public sealed record ProgressBoard(
    FiscalYear Year,
    bool IsCurrentYear,
    IReadOnlyList<FiscalYear> Years,
    UnitFigures Total,
    IReadOnlyList<DivisionFigures> Divisions,
    IReadOnlyList<WinCandidate> NextWins,
    IReadOnlyList<CategoryCount> OpenObjectionsByCategory);

/// <summary>
/// 進捗ボード: the three metrics per fiscal year, per division and department, the trend, the next biggest wins and the open
/// objections — every figure aggregated in the database (one row per department at most comes back), never by loading the
/// procedures. Agrees with <see cref="Metrics.Compute"/>, <see cref="Metrics.StatusAsOf"/> and <see cref="Metrics.VolumeFor"/>.
/// </summary>
public sealed class BoardQuery(IDbContextFactory<DxDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>The trend reaches back at most this many years (a stray old volume must not make the board slow).</summary>
    public const int MaxTrendYears = 30;

    public const int DefaultWinCount = 10;

    public FiscalYear CurrentYear => FiscalYear.Of(clock.GetUtcNow().UtcDateTime);

    /// <summary>The fiscal years with data, oldest first: from the earliest status change or known volume to the current year.</summary>
    public async Task<IReadOnlyList<FiscalYear>> YearsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await YearsAsync(db, ct);
    }

    /// <summary>The board for <paramref name="year"/> (default: the current fiscal year, judged in Japan time).</summary>
    public async Task<ProgressBoard> LoadAsync(FiscalYear? year = null, int winCount = DefaultWinCount, CancellationToken ct = default)
    {
        var current = CurrentYear;
        var fy = year ?? current;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var years = await YearsAsync(db, ct);
        var divisions = await DivisionsAsync(db, fy, ct);
        var total = Sum(divisions.Select(d => d.Figures));
        return new ProgressBoard(fy, fy == current, years, total, divisions,
            await NextWinsAsync(db, winCount, ct), await OpenObjectionsByCategoryAsync(db, ct));
    }

    /// <summary>The office's figures for one fiscal year.</summary>
    public async Task<UnitFigures> TotalAsync(FiscalYear year, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return Sum((await DepartmentFiguresAsync(db, year, withCurrentFigures: true, ct)).Values);
    }

    /// <summary>The office's three metrics and moves into Digitized for one fiscal year: that year's point of the trend.</summary>
    public async Task<TrendPoint> YearAsync(FiscalYear year, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await PointAsync(db, year, ct);
    }

    /// <summary>The three metrics and the moves into Digitized of every fiscal year with data, oldest first.</summary>
    public async Task<IReadOnlyList<TrendPoint>> TrendAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var trend = new List<TrendPoint>();
        foreach (var y in await YearsAsync(db, ct))
            trend.Add(await PointAsync(db, y, ct));
        return trend;
    }

    private async Task<TrendPoint> PointAsync(DxDbContext db, FiscalYear year, CancellationToken ct)
    {
        var figures = Sum((await DepartmentFiguresAsync(db, year, withCurrentFigures: false, ct)).Values);
        return new TrendPoint(year, figures.Metrics, figures.DigitizedInYear);
    }

    private static UnitFigures Sum(IEnumerable<UnitFigures> figures) => figures.Aggregate(UnitFigures.Empty, (sum, f) => sum.Plus(f));

    private async Task<IReadOnlyList<FiscalYear>> YearsAsync(DxDbContext db, CancellationToken ct)
    {
        var current = CurrentYear;
        var firstChange = await db.StatusChanges.MinAsync(s => (DateTime?)s.AtUtc, ct);
        var firstVolume = await db.ProcedureVolumes.Where(v => v.Total != null).MinAsync(v => (int?)v.FiscalYear, ct);
        var first = new[] { firstChange is { } at ? FiscalYear.Of(at).Year : (int?)null, firstVolume }.Where(y => y is not null).Min() ?? current.Year;
        first = Math.Clamp(first, current.Year - MaxTrendYears + 1, current.Year);
        return Enumerable.Range(first, current.Year - first + 1).Select(y => new FiscalYear(y)).ToList();
    }

    private async Task<IReadOnlyList<DivisionFigures>> DivisionsAsync(DxDbContext db, FiscalYear year, CancellationToken ct)
    {
        var figures = await DepartmentFiguresAsync(db, year, withCurrentFigures: true, ct);
        var departments = await db.Departments.AsNoTracking()
            .OrderBy(d => d.SortOrder).ThenBy(d => d.Code)
            .Select(d => new { d.Id, d.Code, d.Name, d.DivisionId })
            .ToListAsync(ct);
        var divisions = await db.Divisions.AsNoTracking()
            .OrderBy(d => d.SortOrder).ThenBy(d => d.Code)
            .Select(d => new { d.Id, d.Code, d.Name })
            .ToListAsync(ct);
        return divisions.Select(division =>
        {
            var rows = departments.Where(d => d.DivisionId == division.Id)
                .Select(d => new DepartmentFigures(d.Id, d.Code, d.Name, d.DivisionId, figures.GetValueOrDefault(d.Id, UnitFigures.Empty)))
                .ToList();
            return new DivisionFigures(division.Id, division.Code, division.Name, Sum(rows.Select(r => r.Figures)), rows);
        }).ToList();
    }

    /// <summary>Each department's figures for the year — for a closed year as stored (<see cref="YearFiguresAsync"/>) — and,
    /// <paramref name="withCurrentFigures"/>, its open objections and stalled procedures now.</summary>
    private async Task<Dictionary<int, UnitFigures>> DepartmentFiguresAsync(DxDbContext db, FiscalYear year, bool withCurrentFigures, CancellationToken ct)
    {
        var figures = await YearFiguresAsync(db, year, ct);
        var openObjections = withCurrentFigures
            ? await db.Objections
                .Where(o => o.Outcome == ObjectionOutcome.Open)
                .GroupBy(o => o.Procedure!.DepartmentId)
                .Select(g => new { DepartmentId = g.Key, Count = g.Count() })
                .ToDictionaryAsync(x => x.DepartmentId, x => x.Count, ct)
            : [];
        var stalled = withCurrentFigures ? await StalledByDepartmentAsync(db, ct) : [];

        return figures.Keys.Union(openObjections.Keys).Union(stalled.Keys).ToDictionary(id => id, id =>
        {
            var f = figures.GetValueOrDefault(id) ?? new DepartmentYearFigures();
            return new UnitFigures(
                new MetricSet(new Ratio(f.Digitized, f.Count - f.Exempt), new Ratio(f.VolumeDigitized, f.VolumeAll), new Ratio(f.Online, f.OnlineBase),
                    f.Unknown, f.Count, f.Exempt),
                [f.NotConsidered, f.UnderReview, f.ObjectionRaised, f.InProgress, f.Digitized, f.Exempt],
                f.DigitizedInYear,
                openObjections.GetValueOrDefault(id),
                stalled.GetValueOrDefault(id));
        });
    }

    /// <summary>Each department's March-31 figures of the year. The current year is aggregated live; a closed year is read from
    /// <see cref="DxDbContext.ClosedYearFigures"/>, computed and stored there first when it is missing or stale. The stamp is
    /// read before the figures are computed, so a write that commits meanwhile (and changes the stamp) leaves the stored rows
    /// stale, never wrong.</summary>
    private async Task<Dictionary<int, DepartmentYearFigures>> YearFiguresAsync(DxDbContext db, FiscalYear year, CancellationToken ct)
    {
        if (year.CompareTo(CurrentYear) >= 0)
            return await ComputeYearFiguresAsync(db, year, ct);
        var stamp = await CurrentStampAsync(db, ct);
        var stored = await db.ClosedYearFigures.AsNoTracking()
            .Where(f => f.Year == year.Year && f.Stamp == stamp)
            .ToDictionaryAsync(f => f.DepartmentId, ct);
        if (stored.Count > 0)
            return stored;
        var figures = await ComputeYearFiguresAsync(db, year, ct);
        await StoreAsync(db, year, stamp, figures, ct);
        return figures;
    }

    private static Task<Guid> CurrentStampAsync(DxDbContext db, CancellationToken ct) =>
        db.HistoryStamps.Where(s => s.Id == HistoryStamp.SingletonId).Select(s => s.Value).SingleAsync(ct);

    /// <summary>Replaces the year's stored rows with one per department (zeros included, so an empty department does not make
    /// the year look missing). Another board storing the same year at the same moment wins; these figures are still returned.</summary>
    private static async Task StoreAsync(DxDbContext db, FiscalYear year, Guid stamp, Dictionary<int, DepartmentYearFigures> figures, CancellationToken ct)
    {
        var departments = await db.Departments.Select(d => d.Id).ToListAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.ClosedYearFigures.Where(f => f.Year == year.Year).ExecuteDeleteAsync(ct);
            foreach (var id in departments.Union(figures.Keys))
            {
                var row = figures.GetValueOrDefault(id) ?? new DepartmentYearFigures { DepartmentId = id };
                row.Year = year.Year;
                row.Stamp = stamp;
                db.ClosedYearFigures.Add(row);
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            await transaction.RollbackAsync(ct);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Each department's figures for the year, aggregated live: one query for the metrics and status counts, one for
    /// moves into Digitized.</summary>
    private async Task<Dictionary<int, DepartmentYearFigures>> ComputeYearFiguresAsync(DxDbContext db, FiscalYear year, CancellationToken ct)
    {
        // Distinct is a no-op (one row per procedure) that makes the database compute each procedure's facts once, in a
        // derived table, instead of repeating the correlated subqueries inside every aggregate.
        var figures = await Facts(db, year)
            .Distinct()
            .GroupBy(f => f.DepartmentId)
            .Select(g => new DepartmentYearFigures
            {
                DepartmentId = g.Key,
                Count = g.Count(),
                NotConsidered = g.Count(f => f.Status == ProcedureStatus.NotConsidered),
                UnderReview = g.Count(f => f.Status == ProcedureStatus.UnderReview),
                ObjectionRaised = g.Count(f => f.Status == ProcedureStatus.ObjectionRaised),
                InProgress = g.Count(f => f.Status == ProcedureStatus.InProgress),
                Digitized = g.Count(f => f.Status == ProcedureStatus.Digitized),
                Exempt = g.Count(f => f.Status == ProcedureStatus.Exempt),
                Unknown = g.Count(f => f.Status != ProcedureStatus.Exempt && f.Total == null),
                VolumeAll = g.Sum(f => f.Status != ProcedureStatus.Exempt && f.Total != null ? f.Total.Value : 0L),
                VolumeDigitized = g.Sum(f => f.Status == ProcedureStatus.Digitized && f.Total != null ? f.Total.Value : 0L),
                Online = g.Sum(f => f.Status == ProcedureStatus.Digitized && f.Total != null && f.Online != null ? f.Online.Value : 0L),
                OnlineBase = g.Sum(f => f.Status == ProcedureStatus.Digitized && f.Total != null && f.Online != null ? f.Total.Value : 0L),
            })
            .ToDictionaryAsync(a => a.DepartmentId, ct);

        var (start, end) = (year.StartUtc, year.EndUtc);
        var digitizedInYear = await db.StatusChanges
            .Where(s => s.ToStatus == ProcedureStatus.Digitized && s.AtUtc >= start && s.AtUtc < end)
            .Join(db.Procedures, s => s.ProcedureId, p => p.Id, (s, p) => new { p.DepartmentId, s.ProcedureId })
            .GroupBy(x => x.DepartmentId)
            .Select(g => new { DepartmentId = g.Key, Count = g.Select(x => x.ProcedureId).Distinct().Count() })
            .ToDictionaryAsync(x => x.DepartmentId, x => x.Count, ct);
        foreach (var (id, count) in digitizedInYear)
        {
            if (!figures.TryGetValue(id, out var row))
                figures[id] = row = new DepartmentYearFigures { DepartmentId = id };
            row.DigitizedInYear = count;
        }
        return figures;
    }

    /// <summary>One row per procedure that existed at the year's end: its status then and that year's volume — still a query,
    /// aggregated by the caller. For the current year the status is today's; for a past year it is reconstructed from the
    /// history (<see cref="YearEnd.StatusAsOf"/>).</summary>
    private IQueryable<Fact> Facts(DxDbContext db, FiscalYear year)
    {
        return YearEnd.InYear(db.Procedures, db, year, CurrentYear).Select(f => new Fact
        {
            ProcedureId = f.Procedure.Id,
            DepartmentId = f.Procedure.DepartmentId,
            Status = f.Status,
            Total = f.Total,
            Online = f.Online,
        });
    }

    /// <summary>Procedures stalled now (<see cref="StallRule"/>), per department.</summary>
    private async Task<Dictionary<int, int>> StalledByDepartmentAsync(DxDbContext db, CancellationToken ct) =>
        await StallRule.Stalled(db, await StallRule.ThresholdsAsync(db, ct), clock.GetUtcNow().UtcDateTime)
            .GroupBy(p => p.DepartmentId)
            .Select(g => new { DepartmentId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.DepartmentId, x => x.Count, ct);

    /// <summary>The not-yet-digitized, non-exempt procedures with the most annual applications now (latest known volume up to
    /// the current year), with the categories of their open objections.</summary>
    private async Task<IReadOnlyList<WinCandidate>> NextWinsAsync(DxDbContext db, int count, CancellationToken ct)
    {
        var fy = CurrentYear.Year;
        // The latest volume is found by id in a correlated subquery (one index search per procedure) and joined: a projected
        // FirstOrDefault would become a ROW_NUMBER() window over every volume.
        var rows = await db.Procedures.AsNoTracking()
            .Where(p => p.Status != ProcedureStatus.Digitized && p.Status != ProcedureStatus.Exempt)
            .Join(db.ProcedureVolumes,
                p => db.ProcedureVolumes.Where(v => v.ProcedureId == p.Id && v.FiscalYear <= fy && v.Total != null)
                    .OrderByDescending(v => v.FiscalYear).Select(v => (int?)v.Id).FirstOrDefault(),
                v => (int?)v.Id,
                (p, v) => new { p.Id, p.Code, p.Name, p.DepartmentId, DepartmentName = p.Department!.Name, p.Status, v.Total, v.FiscalYear })
            .OrderByDescending(x => x.Total).ThenBy(x => x.Code)
            .Take(count)
            .ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var categories = await db.Objections.AsNoTracking()
            .Where(o => ids.Contains(o.ProcedureId) && o.Outcome == ObjectionOutcome.Open)
            .Select(o => new { o.ProcedureId, o.Category })
            .Distinct()
            .ToListAsync(ct);
        return rows.Select(r => new WinCandidate(r.Id, r.Code, r.Name, r.DepartmentId, r.DepartmentName, r.Status,
                r.Total ?? 0, new FiscalYear(r.FiscalYear),
                categories.Where(c => c.ProcedureId == r.Id).Select(c => c.Category).Order().ToList()))
            .ToList();
    }

    private static async Task<IReadOnlyList<CategoryCount>> OpenObjectionsByCategoryAsync(DxDbContext db, CancellationToken ct)
    {
        var counts = await db.Objections
            .Where(o => o.Outcome == ObjectionOutcome.Open)
            .GroupBy(o => o.Category)
            .Select(g => new { Category = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        return counts.Select(c => new CategoryCount(c.Category, c.Count)).OrderByDescending(c => c.Count).ThenBy(c => c.Category).ToList();
    }

    /// <summary>One procedure's status at the moment in question and that year's volume (first without, then with the volume).</summary>
    private sealed class Fact
    {
        public int ProcedureId { get; init; }
        public int DepartmentId { get; init; }
        public ProcedureStatus Status { get; init; }
        public long? Total { get; init; }
        public long? Online { get; init; }
    }
}
