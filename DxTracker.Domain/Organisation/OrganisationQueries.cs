using DxTracker.Domain.Data;
using DxTracker.Domain.Hearings;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Procedures;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Domain.Organisation;

/// <summary>A department as a pick list shows it. <see cref="Label"/> is "福祉部 / 福祉課".</summary>
public sealed record DepartmentOption(int Id, string Code, string Name, string Division)
{
    public string Label => Division + " / " + Name;
}

/// <summary>A division of the organisation page with its departments.</summary>
public sealed record DivisionRow(int Id, string Code, string Name, int SortOrder, IReadOnlyList<OrganisationDepartmentRow> Departments);

/// <summary>A department of the organisation page: its head and how many procedures it owns.</summary>
public sealed record OrganisationDepartmentRow(int Id, int DivisionId, string Code, string Name, int SortOrder, string? Head, int Procedures);

/// <summary>A row of the department list (課一覧).</summary>
public sealed record DepartmentListRow(int Id, string Name, string Division, string? Head, int Procedures, int Digitized, int OpenObjections, DateOnly? LastHearing);

public sealed record DepartmentHearingRow(int Id, DateOnly HeldOn, string Summary, int Items);

public sealed record DepartmentProcedureRow(int Id, string Code, string Name, ProcedureStatus Status);

/// <summary>A department's page: its head, procedures by status, hearings, open objections, and procedures no hearing discussed yet
/// (the first <see cref="OrganisationQueries.NeverDiscussedShown"/> of <see cref="NeverDiscussedCount"/>).</summary>
public sealed record DepartmentOverview(
    string Name, int DivisionId, string Division, string? Head,
    IReadOnlyDictionary<ProcedureStatus, int> Counts,
    IReadOnlyList<DepartmentHearingRow> Hearings,
    IReadOnlyList<ObjectionRow> OpenObjections,
    IReadOnlyList<DepartmentProcedureRow> NeverDiscussed,
    int NeverDiscussedCount);

/// <summary>The reads of the organisation pages (pick lists, the organisation tree, the department list and page): one context per call.</summary>
public sealed class OrganisationQueries(IDbContextFactory<DxDbContext> dbFactory)
{
    public const int NeverDiscussedShown = 50;

    /// <summary>Every department in organisation order (division, then department sort order and code).</summary>
    public async Task<List<DepartmentOption>> DepartmentOptionsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Departments.AsNoTracking()
            .OrderBy(d => d.Division!.SortOrder).ThenBy(d => d.Division!.Code).ThenBy(d => d.SortOrder).ThenBy(d => d.Code)
            .Select(d => new DepartmentOption(d.Id, d.Code, d.Name, d.Division!.Name))
            .ToListAsync(ct);
    }

    /// <summary>The divisions in order, each with its departments in order.</summary>
    public async Task<List<DivisionRow>> TreeAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var heads = Actors.DepartmentHeads(db);
        var departments = await db.Departments.AsNoTracking()
            .OrderBy(d => d.SortOrder).ThenBy(d => d.Code)
            .Select(d => new OrganisationDepartmentRow(d.Id, d.DivisionId, d.Code, d.Name, d.SortOrder,
                heads.Where(u => u.DepartmentId == d.Id).Select(u => u.DisplayName).FirstOrDefault(),
                db.Procedures.Count(p => p.DepartmentId == d.Id)))
            .ToListAsync(ct);
        var divisions = await db.Divisions.AsNoTracking()
            .OrderBy(d => d.SortOrder).ThenBy(d => d.Code)
            .Select(d => new { d.Id, d.Code, d.Name, d.SortOrder })
            .ToListAsync(ct);
        return divisions.Select(d => new DivisionRow(d.Id, d.Code, d.Name, d.SortOrder, departments.Where(x => x.DivisionId == d.Id).ToList())).ToList();
    }

    /// <summary>Every department with its head, procedure counts, open objections and last hearing, in organisation order.</summary>
    public async Task<List<DepartmentListRow>> DepartmentListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var heads = Actors.InRole(db, Role.DepartmentHead);
        return await db.Departments.AsNoTracking()
            .OrderBy(d => d.Division!.SortOrder).ThenBy(d => d.Division!.Code).ThenBy(d => d.SortOrder).ThenBy(d => d.Code)
            .Select(d => new DepartmentListRow(d.Id, d.Name, d.Division!.Name,
                heads.Where(u => u.DepartmentId == d.Id).Select(u => u.DisplayName).FirstOrDefault(),
                db.Procedures.Count(p => p.DepartmentId == d.Id),
                db.Procedures.Count(p => p.DepartmentId == d.Id && p.Status == ProcedureStatus.Digitized),
                db.Objections.Count(o => o.Procedure!.DepartmentId == d.Id && o.Outcome == ObjectionOutcome.Open),
                db.HearingSessions.Where(h => h.DepartmentId == d.Id).Max(h => (DateOnly?)h.HeldOn)))
            .ToListAsync(ct);
    }

    /// <summary>One department's page; null when it does not exist.</summary>
    public async Task<DepartmentOverview?> DepartmentAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var heads = Actors.InRole(db, Role.DepartmentHead);
        var department = await db.Departments.AsNoTracking().Where(d => d.Id == id)
            .Select(d => new { d.Name, d.DivisionId, Division = d.Division!.Name, Head = heads.Where(u => u.DepartmentId == d.Id).Select(u => u.DisplayName).FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        if (department is null)
            return null;
        var counts = await db.Procedures.AsNoTracking().Where(p => p.DepartmentId == id)
            .GroupBy(p => p.Status).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var hearings = await db.HearingSessions.AsNoTracking().Where(h => h.DepartmentId == id)
            .OrderByDescending(h => h.HeldOn).ThenByDescending(h => h.Id)
            .Select(h => new DepartmentHearingRow(h.Id, h.HeldOn, h.Summary, h.Items.Count))
            .ToListAsync(ct);
        var objections = await Playbook.DepartmentObjectionsAsync(db, id, openOnly: true, ct);
        var neverDiscussed = db.Procedures.AsNoTracking()
            .Where(p => p.DepartmentId == id && !db.HearingItems.Any(i => i.ProcedureId == p.Id));
        var neverDiscussedCount = await neverDiscussed.CountAsync(ct);
        var shown = await neverDiscussed.OrderBy(p => p.Code).Take(NeverDiscussedShown)
            .Select(p => new DepartmentProcedureRow(p.Id, p.Code, p.Name, p.Status))
            .ToListAsync(ct);
        return new DepartmentOverview(department.Name, department.DivisionId, department.Division, department.Head, counts, hearings, objections, shown, neverDiscussedCount);
    }

    /// <summary>A department's name; null when it does not exist.</summary>
    public async Task<string?> DepartmentNameAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Departments.AsNoTracking().Where(d => d.Id == id).Select(d => d.Name).FirstOrDefaultAsync(ct);
    }
}
