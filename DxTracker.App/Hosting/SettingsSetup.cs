using DxTracker.Domain.Data;
using DxTracker.Domain.Reminders;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.App.Hosting;

internal static class SettingsSetup
{
    /// <summary>Stores the default stall thresholds (docs/DOMAIN.md#stall-rules) once; the DX team edits them afterwards.</summary>
    public static async Task EnsureDefaultsAsync(IDbContextFactory<DxDbContext> factory)
    {
        await using var db = await factory.CreateDbContextAsync();
        var present = await db.StallThresholds.Select(t => t.Status).ToListAsync();
        foreach (var (status, days) in StallThreshold.Defaults.Where(d => !present.Contains(d.Key)))
            db.StallThresholds.Add(new StallThreshold { Status = status, Days = days });
        await db.SaveChangesAsync();
    }
}
