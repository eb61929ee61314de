using System.Text.Json;

namespace DxTracker.App.Hosting;

/// <summary>Static assets precompressed and cached for a year. MapStaticAssets serves the app's and the framework's
/// fingerprinted files (app.&lt;hash&gt;.css) precompressed (brotli, gzip) with an immutable cache, but the SDK gives a NuGet
/// package's fingerprinted route (_content/MudBlazor/MudBlazor.min.&lt;hash&gt;.css, 627 KB raw) no compressed variant:
/// only its plain route has them, with "no-cache". Such a request is served by the plain route's endpoints (the same
/// file, so the same bytes; brotli or gzip by the client's Accept-Encoding) and keeps the fingerprinted route's
/// immutable year-long cache. The routes come from the endpoints manifest the build and publish write beside the app.</summary>
public static class StaticAssetsSetup
{
    private const string ImmutableCache = "max-age=31536000, immutable";

    /// <summary>Call before UseRouting: it changes which endpoint a request matches.</summary>
    public static void UseCompressedPackageAssets(this WebApplication app)
    {
        var manifest = Path.Combine(AppContext.BaseDirectory, app.Environment.ApplicationName + ".staticwebassets.endpoints.json");
        var plainRouteOf = File.Exists(manifest) ? UncompressedFingerprintedRoutes(manifest) : [];
        if (plainRouteOf.Count == 0)
            return;
        app.Use((http, next) =>
        {
            if (http.Request.Path.Value is { } path && plainRouteOf.TryGetValue(path, out var plain))
            {
                http.Request.Path = plain;
                http.Response.OnStarting(() =>
                {
                    http.Response.Headers.CacheControl = ImmutableCache;
                    return Task.CompletedTask;
                });
            }
            return next(http);
        });
    }

    /// <summary>"/fingerprinted route" → "/plain route" for each fingerprinted route without compressed variants whose
    /// plain route (its "label") has them.</summary>
    public static Dictionary<string, string> UncompressedFingerprintedRoutes(string manifestFile)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(manifestFile));
        var endpoints = json.RootElement.GetProperty("Endpoints").EnumerateArray().ToList();
        var compressed = endpoints
            .Where(e => e.TryGetProperty("Selectors", out var s) && s.EnumerateArray().Any(x => x.GetProperty("Name").GetString() == "Content-Encoding"))
            .Select(e => e.GetProperty("Route").GetString())
            .ToHashSet();
        var routes = new Dictionary<string, string>();
        foreach (var endpoint in endpoints)
        {
            var route = endpoint.GetProperty("Route").GetString()!;
            var properties = endpoint.TryGetProperty("EndpointProperties", out var p)
                ? p.EnumerateArray().ToDictionary(x => x.GetProperty("Name").GetString()!, x => x.GetProperty("Value").GetString())
                : [];
            if (properties.ContainsKey("fingerprint") && properties.GetValueOrDefault("label") is { } label
                && !compressed.Contains(route) && compressed.Contains(label))
                routes["/" + route] = "/" + label;
        }
        return routes;
    }
}
