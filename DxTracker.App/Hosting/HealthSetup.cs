using System.Text.Json;
using DxTracker.Domain.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DxTracker.App.Hosting;

/// <summary>GET /healthz (anonymous): one JSON status per check, never a connection string, path or exception text.</summary>
public static class HealthSetup
{
    public const string Path = "/healthz";

    public static IServiceCollection AddDxHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseCheck>("database");
        return services;
    }

    public static void MapDxHealth(this IEndpointRouteBuilder app) =>
        app.MapHealthChecks(Path, new HealthCheckOptions { ResponseWriter = WriteAsync }).AllowAnonymous();

    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        return JsonSerializer.SerializeAsync(http.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), ms = (int)e.Value.Duration.TotalMilliseconds }),
        }, cancellationToken: http.RequestAborted);
    }

    /// <summary>The app database answers a query on the migrated schema.</summary>
    private sealed class DatabaseCheck(IDbContextFactory<DxDbContext> dbFactory) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                await db.StallThresholds.AsNoTracking().AnyAsync(ct);
                return HealthCheckResult.Healthy();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy(exception: e);
            }
        }
    }
}
