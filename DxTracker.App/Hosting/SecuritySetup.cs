using System.Net;
using System.Security.Cryptography;
using System.Threading.RateLimiting;
using DxTracker.App.Features.Publication;
using DxTracker.App.Security;
using DxTracker.Domain.Audit;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Localization;

namespace DxTracker.App.Hosting;

/// <summary>Audit log, sign-in rate limit, bounded circuits, security headers, the circuit's origin check and
/// HTTPS outside Development (OWASP ASVS 5.0 level 2; Microsoft's threat mitigation guidance for interactive server-side Blazor).</summary>
public static class SecuritySetup
{
    /// <summary>The rate limiting policy of the sign-in page's endpoint (whatever the path's case or trailing slash).</summary>
    public const string SignInPolicy = "sign-in";

    private const string NonceKey = "dx:csp-nonce";

    /// <summary>Scripts only from the app, plus the one inline import map marked with this request's nonce; styles
    /// also inline (MudBlazor sets style attributes and injects style elements); the circuit's WebSocket to the same
    /// origin; never framed.</summary>
    public static string ContentSecurityPolicy(string nonce) =>
        $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>This request's CSP nonce, for the import map (App.razor).</summary>
    public static string CspNonce(HttpContext http) => http.Items[NonceKey] as string ?? "";

    public static IServiceCollection AddDxSecurity(this IServiceCollection services, IConfiguration config, IHostEnvironment env)
    {
        var options = config.GetSection("Security").Get<SecurityOptions>() ?? new SecurityOptions();
        services.AddSingleton(options);
        services.AddHttpContextAccessor();
        services.AddScoped<IAuditOrigin, HttpAuditOrigin>();
        services.AddScoped<AuditLog>();
        services.AddSingleton<AnonymousRefusals>();

        services.Configure<KestrelServerOptions>(o => o.AddServerHeader = false);
        services.Configure<CircuitOptions>(o =>
        {
            o.DisconnectedCircuitRetentionPeriod = TimeSpan.FromMinutes(3);
            o.DisconnectedCircuitMaxRetained = 50;
            o.MaxBufferedUnacknowledgedRenderBatches = 10;
            o.JSInteropDefaultCallTimeout = TimeSpan.FromSeconds(30);
        });
        // After the "DetailedErrors" setting is read: detailed circuit errors never leave a Development machine.
        services.PostConfigure<CircuitOptions>(o => o.DetailedErrors = env.IsDevelopment());
        services.Configure<HubOptions>(o => o.MaximumReceiveMessageSize = 32 * 1024);

        services.Configure<ForwardedHeadersOptions>(o => TrustProxies(o, options));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Only the form's posts count (per client address: the proxy's X-Forwarded-For when it is a known proxy).
            o.AddPolicy(SignInPolicy, http => HttpMethods.IsPost(http.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.SignInPermitsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter(""));
            // The public pages and files, per client: the limit is read live and is part of the key, so a change applies at once.
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                if (!PublicCache.IsPublic(http.Request.Path))
                    return RateLimitPartition.GetNoLimiter("");
                var client = http.Connection.RemoteIpAddress?.ToString() ?? "";
                var perMinute = http.RequestServices.GetRequiredService<IConfiguration>().GetValue("Security:PublicPermitsPerMinute", SecurityOptions.DefaultPublicPermitsPerMinute);
                return RateLimitPartition.GetFixedWindowLimiter(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"public {perMinute} {client}"), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = Math.Max(perMinute, 1),
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            o.OnRejected = async (context, ct) =>
            {
                var text = context.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SecurityText>>();
                context.HttpContext.Response.Headers.RetryAfter = "60";
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await context.HttpContext.Response.WriteAsync(text["TooManyRequests"], ct);
            };
        });
        return services;
    }

    /// <summary>X-Forwarded-For and X-Forwarded-Proto from the configured proxies only ("Security:KnownProxies",
    /// "Security:KnownNetworks"; loopback when neither is set), one proxy deep.</summary>
    private static void TrustProxies(ForwardedHeadersOptions o, SecurityOptions options)
    {
        o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        if (options.KnownProxies.Length == 0 && options.KnownNetworks.Length == 0)
            return;
        o.KnownProxies.Clear();
        o.KnownIPNetworks.Clear();
        foreach (var proxy in options.KnownProxies)
            o.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                ? address
                : throw new InvalidOperationException($"Security:KnownProxies: '{proxy}' is not an IP address."));
        foreach (var network in options.KnownNetworks)
            o.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed)
                ? parsed
                : throw new InvalidOperationException($"Security:KnownNetworks: '{network}' is not a network in CIDR notation (e.g. 10.0.0.0/24)."));
    }

    /// <summary>HTTPS and HSTS outside Development, security headers on every response, the origin check of the
    /// circuit, and the sign-in rate limit. Call after UseRequestLocalization (the 429 text is localised).</summary>
    public static void UseDxSecurity(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
            app.UseHttpsRedirection();
        app.Use((http, next) =>
        {
            // A status page re-executes the pipeline for the same response: it keeps the nonce already in the CSP header.
            if (http.Items.ContainsKey(NonceKey))
                return next(http);
            var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            http.Items[NonceKey] = nonce;
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                // A public page answered from the cache brings the policy stored with it (ours, with the nonce of its own
                // HTML); nothing else sets one (Program.cs turns the framework's off).
                if (headers.ContentSecurityPolicy.Count == 0)
                    headers.ContentSecurityPolicy = ContentSecurityPolicy(nonce);
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "same-origin";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
                headers.Remove("X-Powered-By");
                return Task.CompletedTask;
            });
            return next(http);
        });
        var allowed = app.Services.GetRequiredService<SecurityOptions>().AllowedOrigins;
        app.Use((http, next) =>
        {
            if (http.Request.Path.StartsWithSegments("/_blazor") && !BlazorOrigin.IsAllowed(http.Request, allowed))
            {
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                http.Features.Get<IStatusCodePagesFeature>()?.Enabled = false;
                return Task.CompletedTask;
            }
            return next(http);
        });
        app.UseRateLimiter();
    }
}
