using DxTracker.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Domain.Identity;

/// <summary>A row of the user administration list; <see cref="Role"/> null: none (or one this version does not know).</summary>
public sealed record UserRow(string Id, string DisplayName, string? Email, Role? Role, int? DepartmentId, string? Department, DateTimeOffset? LockoutEnd);

/// <summary>The user administration page's read: one context per call.</summary>
public sealed class UserQueries(IDbContextFactory<DxDbContext> dbFactory)
{
    /// <summary>Every user with role and department, by department then name.</summary>
    public async Task<List<UserRow>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await Actors.WithRole(db)
            .OrderBy(x => x.User.DepartmentId).ThenBy(x => x.User.DisplayName)
            .Select(x => new
            {
                x.User.Id,
                x.User.DisplayName,
                x.User.Email,
                x.RoleName,
                x.User.DepartmentId,
                Department = x.User.Department != null ? x.User.Department.Name : null,
                x.User.LockoutEnd,
            })
            .ToListAsync(ct);
        return rows.Select(r => new UserRow(r.Id, r.DisplayName, r.Email, Actors.ParseRole(r.RoleName), r.DepartmentId, r.Department, r.LockoutEnd)).ToList();
    }
}
