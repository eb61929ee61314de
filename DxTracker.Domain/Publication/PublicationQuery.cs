using DxTracker.Domain.Data;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reporting;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Domain.Publication;

/// <summary>What the publication table may narrow by: a text inside the code, name or legal basis, and a department.</summary>
public sealed record PublicationFilter(string? Search = null, int? DepartmentId = null);

/// <summary>One procedure of the publication table: no person's name, no objection text, no exemption or withholding reason.</summary>
/// <param name="Total">Applications in the year (the latest known before it when the year has none: <see cref="VolumeYear"/>).</param>
/// <param name="Online">Online applications of that volume.</param>
/// <param name="Url">The online form, when the procedure was online (電子化済) at the year's end.</param>
public sealed record PublishedProcedure(int Id, string Code, string Name, string DivisionName, string DepartmentName, bool IsOnline,
    long? Total, long? Online, int? VolumeYear, string? Url)
{
    /// <summary>Online ÷ total, when both are known and the total is not zero.</summary>
    public double? OnlineRate => Total is > 0 && Online is { } o ? (double)o / Total.Value : null;
}

/// <summary>A page of the publication table with the office's figures for the year (the board's own).</summary>
public sealed record PublicationPage(FiscalYear Year, TrendPoint Figures, IReadOnlyList<PublishedProcedure> Rows, int MatchCount, int WithheldCount);

/// <summary>A procedure that became 電子化済 in a period and is still online: what residents can now do online.</summary>
public sealed record NewlyOnline(int Id, string Code, string Name, string DepartmentName, string Url, DateTime OnlineSinceUtc);

public sealed record DepartmentChoice(int Id, string Name);

/// <summary>
/// The public lists: the yearly publication table (every non-exempt procedure that existed at the year's end, with its
/// applications and online applications) and what became newly online. The table's rows come from the same building
/// blocks as the board (<see cref="YearEnd.InYear"/>) and its figures from the board itself (<see cref="BoardQuery"/>),
/// so they agree. Withheld procedures (<see cref="Procedure.PublicationWithheldReason"/>) never appear.
/// </summary>
public sealed class PublicationQuery(IDbContextFactory<DxDbContext> dbFactory, BoardQuery board)
{
    public const int PageSize = 50;

    public FiscalYear CurrentYear => board.CurrentYear;

    public Task<IReadOnlyList<FiscalYear>> YearsAsync(CancellationToken ct = default) => board.YearsAsync(ct);

    public async Task<IReadOnlyList<DepartmentChoice>> DepartmentsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Departments.AsNoTracking()
            .OrderBy(d => d.Division!.SortOrder).ThenBy(d => d.Division!.Code).ThenBy(d => d.SortOrder).ThenBy(d => d.Code)
            .Select(d => new DepartmentChoice(d.Id, d.Name))
            .ToListAsync(ct);
    }

    /// <summary>One page (from 1) of the table for the year, the number of matching rows, and the office's figures.</summary>
    public async Task<PublicationPage> PageAsync(FiscalYear year, PublicationFilter filter, int page, CancellationToken ct = default)
    {
        var figures = await board.YearAsync(year, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = Rows(db, year, filter);
        var count = await rows.CountAsync(ct);
        var withheld = await YearEnd.InYear(db.Procedures.Where(p => p.PublicationWithheldReason != null), db, year, CurrentYear)
            .CountAsync(f => f.Status != ProcedureStatus.Exempt, ct);
        var list = await rows.Skip((Math.Max(page, 1) - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        return new PublicationPage(year, figures, list, count, withheld);
    }

    /// <summary>Every row of the table for the year (for the CSV and Excel files), in the table's order.</summary>
    public async Task<IReadOnlyList<PublishedProcedure>> AllAsync(FiscalYear year, PublicationFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Rows(db, year, filter).ToListAsync(ct);
    }

    /// <summary>Procedures moved into 電子化済 within [<paramref name="fromUtc"/>, <paramref name="toUtc"/>) and online now, newest
    /// first, each with the time of its last such move in the period; at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<NewlyOnline>> NewlyOnlineAsync(DateTime fromUtc, DateTime toUtc, int limit = 1000, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var moves = db.StatusChanges.Where(s => s.ToStatus == ProcedureStatus.Digitized && s.AtUtc >= fromUtc && s.AtUtc < toUtc);
        return await db.Procedures.AsNoTracking()
            .Where(p => p.Status == ProcedureStatus.Digitized && p.PublicationWithheldReason == null && p.OnlineFormUrl != null)
            .Select(p => new { p, At = moves.Where(s => s.ProcedureId == p.Id).Max(s => (DateTime?)s.AtUtc) })
            .Where(x => x.At != null)
            .OrderByDescending(x => x.At).ThenBy(x => x.p.Code)
            .Take(limit)
            .Select(x => new NewlyOnline(x.p.Id, x.p.Code, x.p.Name, x.p.Department!.Name, x.p.OnlineFormUrl!, x.At!.Value))
            .ToListAsync(ct);
    }

    private IQueryable<PublishedProcedure> Rows(DxDbContext db, FiscalYear year, PublicationFilter filter)
    {
        var procedures = db.Procedures.AsNoTracking().Where(p => p.PublicationWithheldReason == null);
        if (filter.DepartmentId is { } department)
            procedures = procedures.Where(p => p.DepartmentId == department);
        if (filter.Search?.Trim() is { Length: > 0 } search)
            procedures = procedures.Where(InventoryQuery.Matching(search));
        return YearEnd.InYear(procedures, db, year, CurrentYear)
            .Where(f => f.Status != ProcedureStatus.Exempt)
            .OrderBy(f => f.Procedure.Department!.Division!.SortOrder).ThenBy(f => f.Procedure.Department!.Division!.Code)
            .ThenBy(f => f.Procedure.Department!.SortOrder).ThenBy(f => f.Procedure.Department!.Code).ThenBy(f => f.Procedure.Code)
            .Select(f => new PublishedProcedure(f.Procedure.Id, f.Procedure.Code, f.Procedure.Name, f.Procedure.Department!.Division!.Name,
                f.Procedure.Department.Name, f.Status == ProcedureStatus.Digitized, f.Total, f.Online, f.VolumeYear,
                f.Status == ProcedureStatus.Digitized ? f.Procedure.OnlineFormUrl : null));
    }
}
