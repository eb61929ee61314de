using DxTracker.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DxTracker.Domain.Identity;

/// <summary>A user with the name of their Identity role (null: none), composable in SQL before anything is loaded.</summary>
public sealed class UserWithRole
{
    public required AppUser User { get; init; }
    public string? RoleName { get; init; }
}

/// <summary>The one place a user's role is read from the database: the actor of a write, the users in a role, a user's role in a list.</summary>
public static class Actors
{
    /// <summary>Every user with their role name (Identity's UserRoles joined to Roles), as an untracked query.</summary>
    public static IQueryable<UserWithRole> WithRole(DxDbContext db) =>
        db.Users.AsNoTracking().Select(u => new UserWithRole
        {
            User = u,
            RoleName = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).FirstOrDefault(),
        });

    /// <summary>A stored role name as a <see cref="Role"/>; null for none or a name this version does not know.</summary>
    public static Role? ParseRole(string? name) => Enum.TryParse<Role>(name, out var role) ? role : null;

    /// <summary>The users holding a role (for a department's head: <c>InRole(db, Role.DepartmentHead)</c> with its DepartmentId).</summary>
    public static IQueryable<AppUser> InRole(DxDbContext db, Role role)
    {
        var name = role.ToString();
        return db.Users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == name)));
    }

    /// <summary>Users in the DepartmentHead role who have a department.</summary>
    public static IQueryable<AppUser> DepartmentHeads(DxDbContext db) => InRole(db, Role.DepartmentHead).Where(u => u.DepartmentId != null);

    /// <summary>Reads the user's current role and department from the database. Every service write starts here,
    /// so a role or department changed after sign-in, or a disabled sign-in, takes effect at once. Unknown, role-less and
    /// disabled users (<see cref="AppUser.IsDisabled"/>) are refused.</summary>
    public static async Task<Actor> LoadAsync(DxDbContext db, string userId, CancellationToken ct = default)
    {
        var row = await WithRole(db)
            .Where(x => x.User.Id == userId)
            .Select(x => new { x.User.Id, x.User.DisplayName, x.User.DepartmentId, x.User.LockoutEnd, x.RoleName })
            .FirstOrDefaultAsync(ct);
        if (row is null || AppUser.IsDisabled(row.LockoutEnd) || ParseRole(row.RoleName) is not { } role)
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
