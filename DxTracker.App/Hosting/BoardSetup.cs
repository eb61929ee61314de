using DxTracker.Domain.Reporting;

namespace DxTracker.App.Hosting;

/// <summary>The public progress page ("PublicBoard"): off unless <see cref="Enabled"/>.</summary>
public sealed class PublicBoardOptions
{
    public const string Section = "PublicBoard";

    public bool Enabled { get; set; }
}

public static class BoardSetup
{
    /// <summary>The progress board's query and the public page's setting (read live, so switching it needs no restart).</summary>
    public static IServiceCollection AddDxBoard(this IServiceCollection services)
    {
        services.AddScoped<BoardQuery>();
        services.AddScoped<ProfileBoardQuery>();
        services.AddOptions<PublicBoardOptions>().BindConfiguration(PublicBoardOptions.Section);
        return services;
    }
}
