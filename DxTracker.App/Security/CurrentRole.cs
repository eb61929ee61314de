using System.Security.Claims;
using DxTracker.Domain;
using DxTracker.Domain.Data;
using DxTracker.Domain.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.App.Security;

public static class CurrentRole
{
    /// <summary>Signed in and holding one of <paramref name="roles"/> as the database says at this request
    /// (<see cref="Actors.LoadAsync"/>), not as the cookie says: a disabled or demoted user is refused at once (403) rather
    /// than at the cookie's next re-validation. For downloads, which no service write guards.</summary>
    public static AuthorizationPolicyBuilder RequireCurrentRole(this AuthorizationPolicyBuilder policy, params string[] roles) =>
        policy.RequireAuthenticatedUser().RequireAssertion(async context =>
        {
            if (context.Resource is not HttpContext http || http.User.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
                return false;
            var factory = http.RequestServices.GetRequiredService<IDbContextFactory<DxDbContext>>();
            await using var db = await factory.CreateDbContextAsync(http.RequestAborted);
            Actor actor;
            try
            {
                actor = await Actors.LoadAsync(db, userId, http.RequestAborted);
            }
            catch (AccessDeniedException)
            {
                return false;
            }
            return Array.IndexOf(roles, actor.Role.ToString()) >= 0;
        });
}
