using Microsoft.EntityFrameworkCore;

namespace DxTracker.Domain.Data;

/// <summary>The schema's latest applied migration: what About and /healthz show beside the app's version.</summary>
public sealed class SchemaQuery(IDbContextFactory<DxDbContext> dbFactory)
{
    /// <summary>The id of the last migration applied to the database (e.g. "20261127162311_Initial"), or null on an empty one.</summary>
    public async Task<string?> LatestMigrationAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await LatestMigrationAsync(db, ct);
    }

    /// <inheritdoc cref="LatestMigrationAsync(CancellationToken)"/>
    public static async Task<string?> LatestMigrationAsync(DxDbContext db, CancellationToken ct = default) =>
        (await db.Database.GetAppliedMigrationsAsync(ct)).LastOrDefault();
}
