using DxTracker.Domain.Data;
using DxTracker.Domain.Procedures;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Domain.Hearings;

/// <summary>How one objection category fared across the office.</summary>
public sealed record CategoryFigures(ObjectionCategory Category, int Raised, int Countered, int Accepted, int Open)
{
    /// <summary>Countered ÷ raised; null when never raised.</summary>
    public double? CounteredShare => Raised == 0 ? null : (double)Countered / Raised;
}

/// <summary>One objection with its procedure and department, for the playbook and the department page.</summary>
public sealed record ObjectionRow(
    int Id,
    ObjectionCategory Category,
    string Description,
    string? Rebuttal,
    ObjectionOutcome Outcome,
    DateTime RaisedAtUtc,
    DateTime? ClosedAtUtc,
    int ProcedureId,
    string ProcedureCode,
    string ProcedureName,
    int DepartmentId,
    string DepartmentName);

/// <summary>反論集: the rebuttal playbook's reads, aggregated in SQL.</summary>
public static class Playbook
{
    /// <summary>Raised / countered / accepted / open per category (only the given categories when any are given),
    /// in the order of <see cref="ObjectionCategory"/>; categories never raised are left out.</summary>
    public static async Task<List<CategoryFigures>> FiguresAsync(DxDbContext db, IReadOnlyCollection<ObjectionCategory> categories, CancellationToken ct = default)
    {
        var rows = await InCategories(db.Objections.AsNoTracking(), categories)
            .GroupBy(o => o.Category)
            .Select(g => new
            {
                g.Key,
                Raised = g.Count(),
                Countered = g.Count(o => o.Outcome == ObjectionOutcome.Countered),
                Accepted = g.Count(o => o.Outcome == ObjectionOutcome.Accepted),
                Open = g.Count(o => o.Outcome == ObjectionOutcome.Open),
            })
            .ToListAsync(ct);
        return rows.Select(r => new CategoryFigures(r.Key, r.Raised, r.Countered, r.Accepted, r.Open)).OrderBy(f => f.Category).ToList();
    }

    /// <summary>The rebuttals that worked: countered objections with a rebuttal, newest first (by when they were closed).</summary>
    public static Task<List<ObjectionRow>> WorkedRebuttalsAsync(DxDbContext db, IReadOnlyCollection<ObjectionCategory> categories, int take, CancellationToken ct = default) =>
        Rows(InCategories(db.Objections.AsNoTracking(), categories)
                .Where(o => o.Outcome == ObjectionOutcome.Countered && o.Rebuttal != null)
                .OrderByDescending(o => o.ClosedAtUtc).ThenByDescending(o => o.Id))
            .Take(take).ToListAsync(ct);

    /// <summary>A department's objections, newest first; only the open ones when <paramref name="openOnly"/>.</summary>
    public static Task<List<ObjectionRow>> DepartmentObjectionsAsync(DxDbContext db, int departmentId, bool openOnly, CancellationToken ct = default) =>
        Rows(db.Objections.AsNoTracking()
                .Where(o => o.Procedure!.DepartmentId == departmentId && (!openOnly || o.Outcome == ObjectionOutcome.Open))
                .OrderByDescending(o => o.RaisedAtUtc).ThenByDescending(o => o.Id))
            .ToListAsync(ct);

    /// <summary>The categories a department raised before (what to prepare for its next hearing).</summary>
    public static Task<List<ObjectionCategory>> CategoriesRaisedByAsync(DxDbContext db, int departmentId, CancellationToken ct = default) =>
        db.Objections.AsNoTracking().Where(o => o.Procedure!.DepartmentId == departmentId).Select(o => o.Category).Distinct().ToListAsync(ct);

    private static IQueryable<Objection> InCategories(IQueryable<Objection> objections, IReadOnlyCollection<ObjectionCategory> categories) =>
        categories.Count == 0 ? objections : objections.Where(o => categories.Contains(o.Category));

    private static IQueryable<ObjectionRow> Rows(IQueryable<Objection> objections) =>
        objections.Select(o => new ObjectionRow(
            o.Id, o.Category, o.Description, o.Rebuttal, o.Outcome, o.RaisedAtUtc, o.ClosedAtUtc,
            o.ProcedureId, o.Procedure!.Code, o.Procedure.Name, o.Procedure.DepartmentId, o.Procedure.Department!.Name));
}

/// <summary>What the playbook page shows: the categories it is narrowed to, their figures, the rebuttals that worked, and
/// when it prepares a department's hearing, that department's name and objections (name null: no such department).</summary>
public sealed record PlaybookView(
    IReadOnlyList<ObjectionCategory> Categories, IReadOnlyList<CategoryFigures> Figures, IReadOnlyList<ObjectionRow> Worked,
    string? DepartmentName, IReadOnlyList<ObjectionRow> DepartmentObjections);

/// <summary>The playbook page's read (<see cref="Playbook"/>) in one context.</summary>
public sealed class PlaybookQueries(IDbContextFactory<DxDbContext> dbFactory)
{
    /// <summary>The playbook for <paramref name="categories"/>; for a department without chosen categories, the categories it
    /// raised before. A department that never raised anything gets the whole playbook (nothing to narrow to).</summary>
    public async Task<PlaybookView> ViewAsync(int? departmentId, IReadOnlyList<ObjectionCategory> categories, int workedShown, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        string? departmentName = null;
        List<ObjectionRow> departmentObjections = [];
        if (departmentId is { } department)
        {
            departmentName = await db.Departments.AsNoTracking().Where(d => d.Id == department).Select(d => d.Name).FirstOrDefaultAsync(ct);
            if (departmentName is not null)
            {
                if (categories.Count == 0)
                    categories = (await Playbook.CategoriesRaisedByAsync(db, department, ct)).Order().ToList();
                departmentObjections = await Playbook.DepartmentObjectionsAsync(db, department, openOnly: false, ct);
            }
        }
        var figures = await Playbook.FiguresAsync(db, categories.ToList(), ct);
        var worked = await Playbook.WorkedRebuttalsAsync(db, categories.ToList(), workedShown, ct);
        return new PlaybookView(categories, figures, worked, departmentName, departmentObjections);
    }
}
