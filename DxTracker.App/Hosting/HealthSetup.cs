using System.Text.Json;
using Hangfire;
using Hangfire.PostgreSql;
using DxTracker.Domain.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DxTracker.App.Hosting;

/// <summary>GET /healthz (anonymous): the app's version, the schema's latest applied migration and one JSON status per
/// check; never a connection string, path or exception text.</summary>
public static class HealthSetup
{
    public const string Path = "/healthz";

    /// <summary>The one detail a check may add to the answer: which kind of storage it reached (never where or how).</summary>
    private const string StorageKey = "storage";

    /// <summary>The database check's note of the latest applied migration.</summary>
    private const string SchemaKey = "schema";

    public static IServiceCollection AddDxHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseCheck>("database").AddCheck<JobStorageCheck>("jobs");
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
            version = AppVersion.Current,
            schema = report.Entries.TryGetValue("database", out var database) && database.Data.TryGetValue(SchemaKey, out var schema) ? schema : null,
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                ms = (int)e.Value.Duration.TotalMilliseconds,
                storage = e.Value.Data.TryGetValue(StorageKey, out var storage) ? storage : null,
            }),
        }, cancellationToken: http.RequestAborted);
    }

    /// <summary>The app database answers a query on the migrated schema, and says its latest applied migration.</summary>
    private sealed class DatabaseCheck(IDbContextFactory<DxDbContext> dbFactory) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                await db.StallThresholds.AsNoTracking().AnyAsync(ct);
                var data = Storage(db.Database.IsSqlite() ? "SQLite" : "PostgreSQL");
                data[SchemaKey] = await SchemaQuery.LatestMigrationAsync(db, ct) ?? "";
                return HealthCheckResult.Healthy(data: data);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy(exception: e);
            }
        }
    }

    /// <summary>Hangfire's storage (the SQLite "hangfire.db" or the PostgreSQL database) answers its statistics query.</summary>
    private sealed class JobStorageCheck(JobStorage storage) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            var kind = storage is PostgreSqlStorage ? "PostgreSQL" : "SQLite";
            try
            {
                storage.GetMonitoringApi().GetStatistics();
                return Task.FromResult(HealthCheckResult.Healthy(data: Storage(kind)));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return Task.FromResult(HealthCheckResult.Unhealthy(exception: e, data: Storage(kind)));
            }
        }
    }

    private static Dictionary<string, object> Storage(string kind) => new() { [StorageKey] = kind };
}
