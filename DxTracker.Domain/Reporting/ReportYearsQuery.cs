using DxTracker.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Domain.Reporting;

/// <summary>The fiscal years a report can be made for: from the year the first procedure was recorded to the current one.</summary>
public sealed class ReportYearsQuery(IDbContextFactory<DxDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Newest first; only the current year in an empty office.</summary>
    public async Task<List<int>> YearsAsync(CancellationToken ct = default)
    {
        var current = FiscalYear.Of(clock.GetUtcNow().UtcDateTime).Year;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var first = await db.Procedures.MinAsync(p => (DateTime?)p.CreatedAtUtc, ct);
        var firstYear = Math.Min(first is { } f ? FiscalYear.Of(f).Year : current, current);
        return Enumerable.Range(firstYear, current - firstYear + 1).Reverse().ToList();
    }
}
