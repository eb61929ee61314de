using System.Reflection;
using System.Security.Cryptography;
using DxTracker.App.Hosting;
using DxTracker.Domain.Data;
using DxTracker.Domain.Organisation;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Publication;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;

namespace DxTracker.App.Features.Publication;

/// <summary>
/// The anonymous pages and files under /public are answered from a short-lived server cache: each answer is kept for a
/// minute (<see cref="Lifetime"/>), per query string and UI language, with an ETag (a repeated request with If-None-Match gets
/// 304) and Cache-Control: public, max-age=60 for a file, public, no-cache for a page. The switch (PublicBoard:Enabled for the board, Publication:Enabled for the
/// rest) is read on every request before the cache is looked at, so a page switched off is 404 at once. Any save of
/// procedures, their history, volumes or the organisation empties the cache (<see cref="PublicCacheInvalidator"/>); other
/// instances on the same PostgreSQL database catch up within the minute.
/// The HTML pages are static (no circuit, no form post, no user in their layout), so an anonymous visitor's page is the same
/// for everyone but for the CSP nonce of its import map: a stored page keeps its Content-Security-Policy header with it, so
/// the nonce of the header and of the HTML always match (the nonce is fixed with the page's content, which nobody can alter
/// once stored). A signed-in request is never looked up nor stored and is marked <c>private, no-store</c>; an answer that
/// sets a cookie or that the framework marked uncacheable (an antiforgery token) is not stored. What is stored is
/// compressed for a client that accepts it (brotli or gzip: one stored answer per coding), and nothing else the app sends is.
/// </summary>
public sealed class PublicCache : IOutputCachePolicy
{
    public const string Tag = "public";
    public const string PathPrefix = "/public";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    public static bool IsPublic(PathString path) => path.StartsWithSegments(PathPrefix, StringComparison.OrdinalIgnoreCase);

    private static bool IsFile(PathString path) => Path.HasExtension(path.Value);

    /// <summary>Whether the answer to this request may be shared: a GET or HEAD of a public page or file that is switched on,
    /// the HTML pages only when asked anonymously (a file is the same for everyone).</summary>
    public static bool IsShareable(HttpContext http)
    {
        var request = http.Request;
        return (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && IsPublic(request.Path)
            && (IsFile(request.Path) || http.User.Identity?.IsAuthenticated != true)
            && IsEnabled(http);
    }

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
        var on = IsShareable(http);
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
        // One stored answer per content coding, chosen as the compression middleware will choose it (not by the raw
        // Accept-Encoding, whose endless spellings would each take a place in the cache).
        context.CacheVaryByRules.VaryByValues["encoding"] =
            http.RequestServices.GetRequiredService<IResponseCompressionProvider>().GetCompressionProvider(http)?.EncodingName ?? "identity";
        return ValueTask.CompletedTask;
    }

    /// <summary>The output cache, then (for an answer it will store) the ETag and Cache-Control headers — and for a page its
    /// Content-Security-Policy — set before the endpoint runs so the cache stores them with the answer and every answer from
    /// the cache carries the same ETag and the nonce of its own HTML. A signed-in request for a public page is marked private.</summary>
    public static void UseIn(WebApplication app)
    {
        app.UseOutputCache();
        app.Use((http, next) =>
        {
            var response = http.Response;
            if (!IsCached(http))
            {
                if (IsPublic(http.Request.Path) && !IsFile(http.Request.Path) && http.User.Identity?.IsAuthenticated == true)
                    response.Headers.CacheControl = "private, no-store";
                return next(http);
            }
            response.Headers.ETag = "\"" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)) + "\"";
            response.Headers.CacheControl = CacheControl(http.Request.Path);
            // Compressed or not by Accept-Encoding (below), said on every answer so a shared cache never hands a compressed
            // answer to a client that did not ask for one, nor a plain one to all.
            response.Headers.Vary = "Accept-Encoding";
            if (!IsFile(http.Request.Path))
            {
                response.Headers.ContentSecurityPolicy = SecuritySetup.ContentSecurityPolicy(SecuritySetup.CspNonce(http));
                // The page's language follows the culture cookie or Accept-Language: a shared cache keeps one per visitor's choice.
                response.Headers.Vary = "Accept-Language, Cookie, Accept-Encoding";
            }
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
        // Inside the cache: what it stores is already compressed (brotli or gzip, as the client accepts), so a crowd costs
        // one compression per minute and encoding, and each answer a fraction of the bytes (the scale-1 city's yearly table,
        // 1.59 MB of CSV, goes out as 144 KB; the demo ward's public board page 35 KB → 6 KB).
        app.UseWhen(IsCached, shared => shared.UseResponseCompression());
    }

    /// <summary>Whether the cache took this request (<see cref="IsShareable"/>, decided once by the cache's policy).</summary>
    private static bool IsCached(HttpContext http) => http.Features.Get<IOutputCacheFeature>()?.Context.EnableOutputCaching == true;

    /// <summary>A file may be kept by the browser for the minute; a page is asked again each time (If-None-Match, answered
    /// 304 from the cache), so a page switched off is 404 in the browser at once too, not after a minute.</summary>
    private static string CacheControl(PathString path) =>
        IsFile(path) ? "public, max-age=" + (int)Lifetime.TotalSeconds : "public, no-cache";

    /// <summary>The internal ASP.NET Core type <see cref="StaticOnly"/> builds (by reflection: it is not public).</summary>
    public const string RenderModesMetadataType = "Microsoft.AspNetCore.Components.Endpoints.ConfiguredRenderModesMetadata";

    private static readonly ConstructorInfo? RenderModesMetadata =
        RenderModesConstructor(typeof(RazorComponentsEndpointConventionBuilder).Assembly, RenderModesMetadataType);

    /// <summary>The constructor <see cref="StaticOnly"/> calls: the type's, taking the list of render modes; null when missing.</summary>
    internal static ConstructorInfo? RenderModesConstructor(Assembly assembly, string typeName) =>
        assembly.GetType(typeName)?.GetConstructor(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, [typeof(IComponentRenderMode[])]);

    /// <summary>Null when the public pages can be rendered static and so stored; otherwise what is missing and what it costs, as
    /// the warning logged once at start-up (an ASP.NET Core update that drops the type would otherwise go unnoticed).</summary>
    public static string? StaticPagesProblem => Problem(RenderModesMetadata, RenderModesMetadataType);

    internal static string? Problem(ConstructorInfo? constructor, string typeName) => constructor is not null ? null :
        $"{typeName}(IComponentRenderMode[]) was not found in this ASP.NET Core version: the public HTML pages (/public, /public/procedures, " +
        "/public/new) are rendered with an antiforgery token and are not stored in the output cache, so every visit renders them " +
        "(the public files are still cached). PublicCache.StaticOnly needs updating for this version.";

    /// <summary>An endpoint convention for the public pages: static pages, rendered as in an app without interactive render modes.
    /// In an app with interactive pages ASP.NET Core gives every page — static ones too — the persisted state of an interactive
    /// page with an antiforgery token in it (and its cookie, and no-cache headers), so no page could be the same for every
    /// visitor. It decides by the endpoint's configured render modes, an internal metadata type: the public pages get an empty
    /// list, as a static-only app's pages have (no state, no token). Should a later ASP.NET Core lack the type, the pages keep
    /// their token and are simply not stored (an answer setting a cookie never is): the app logs <see cref="StaticPagesProblem"/>
    /// at start-up, and <c>PublicCacheTests</c> fails naming the type.</summary>
    public static void StaticOnly(EndpointBuilder endpoint)
    {
        if (RenderModesMetadata is null || endpoint is not RouteEndpointBuilder route
            || !IsPublic("/" + route.RoutePattern.RawText?.TrimStart('/'))
            || endpoint.Metadata.OfType<ExcludeFromInteractiveRoutingAttribute>().FirstOrDefault() is null)
            return;
        endpoint.Metadata.Add(RenderModesMetadata.Invoke([Array.Empty<IComponentRenderMode>()]));
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        // A cookie, or headers the framework replaced (an antiforgery token marks its answer no-cache, no-store): not shared.
        if (response.StatusCode != StatusCodes.Status200OK || response.Headers.SetCookie.Count > 0 || response.Headers.CacheControl != CacheControl(context.HttpContext.Request.Path))
            context.AllowCacheStorage = false;
        return ValueTask.CompletedTask;
    }
}

/// <summary>Empties the public cache after a save that may change what the public pages show.</summary>
public sealed class PublicCacheInvalidator(IOutputCacheStore store) : EvictOnSave
{
    protected override bool Shows(object entity) => entity is Procedure or StatusChange or ProcedureVolume or Department or Division;

    protected override ValueTask EvictAsync() => store.EvictByTagAsync(PublicCache.Tag, CancellationToken.None);
}
