using DxTracker.Domain.Reporting;
using DxTracker.Domain.Setup;

namespace DxTracker.App.Hosting;

public static class HomeSetup
{
    /// <summary>The home page's per-role figures and the DX team's first-run checklist.</summary>
    public static IServiceCollection AddDxHome(this IServiceCollection services) =>
        services.AddScoped<WorkSummaryQuery>().AddScoped<FirstRunQuery>();
}
