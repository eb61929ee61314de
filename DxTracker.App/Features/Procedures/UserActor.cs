using DxTracker.App.Hosting;
using DxTracker.Domain.Identity;

namespace DxTracker.App.Features.Procedures;

public static class UserActor
{
    /// <summary>The signed-in user as an <see cref="Actor"/>, for deciding what to offer (the service re-reads the real one).</summary>
    public static Actor? ToActor(this UserInfo user) =>
        user.Role is { } role ? new Actor(user.UserId, user.DisplayName, role, user.DepartmentId) : null;
}
