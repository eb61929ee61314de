using System.Security.Cryptography;
using System.Threading.RateLimiting;
using DxTracker.App.Security;
using DxTracker.Domain.Audit;
using Microsoft.AspNetCore.Components.Server;
using System.Net;
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
    public const string SignInPath = "/account/login";

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

        services.Configure<KestrelServerOptions>(o => o.AddServerHeader = false);
        // Behind nginx or IIS: the client's address (audit log, sign-in limit) and scheme (HTTPS redirection, secure
        // cookies) from the proxy's X-Forwarded-* headers, believed only from loopback and the configured proxies.
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in options.KnownProxies)
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in options.KnownNetworks)
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
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

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                HttpMethods.IsPost(http.Request.Method) && http.Request.Path.Equals(SignInPath, StringComparison.OrdinalIgnoreCase)
                    ? RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "", _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = options.SignInPermitsPerMinute,
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter(""));
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

    /// <summary>HTTPS and HSTS outside Development, security headers on every response, the origin check of the
    /// circuit, and the sign-in rate limit. Call after UseRequestLocalization (the 429 text is localised).</summary>
    public static void UseDxSecurity(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
            app.UseHttpsRedirection();
        app.Use((http, next) =>
        {
            var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            http.Items[NonceKey] = nonce;
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
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
