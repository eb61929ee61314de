using DxTracker.Domain.Data;
using DxTracker.Domain.Procedures;

namespace DxTracker.Domain.Reporting;

/// <summary>A procedure with its status at the moment in question and that year's volume — a row of a query, never loaded
/// whole: the board aggregates these, the annual report lists them.</summary>
public sealed class ProcedureAtYearEnd
{
    public Procedure Procedure { get; init; } = null!;

    /// <summary>Whether the procedure existed at the moment in question (created before it).</summary>
    public bool Existed { get; init; }

    public ProcedureStatus Status { get; init; }
    public long? Total { get; init; }
    public long? Online { get; init; }

    /// <summary>The fiscal year the volume was recorded for (the year in question or the latest known before it); null when unknown.</summary>
    public int? VolumeYear { get; init; }
}

/// <summary>The query building blocks for a procedure's state at a fiscal year's end, in SQL; they agree with
/// <see cref="Metrics.StatusAsOf"/> and <see cref="Metrics.VolumeFor"/>.</summary>
public static class YearEnd
{
    /// <summary>Each procedure with its status now (the current year: nothing to reconstruct).</summary>
    public static IQueryable<ProcedureAtYearEnd> StatusNow(IQueryable<Procedure> procedures) =>
        procedures.Select(p => new ProcedureAtYearEnd { Procedure = p, Existed = true, Status = p.Status });

    /// <summary>Each procedure with its status just before <paramref name="asOfUtc"/>, reconstructed from the history as
    /// <see cref="Metrics.StatusAsOf"/> does: the target of the last move before that instant; before any move, the origin of
    /// the first; with no history, the status now. Ties are ordered by time, then by insertion (id). A procedure created at
    /// or after the instant comes back with <see cref="ProcedureAtYearEnd.Existed"/> false.</summary>
    /// <param name="history">Every procedure's moves (the database's StatusChanges; in the pure tests, a list).</param>
    public static IQueryable<ProcedureAtYearEnd> StatusAsOf(IQueryable<Procedure> procedures, IQueryable<StatusChange> history, DateTime asOfUtc) =>
        procedures.Select(p => new ProcedureAtYearEnd
        {
            Procedure = p,
            Existed = p.CreatedAtUtc < asOfUtc,
            Status = history.Where(s => s.ProcedureId == p.Id && s.AtUtc < asOfUtc)
                         .OrderByDescending(s => s.AtUtc).ThenByDescending(s => s.Id)
                         .Select(s => (ProcedureStatus?)s.ToStatus).FirstOrDefault()
                     ?? history.Where(s => s.ProcedureId == p.Id)
                         .OrderBy(s => s.AtUtc).ThenBy(s => s.Id)
                         .Select(s => (ProcedureStatus?)s.FromStatus).FirstOrDefault()
                     ?? p.Status,
        });

    /// <summary>Adds the volume for <paramref name="fiscalYear"/> (<see cref="Metrics.VolumeFor"/>: that year's, else the latest
    /// known before it). The volume row is found by id (one index search per procedure) and joined, so Total and Online come
    /// from the same row without a second subquery.</summary>
    public static IQueryable<ProcedureAtYearEnd> WithVolumeFor(this IQueryable<ProcedureAtYearEnd> facts, IQueryable<ProcedureVolume> volumes, int fiscalYear) =>
        facts.LeftJoin(volumes,
            f => volumes.Where(v => v.ProcedureId == f.Procedure.Id && v.FiscalYear <= fiscalYear && v.Total != null)
                .OrderByDescending(v => v.FiscalYear).Select(v => (int?)v.Id).FirstOrDefault(),
            v => (int?)v.Id,
            (f, v) => new ProcedureAtYearEnd
            {
                Procedure = f.Procedure,
                Existed = f.Existed,
                Status = f.Status,
                Total = v == null ? null : v.Total,
                Online = v == null ? null : v.Online,
                VolumeYear = v == null ? null : v.FiscalYear,
            });

    /// <summary>The procedures that existed at the end of <paramref name="year"/>, each with its status then (today's for the
    /// current year, <paramref name="current"/>) and that year's volume: what the board aggregates and the publication
    /// table lists, so both agree by construction.</summary>
    public static IQueryable<ProcedureAtYearEnd> InYear(IQueryable<Procedure> procedures, DxDbContext db, FiscalYear year, FiscalYear current) =>
        InYear(procedures, db.StatusChanges, db.ProcedureVolumes, year, current);

    /// <summary><see cref="InYear(IQueryable{Procedure}, DxDbContext, FiscalYear, FiscalYear)"/> over any source of moves and
    /// volumes (the pure tests give lists).</summary>
    public static IQueryable<ProcedureAtYearEnd> InYear(IQueryable<Procedure> procedures, IQueryable<StatusChange> history,
        IQueryable<ProcedureVolume> volumes, FiscalYear year, FiscalYear current) =>
        (year == current ? StatusNow(procedures) : StatusAsOf(procedures, history, year.EndUtc).Where(f => f.Existed))
            .WithVolumeFor(volumes, year.Year);
}
