using DxTracker.Domain.Identity;
using DxTracker.Domain.Procedures;

namespace DxTracker.App.Hosting;

/// <summary>The signed-in user's claims as the domain's <see cref="Actor"/>, for deciding what a page offers (every write
/// re-reads the real actor from the database through <see cref="Actors"/>).</summary>
public static class UserActor
{
    /// <summary>Null for a user without a role: such a user is offered nothing.</summary>
    public static Actor? ToActor(this UserInfo user) =>
        user.Role is { } role ? new Actor(user.UserId, user.DisplayName, role, user.DepartmentId) : null;

    /// <summary>The status moves to offer this user on a procedure of the department (none without a role).</summary>
    public static IReadOnlyList<ProcedureStatus> MovesFrom(this UserInfo user, ProcedureStatus from, int departmentId) =>
        user.ToActor() is { } actor ? Workflow.TargetsFor(from, actor, departmentId) : [];
}
