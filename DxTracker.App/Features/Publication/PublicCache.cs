using System.Security.Cryptography;
using DxTracker.App.Hosting;
using DxTracker.Domain.Organisation;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Publication;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace DxTracker.App.Features.Publication;

/// <summary>
/// The anonymous files under /public are answered from a short-lived server cache: each answer is kept for a
/// minute (<see cref="Lifetime"/>), per query string and UI language, with an ETag (a repeated request with If-None-Match gets
/// 304) and Cache-Control: public, max-age=60. The switch (PublicBoard:Enabled for the board, Publication:Enabled for the
/// rest) is read on every request before the cache is looked at, so a page switched off is 404 at once. Any save of
/// procedures, their history, volumes or the organisation empties the cache (<see cref="PublicCacheInvalidator"/>); other
/// instances on the same PostgreSQL database catch up within the minute.
/// </summary>
public sealed class PublicCache : IOutputCachePolicy
{
    public const string Tag = "public";
    public const string PathPrefix = "/public";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    public static bool IsPublic(PathString path) => path.StartsWithSegments(PathPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>The public files (board.csv/json, procedures.csv/xlsx, new.csv/atom) are cached. The public HTML pages are not:
    /// Blazor's static rendering gives every page an antiforgery cookie and no-cache headers (and a per-request CSP nonce),
    /// which must never be shared between clients; they are rate-limited like the files.</summary>
    public static bool IsCachedFile(PathString path) => IsPublic(path) && Path.HasExtension(path.Value);

    /// <summary>Whether the page or file at <paramref name="path"/> is switched on now.</summary>
    public static bool IsEnabled(HttpContext http)
    {
        var path = http.Request.Path;
        var board = path.Equals(PathPrefix, StringComparison.OrdinalIgnoreCase) || path.Equals(PathPrefix + "/", StringComparison.OrdinalIgnoreCase)
            || (path.Value?.StartsWith(PathPrefix + "/board.", StringComparison.OrdinalIgnoreCase) ?? false);
        return board
            ? http.RequestServices.GetRequiredService<IOptionsMonitor<PublicBoardOptions>>().CurrentValue.Enabled
            : http.RequestServices.GetRequiredService<IOptionsMonitor<PublicationOptions>>().CurrentValue.Enabled;
    }

    ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var cacheable = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method);
        var on = cacheable && IsCachedFile(http.Request.Path) && IsEnabled(http);
        context.EnableOutputCaching = on;
        context.AllowCacheLookup = on;
        context.AllowCacheStorage = on;
        context.AllowLocking = true;
        if (!on)
            return ValueTask.CompletedTask;
        context.ResponseExpirationTimeSpan = Lifetime;
        context.Tags.Add(Tag);
        context.CacheVaryByRules.QueryKeys = "*";
        context.CacheVaryByRules.VaryByValues["culture"] = System.Globalization.CultureInfo.CurrentUICulture.Name;
        return ValueTask.CompletedTask;
    }

    /// <summary>The output cache, then (for an answer it will store) the ETag and Cache-Control headers, set before the endpoint
    /// runs so the cache stores them with the answer and every answer from the cache carries the same ETag.</summary>
    public static void UseIn(WebApplication app)
    {
        app.UseOutputCache();
        app.Use((http, next) =>
        {
            if (http.Features.Get<IOutputCacheFeature>()?.Context.EnableOutputCaching != true)
                return next(http);
            var response = http.Response;
            var cacheControl = "public, max-age=" + (int)Lifetime.TotalSeconds;
            response.Headers.ETag = "\"" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)) + "\"";
            response.Headers.CacheControl = cacheControl;
            response.OnStarting(() =>
            {
                if (response.StatusCode != StatusCodes.Status200OK)
                {
                    response.Headers.Remove("ETag");
                    response.Headers.Remove("Cache-Control");
                }
                return Task.CompletedTask;
            });
            return next(http);
        });
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK || response.Headers.SetCookie.Count > 0)
            context.AllowCacheStorage = false;
        return ValueTask.CompletedTask;
    }
}

/// <summary>Empties the public cache after a save that may change what the public pages show.</summary>
public sealed class PublicCacheInvalidator(IOutputCacheStore store) : SaveChangesInterceptor
{
    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (Touches(eventData.Context))
            store.EvictByTagAsync(PublicCache.Tag, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (Touches(eventData.Context))
            await store.EvictByTagAsync(PublicCache.Tag, CancellationToken.None);
        return result;
    }

    /// <summary>After a save the tracked entries are unchanged, so any tracked entity of a kind the public pages show counts.</summary>
    private static bool Touches(DbContext? db) =>
        db is not null && db.ChangeTracker.Entries().Any(e => e.Entity is Procedure or StatusChange or ProcedureVolume or Department or Division);
}
