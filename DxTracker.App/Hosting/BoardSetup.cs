using DxTracker.Domain.Data;
using DxTracker.Domain.Reporting;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.App.Hosting;

/// <summary>The public progress page ("PublicBoard"): off unless <see cref="Enabled"/>.</summary>
public sealed class PublicBoardOptions
{
    public const string Section = "PublicBoard";

    public bool Enabled { get; set; }
}

public static class BoardSetup
{
    /// <summary>The progress board's queries, the profile panel's cache (emptied by the saves of every DxDbContext), and the public page's setting (read live, so switching it needs no restart).</summary>
    public static IServiceCollection AddDxBoard(this IServiceCollection services)
    {
        services.AddScoped<BoardQuery>();
        services.AddScoped<ProfileBoardQuery>();
        services.AddSingleton<ProfileBoardCache>();
        services.ConfigureDbContext<DxDbContext>((sp, o) => o.AddInterceptors(sp.GetRequiredService<ProfileBoardCache>()));
        services.AddOptions<PublicBoardOptions>().BindConfiguration(PublicBoardOptions.Section);
        return services;
    }
}
