using DxTracker.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.App.Features.Admin;

/// <summary>A department as a pick list shows it: "福祉部 / 福祉課".</summary>
public sealed record DepartmentOption(int Id, string Code, string Label);

public static class DepartmentOptions
{
    /// <summary>Every department in organisation order (division, then department sort order and code).</summary>
    public static async Task<List<DepartmentOption>> LoadAsync(IDbContextFactory<DxDbContext> dbFactory, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Departments.AsNoTracking()
            .OrderBy(d => d.Division!.SortOrder).ThenBy(d => d.Division!.Code).ThenBy(d => d.SortOrder).ThenBy(d => d.Code)
            .Select(d => new DepartmentOption(d.Id, d.Code, d.Division!.Name + " / " + d.Name))
            .ToListAsync(ct);
    }
}
