using DxTracker.Domain.Data;

namespace DxTracker.Domain.Identity;

public static class DepartmentHeads
{
    /// <summary>Users in the DepartmentHead role who have a department (composable in SQL).</summary>
    public static IQueryable<AppUser> Query(DxDbContext db)
    {
        var headRole = nameof(Role.DepartmentHead);
        return db.Users.Where(u => u.DepartmentId != null
            && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == headRole)));
    }
}
