using System.Globalization;
using System.Security.Claims;
using DxTracker.App.Security;
using DxTracker.Domain;
using DxTracker.Domain.Audit;
using DxTracker.Domain.Data;
using DxTracker.Domain.Identity;
using Hangfire.Dashboard;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.App.Jobs;

/// <summary>Lets only DxTeam into the Hangfire dashboard (/jobs). Replaces Hangfire's local-requests-only default and
/// checks the role itself, read from the database (not the cookie), so a demoted user is refused at once.
/// Hangfire answers 401 to anonymous visitors and 403 to signed-in users this refuses (a disabled user among them). Every
/// refusal of a signed-in user and every allowed page view (a request for HTML, not the dashboard's own polling, scripts and
/// styles) is audited; anonymous refusals at most once per client address per minute, with the count of the others
/// (<see cref="AnonymousRefusals"/>).</summary>
public sealed class DxTeamDashboardFilter : IDashboardAsyncAuthorizationFilter
{
    public async Task<bool> AuthorizeAsync(DashboardContext context)
    {
        var http = context.GetHttpContext();
        var userId = http.User.Identity?.IsAuthenticated == true ? http.User.FindFirstValue(ClaimTypes.NameIdentifier) : null;
        Actor? actor = null;
        if (userId is not null)
        {
            var factory = http.RequestServices.GetRequiredService<IDbContextFactory<DxDbContext>>();
            await using var db = await factory.CreateDbContextAsync(http.RequestAborted);
            try
            {
                actor = await Actors.LoadAsync(db, userId, http.RequestAborted);
            }
            catch (AccessDeniedException)
            {
                actor = null;
            }
        }
        var allowed = actor?.IsDxTeam == true;
        var detail = allowed ? null : nameof(DomainError.NotPermitted);
        if (userId is null)
        {
            if (http.RequestServices.GetRequiredService<AnonymousRefusals>().Admit(http.Connection.RemoteIpAddress?.ToString() ?? "") is not { } uncounted)
                return false;
            if (uncounted > 0)
                detail += string.Create(CultureInfo.InvariantCulture, $"; {uncounted} more anonymous refusals from this address since its previous row");
        }
        if (!allowed || IsPageView(http.Request))
            await http.RequestServices.GetRequiredService<AuditLog>().WriteAsync(AuditActions.DashboardViewed, userId,
                actor?.DisplayName ?? http.User.Identity?.Name, http.Request.PathBase + http.Request.Path,
                detail, allowed, ct: CancellationToken.None);
        return allowed;
    }

    private static bool IsPageView(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
}
