using System.Globalization;
using System.Security.Claims;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Publication;
using DxTracker.Domain.Reporting;

namespace DxTracker.App.Features.Share;

/// <summary>GET /share/post.png?fy=YYYY: the progress post's image for the fiscal year (default the current one). DX team only.</summary>
public static class ShareEndpoints
{
    public const string ImagePath = "/share/post.png";

    public static string ImageUrl(FiscalYear year) => string.Create(CultureInfo.InvariantCulture, $"{ImagePath}?fy={year.Year}");

    public static void MapShareEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet(ImagePath, async (int? fy, HttpContext http, ShareService share, PostImage image, BoardQuery board, EraSettings era, CancellationToken ct) =>
            {
                var year = fy is >= 1989 and <= 2100 ? new FiscalYear(fy.Value) : board.CurrentYear;
                var chart = await share.ChartAsync(http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", year, ct);
                http.Response.Headers.CacheControl = "no-store";
                return Results.File(image.Render(chart, era, year == board.CurrentYear), "image/png",
                    string.Create(CultureInfo.InvariantCulture, $"dx-progress-FY{year.Year}.png"));
            })
            .RequireAuthorization(p => p.RequireRole(nameof(Role.DxTeam)));
}
