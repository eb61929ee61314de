using DxTracker.Domain.Hearings;

namespace DxTracker.App.Hosting;

public static class HearingsSetup
{
    /// <summary>The hearing write path (hearings, follow-ups) and the follow-up lists.</summary>
    public static IServiceCollection AddDxHearings(this IServiceCollection services) =>
        services.AddScoped<HearingService>().AddScoped<FollowUpQuery>();
}
