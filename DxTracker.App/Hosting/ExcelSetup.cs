using DxTracker.App.Features.Excel;
using DxTracker.Domain.Excel;

namespace DxTracker.App.Hosting;

public static class ExcelSetup
{
    /// <summary>The annual report and the inventory export/import (docs/DOMAIN.md#import-rules-手続棚卸し表).</summary>
    public static IServiceCollection AddDxExcel(this IServiceCollection services)
    {
        services.AddScoped<AnnualReportService>();
        services.AddScoped<InventoryExportService>();
        services.AddScoped<InventoryImportService>();
        services.AddScoped<BrowserFiles>();
        return services;
    }

    public static void MapDxExcel(this IEndpointRouteBuilder app) => ExcelEndpoints.Map(app);
}
