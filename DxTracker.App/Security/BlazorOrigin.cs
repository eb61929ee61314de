namespace DxTracker.App.Security;

/// <summary>Cross-site WebSocket hijacking guard for the Blazor circuit (/_blazor): a browser always sends Origin on
/// the WebSocket upgrade and on negotiate; it must be the app's own host or one of the configured origins.</summary>
internal static class BlazorOrigin
{
    public static bool IsAllowed(HttpRequest request, IReadOnlyCollection<string> allowedOrigins)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
            return true; // not a browser: no ambient cookies are at stake
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri))
            return false;
        if (string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase))
            return true;
        return allowedOrigins.Any(a => string.Equals(a.TrimEnd('/'), origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
    }
}
