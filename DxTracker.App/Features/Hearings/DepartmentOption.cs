using DxTracker.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.App.Features.Hearings;

/// <summary>A department as a pick-list entry (division ／ department), in the office's order.</summary>
public sealed record DepartmentOption(int Id, string Name, string Division)
{
    public static Task<List<DepartmentOption>> LoadAsync(DxDbContext db) =>
        db.Departments.AsNoTracking()
            .OrderBy(d => d.Division!.SortOrder).ThenBy(d => d.Division!.Code).ThenBy(d => d.SortOrder).ThenBy(d => d.Code)
            .Select(d => new DepartmentOption(d.Id, d.Name, d.Division!.Name))
            .ToListAsync();
}
