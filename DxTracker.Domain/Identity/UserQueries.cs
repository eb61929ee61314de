using DxTracker.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Domain.Identity;

/// <summary>A row of the user administration list; <see cref="Role"/> null: none (or one this version does not know).
/// <see cref="Invitation"/>: the live (not used, not replaced) invitation of an account without a password, if any.</summary>
public sealed record UserRow(string Id, string DisplayName, string? Email, Role? Role, int? DepartmentId, string? Department, DateTimeOffset? LockoutEnd,
    bool HasPassword, LiveInvitation? Invitation);

/// <summary>An invitation not used and not replaced: until when it is valid, and whether its mail went out.</summary>
public sealed record LiveInvitation(DateTime ExpiresAtUtc, bool Sent);

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
                HasPassword = x.User.PasswordHash != null,
            })
            .ToListAsync(ct);
        // At most one live invitation per account: a new one replaces the earlier.
        var live = (await db.Invitations.AsNoTracking().Where(i => i.UsedAtUtc == null && i.RevokedAtUtc == null)
                .Select(i => new { i.UserId, i.Id, i.ExpiresAtUtc, Sent = i.SentAtUtc != null }).ToListAsync(ct))
            .GroupBy(i => i.UserId).ToDictionary(g => g.Key, g => g.MaxBy(i => i.Id)!);
        return rows.Select(r => new UserRow(r.Id, r.DisplayName, r.Email, Actors.ParseRole(r.RoleName), r.DepartmentId, r.Department, r.LockoutEnd,
            r.HasPassword, live.TryGetValue(r.Id, out var i) ? new LiveInvitation(i.ExpiresAtUtc, i.Sent) : null)).ToList();
    }
}
