using DxTracker.Domain.Data;
using DxTracker.Domain.National;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Domain.Procedures;

/// <summary>A procedure's editable fields with the version they were read at (the edit's concurrency check).</summary>
public sealed record EditableFields(ProcedureFields Fields, int Version);

/// <summary>The procedure page: the procedure and the national catalogue entry it is linked to (if any).</summary>
public sealed record ProcedurePageData(ProcedureDetails Procedure, NationalFacts? National);

/// <summary>The inventory's filter choices: divisions, departments (with their division) and the target years in use.</summary>
public sealed record InventoryChoices(
    IReadOnlyList<(int Id, string Name)> Divisions,
    IReadOnlyList<(int Id, int DivisionId, string Name)> Departments,
    IReadOnlyList<int> TargetYears);

/// <summary>A row of the DX team's procedure administration list.</summary>
public sealed record AdminProcedureRow(int Id, int Version, string Code, string Name, int DepartmentId, string Department, ProcedureStatus Status);

/// <summary>The reads of the procedure pages (inventory, procedure page, administration list): one context per call.</summary>
public sealed class ProcedureQueries(IDbContextFactory<DxDbContext> dbFactory)
{
    /// <summary>The procedure page's data; null when the procedure does not exist.</summary>
    public async Task<ProcedurePageData?> PageAsync(int procedureId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var details = await ProcedureDetails.LoadAsync(db, procedureId, ct);
        if (details is null)
            return null;
        return new ProcedurePageData(details, await NationalEvidence.ForNationalIdAsync(db, details.Fields.NationalProcedureId, ct));
    }

    /// <summary>The fields and version as stored now; null when the procedure does not exist.</summary>
    public async Task<EditableFields?> FieldsAsync(int procedureId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var procedure = await db.Procedures.AsNoTracking().FirstOrDefaultAsync(p => p.Id == procedureId, ct);
        return procedure is null ? null : new EditableFields(procedure.Fields, procedure.Version);
    }

    /// <summary>One page of the inventory (<see cref="InventoryQuery.PageAsync"/>).</summary>
    public async Task<InventoryPage> InventoryAsync(InventoryFilter filter, InventorySort sort, bool descending, int skip, int take, DateTime utcNow, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await InventoryQuery.PageAsync(db, filter, sort, descending, skip, take, utcNow, ct);
    }

    public async Task<InventoryChoices> InventoryChoicesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var divisions = await db.Divisions.AsNoTracking().OrderBy(d => d.SortOrder).ThenBy(d => d.Code).Select(d => new { d.Id, d.Name }).ToListAsync(ct);
        var departments = await db.Departments.AsNoTracking().OrderBy(d => d.SortOrder).ThenBy(d => d.Code).Select(d => new { d.Id, d.DivisionId, d.Name }).ToListAsync(ct);
        var years = await db.Procedures.Where(p => p.TargetFiscalYear != null).Select(p => p.TargetFiscalYear!.Value).Distinct().OrderBy(y => y).ToListAsync(ct);
        return new InventoryChoices(divisions.Select(d => (d.Id, d.Name)).ToList(), departments.Select(d => (d.Id, d.DivisionId, d.Name)).ToList(), years);
    }

    /// <summary>One page of the administration list in code order, matching <paramref name="search"/> in the code or name; and the total.</summary>
    public async Task<(IReadOnlyList<AdminProcedureRow> Rows, int Total)> AdminListAsync(string? search, int skip, int take, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Procedures.AsNoTracking();
        if (search?.Trim() is { Length: > 0 } text)
        {
            var pattern = SqlLike.Contains(text);
            query = query.Where(p => EF.Functions.Like(p.Code, pattern, SqlLike.EscapeCharacter) || EF.Functions.Like(p.Name, pattern, SqlLike.EscapeCharacter));
        }
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(p => p.Code)
            .Skip(skip).Take(take)
            .Select(p => new AdminProcedureRow(p.Id, p.Version, p.Code, p.Name, p.DepartmentId, p.Department!.Name, p.Status))
            .ToListAsync(ct);
        return (rows, total);
    }
}
