using DxTracker.App.Features.Publication;
using DxTracker.App.Features.Share;
using DxTracker.Domain.Publication;
using System.IO.Compression;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.App.Hosting;

/// <summary>The publication table and the newly-online page and feeds ("Publication"): off unless <see cref="Enabled"/>.</summary>
public sealed class PublicationOptions
{
    public const string Section = "Publication";

    public bool Enabled { get; set; }
}

public static class PublicationSetup
{
    /// <summary>The public lists (read live, like the public board's switch), the DX team's progress posts, and the short-lived
    /// cache of every anonymous page and file (<see cref="PublicCache"/>), emptied by any save that changes the figures.</summary>
    public static IServiceCollection AddDxPublication(this IServiceCollection services)
    {
        services.AddOptions<PublicationOptions>().BindConfiguration(PublicationOptions.Section);
        services.AddScoped<PublicationQuery>();
        services.AddScoped<ShareService>();
        services.AddSingleton<PostImage>();
        services.AddOutputCache(o => o.AddBasePolicy(new PublicCache()));
        // Only the shared public answers are compressed (PublicCache.UseIn): they hold no secret, so compressing them over
        // HTTPS gives BREACH nothing to find. Compressed once per cache lifetime and encoding, so the best ratio is affordable.
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.MimeTypes = [.. ResponseCompressionDefaults.MimeTypes, "text/csv", "application/atom+xml"];
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        services.ConfigureDbContext<Domain.Data.DxDbContext>((sp, o) =>
            o.AddInterceptors(new PublicCacheInvalidator(sp.GetRequiredService<IOutputCacheStore>())));
        return services;
    }
}
