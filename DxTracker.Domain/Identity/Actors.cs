using DxTracker.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DxTracker.Domain.Identity;

public static class Actors
{
    /// <summary>Reads the user's current role and department from the database. Every service write starts here,
    /// so a role or department changed after sign-in, or a disabled sign-in, takes effect at once. Unknown, role-less and
    /// disabled users (<see cref="AppUser.IsDisabled"/>) are refused.</summary>
    public static async Task<Actor> LoadAsync(DxDbContext db, string userId, CancellationToken ct = default)
    {
        var row = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new
            {
                u.Id,
                u.DisplayName,
                u.DepartmentId,
                u.LockoutEnd,
                Role = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(ct);
        if (row is null || AppUser.IsDisabled(row.LockoutEnd) || !Enum.TryParse<Role>(row.Role, out var role))
            throw new AccessDeniedException(DomainError.NotPermitted);
        return new Actor(row.Id, row.DisplayName, role, role == Role.DepartmentHead ? row.DepartmentId : null);
    }

    /// <summary>Reads the actor from the database and refuses (and logs) anyone but DxTeam: the gate of every administration write.</summary>
    public static async Task<Actor> LoadDxTeamAsync(DxDbContext db, string userId, ILogger logger, string operation, CancellationToken ct = default)
    {
        var actor = await LoadAsync(db, userId, ct);
        if (actor.IsDxTeam)
            return actor;
        logger.LogWarning("Refused {Operation} by {UserId} ({Role}, department {DepartmentId}): DxTeam only",
            operation, actor.UserId, actor.Role, actor.DepartmentId);
        throw new AccessDeniedException(DomainError.NotPermitted);
    }
}
