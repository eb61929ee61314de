using System.Globalization;
using System.Security.Claims;
using DxTracker.App.Hosting;
using DxTracker.App.Security;
using DxTracker.Domain.Audit;
using DxTracker.Domain.Excel;
using DxTracker.Domain.Identity;
using DxTracker.Domain.National;
using DxTracker.Domain.Organisation;
using DxTracker.Domain.Reporting;

namespace DxTracker.App.Features.Excel;

/// <summary>Downloads as plain GETs (a link in the UI; the browser shows its own download): the annual report and the
/// survey answers for every role (all of them read everything), the inventory template and export for DxTeam; the role is
/// read from the database at each download (<see cref="CurrentRole"/>). Headers follow the request's UI culture.</summary>
public static class ExcelEndpoints
{
    /// <summary>Who may open the reports page and download its files: the three roles (docs/DOMAIN.md#roles) (DepartmentHead and
    /// Manager read everything). A signed-in account without a role gets nothing.</summary>
    public const string ReportRoles = nameof(Role.DxTeam) + "," + nameof(Role.DepartmentHead) + "," + nameof(Role.Manager);

    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static string ReportUrl(int fiscalYear) => string.Create(CultureInfo.InvariantCulture, $"/reports/annual/{fiscalYear}.xlsx");

    public const string TemplateUrl = "/inventory/template.xlsx";
    public const string ExportUrl = "/inventory/export.xlsx";
    public const string SurveyUrl = "/reports/survey.xlsx";
    public const string OrganisationTemplateUrl = "/organisation/template.xlsx";
    public const string OrganisationExportUrl = "/organisation/export.xlsx";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/reports/annual/{fy:int:range(1989,2100)}.xlsx", async (int fy, AnnualReportService reports, HttpContext http, CancellationToken ct) =>
            {
                var year = new FiscalYear(fy);
                var bytes = await reports.BuildAsync(year, ct);
                return await XlsxAsync(http, bytes, reports.FileName(year), AnnualReportService.AsciiFileName(year));
            })
            .RequireAuthorization(p => p.RequireCurrentRole(ReportRoles.Split(',')));

        app.MapGet(SurveyUrl, async (SurveyExportService survey, HttpContext http, CancellationToken ct) =>
                await XlsxAsync(http, await survey.BuildAsync(ct), SurveyExportService.FileName, SurveyExportService.AsciiFileName))
            .RequireAuthorization(p => p.RequireCurrentRole(ReportRoles.Split(',')));

        app.MapGet(TemplateUrl, async (InventoryExportService inventory, HttpContext http, CancellationToken ct) =>
                await XlsxAsync(http, await inventory.TemplateAsync(ct), InventoryFileName("テンプレート"), "DxTracker_inventory_template.xlsx"))
            .RequireAuthorization(p => p.RequireCurrentRole(nameof(Role.DxTeam)));

        app.MapGet(ExportUrl, async (InventoryExportService inventory, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            {
                var today = Today(clock);
                return await XlsxAsync(http, await inventory.ExportAsync(null, ct), InventoryFileName(today), $"DxTracker_inventory_{today}.xlsx");
            })
            .RequireAuthorization(p => p.RequireCurrentRole(nameof(Role.DxTeam)));

        app.MapGet(OrganisationTemplateUrl, async (OrganisationExportService organisation, HttpContext http, CancellationToken ct) =>
                await XlsxAsync(http, await organisation.TemplateAsync(ct), $"{OrganisationColumns.SheetName}_テンプレート.xlsx", "DxTracker_organisation_template.xlsx"))
            .RequireAuthorization(p => p.RequireCurrentRole(nameof(Role.DxTeam)));

        app.MapGet(OrganisationExportUrl, async (OrganisationExportService organisation, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            {
                var today = Today(clock);
                return await XlsxAsync(http, await organisation.ExportAsync(ct), $"{OrganisationColumns.SheetName}_{today}.xlsx", $"DxTracker_organisation_{today}.xlsx");
            })
            .RequireAuthorization(p => p.RequireCurrentRole(nameof(Role.DxTeam)));
    }

    private static string Today(TimeProvider clock) =>
        DateOnly.FromDateTime(FiscalYear.ToJapan(clock.GetUtcNow().UtcDateTime)).ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>The inventory's file name is Japanese like its headers: 手続棚卸し表_{suffix}.xlsx.</summary>
    public static string InventoryFileName(string suffix) => $"{InventoryColumns.SheetName}_{suffix}.xlsx";

    /// <summary>RFC 6266/5987: an ASCII fallback for old clients and the real (Japanese) name as UTF-8 in filename*.</summary>
    public static string ContentDisposition(string fileName, string asciiFallback) =>
        $"attachment; filename=\"{asciiFallback}\"; filename*=UTF-8''{Uri.EscapeDataString(fileName)}";

    /// <summary>Every download is audited (who, which file, from where) before it is sent.</summary>
    private static async Task<IResult> XlsxAsync(HttpContext http, byte[] bytes, string fileName, string asciiFallback)
    {
        await http.RequestServices.GetRequiredService<AuditLog>().WriteAsync(AuditActions.Export,
            http.User.FindFirstValue(ClaimTypes.NameIdentifier), http.User.FindFirstValue(IdentitySetup.DisplayNameClaim) ?? http.User.Identity?.Name,
            http.Request.Path, fileName, succeeded: true, http.Connection.RemoteIpAddress?.ToString(), http.RequestAborted);
        http.Response.Headers.ContentDisposition = ContentDisposition(fileName, asciiFallback);
        http.Response.Headers.CacheControl = "no-store";
        return Results.File(bytes, XlsxContentType);
    }
}
