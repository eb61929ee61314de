namespace DxTracker.App.Security;

/// <summary>The "Security" settings section.</summary>
public sealed class SecurityOptions
{
    /// <summary>Sign-in form posts allowed per client IP address per minute; beyond that the answer is 429.</summary>
    public int SignInPermitsPerMinute { get; set; } = 10;

    /// <summary>Origins (scheme://host[:port]) besides the app's own host allowed to open the Blazor circuit
    /// (e.g. the public address in front of a reverse proxy that rewrites Host).</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>Reverse proxies (IP addresses) whose X-Forwarded-For / X-Forwarded-Proto are believed, besides loopback
    /// (a proxy on the same machine is always believed).</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of such proxies, in CIDR notation (e.g. 10.0.0.0/24).</summary>
    public string[] KnownNetworks { get; set; } = [];
}
