using System.Security.Claims;
using DxTracker.Domain;
using DxTracker.Domain.Data;
using DxTracker.Domain.Identity;
using Hangfire.Dashboard;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.App.Jobs;

/// <summary>Lets only DxTeam into the Hangfire dashboard (/jobs). Replaces Hangfire's local-requests-only default and
/// checks the role itself, read from the database (not the cookie), so a demoted user is refused at once.
/// Hangfire answers 401 to anonymous visitors and 403 to signed-in users this refuses.</summary>
public sealed class DxTeamDashboardFilter : IDashboardAsyncAuthorizationFilter
{
    public async Task<bool> AuthorizeAsync(DashboardContext context)
    {
        var http = context.GetHttpContext();
        if (http.User.Identity?.IsAuthenticated != true || http.User.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
            return false;
        var factory = http.RequestServices.GetRequiredService<IDbContextFactory<DxDbContext>>();
        await using var db = await factory.CreateDbContextAsync(http.RequestAborted);
        try
        {
            return (await Actors.LoadAsync(db, userId, http.RequestAborted)).IsDxTeam;
        }
        catch (AccessDeniedException)
        {
            return false;
        }
    }
}
