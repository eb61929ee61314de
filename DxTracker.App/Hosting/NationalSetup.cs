using DxTracker.Domain.National;

namespace DxTracker.App.Hosting;

/// <summary>"National:PopulationShare": the ward's share of Japan's population, to scale national counts to the ward.</summary>
public sealed record NationalSettings
{
    public double PopulationShare { get; init; } = NationalEvidence.DefaultPopulationShare;
}

public static class NationalSetup
{
    public static IServiceCollection AddDxNational(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton(config.GetSection("National").Get<NationalSettings>() ?? new NationalSettings());
        services.AddSingleton<NationalMatcherCache>();
        services.AddScoped<NationalLinkService>();
        services.AddScoped<SurveyExportService>();
        return services;
    }
}
