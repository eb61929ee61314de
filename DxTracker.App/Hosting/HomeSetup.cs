using DxTracker.Domain.Reporting;

namespace DxTracker.App.Hosting;

public static class HomeSetup
{
    /// <summary>The home page's per-role figures.</summary>
    public static IServiceCollection AddDxHome(this IServiceCollection services) => services.AddScoped<WorkSummaryQuery>();
}
