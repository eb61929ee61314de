using DxTracker.Domain.Data;
using DxTracker.Domain.Reporting;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Domain.Audit;

/// <summary>What the audit page filters on: an action, part of a user name, and Japan-time calendar days (inclusive).</summary>
public sealed record AuditFilter(string? Action = null, string? User = null, DateOnly? From = null, DateOnly? To = null)
{
    /// <summary>One page of matching rows, newest first, and the number of all matches — both counted in SQL.</summary>
    public async Task<(List<AuditEntry> Rows, int Total)> PageAsync(DxDbContext db, int skip, int take, CancellationToken ct = default)
    {
        var rows = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Action))
            rows = rows.Where(a => a.Action == Action);
        if (!string.IsNullOrWhiteSpace(User))
        {
            var user = User.Trim();
            rows = rows.Where(a => a.UserName != null && a.UserName.Contains(user));
        }
        if (From is { } from)
        {
            var fromUtc = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) - FiscalYear.JapanOffset;
            rows = rows.Where(a => a.AtUtc >= fromUtc);
        }
        if (To is { } to)
        {
            var beforeUtc = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) - FiscalYear.JapanOffset;
            rows = rows.Where(a => a.AtUtc < beforeUtc);
        }
        var total = await rows.CountAsync(ct);
        var page = await rows.OrderByDescending(a => a.AtUtc).ThenByDescending(a => a.Id).Skip(skip).Take(take).ToListAsync(ct);
        return (page, total);
    }

    /// <summary>The actions present in the log, for the filter's choices.</summary>
    public static Task<List<string>> ActionsAsync(DxDbContext db, CancellationToken ct = default) =>
        db.AuditEntries.AsNoTracking().Select(a => a.Action).Distinct().OrderBy(a => a).ToListAsync(ct);
}

/// <summary>The audit page's reads (<see cref="AuditFilter"/>): one context per call.</summary>
public sealed class AuditQueries(IDbContextFactory<DxDbContext> dbFactory)
{
    public async Task<List<string>> ActionsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await AuditFilter.ActionsAsync(db, ct);
    }

    public async Task<(List<AuditEntry> Rows, int Total)> PageAsync(AuditFilter filter, int skip, int take, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await filter.PageAsync(db, skip, take, ct);
    }
}
