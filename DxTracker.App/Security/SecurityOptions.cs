namespace DxTracker.App.Security;

/// <summary>The "Security" settings section.</summary>
public sealed class SecurityOptions
{
    /// <summary>Sign-in form posts allowed per client IP address per minute; beyond that the answer is 429.</summary>
    public int SignInPermitsPerMinute { get; set; } = 10;

    public const int DefaultPublicPermitsPerMinute = 300;

    /// <summary>Requests to the public pages and files (/public…) allowed per client IP address per minute ("Security:PublicPermitsPerMinute",
    /// read live); beyond that the answer is 429.</summary>
    public int PublicPermitsPerMinute { get; set; } = DefaultPublicPermitsPerMinute;

    /// <summary>Origins (scheme://host[:port]) besides the app's own host allowed to open the Blazor circuit
    /// (e.g. the public address in front of a reverse proxy that rewrites Host).</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>Addresses of the reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (the client's
    /// address for the sign-in limit and the audit log, and https). Empty with <see cref="KnownNetworks"/> empty: loopback
    /// only (a proxy on the same machine). Headers from anyone else are ignored.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks (CIDR, e.g. 10.0.0.0/24) of such proxies.</summary>
    public string[] KnownNetworks { get; set; } = [];
}
