using DxTracker.Domain.Demo;
using DxTracker.Domain.Procedures;
using DxTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Tests.Bench;

public sealed class SyntheticCityTests
{
    private static readonly DateTime Now = new(2026, 11, 27, 3, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Generate_writes_the_shape_of_the_scale_with_valid_histories()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var db = database.CreateDbContext())
        {
            var result = await SyntheticCity.GenerateAsync(db, 0.02, seed: 7, Now);
            Assert.Equal((4, 200, 60), (result.Departments, result.Procedures, result.Hearings));
            Assert.InRange(result.StatusChanges, 1_500, 2_500); // ~10 per procedure
        }

        await using var read = database.CreateDbContext();
        var procedures = await read.Procedures.AsNoTracking().Include(p => p.History).Include(p => p.Objections).Include(p => p.Volumes).ToListAsync();
        Assert.Equal(200, procedures.Count);
        foreach (var p in procedures)
        {
            var history = p.History.OrderBy(h => h.AtUtc).ThenBy(h => h.Id).ToList();
            var at = ProcedureStatus.NotConsidered;
            foreach (var change in history)
            {
                Assert.Equal(at, change.FromStatus);
                Assert.True(Workflow.IsAllowed(change.FromStatus, change.ToStatus), $"{p.Code}: {change.FromStatus} → {change.ToStatus}");
                Assert.True(change.AtUtc > p.CreatedAtUtc && change.AtUtc < Now, p.Code);
                at = change.ToStatus;
            }
            Assert.Equal(at, p.Status);
            Assert.Equal(history.Count == 0 ? p.CreatedAtUtc : history[^1].AtUtc, p.StatusChangedAtUtc);
            Assert.Equal(history.Count(h => h.ToStatus == ProcedureStatus.ObjectionRaised), p.Objections.Count);
            Assert.Equal(p.Status == ProcedureStatus.ObjectionRaised ? 1 : 0, p.Objections.Count(o => o.IsOpen));
            Assert.All(p.Objections.Where(o => !o.IsOpen), o => Assert.True(o.ClosedAtUtc > o.RaisedAtUtc && o.Rebuttal is not null, p.Code));
            if (p.Status == ProcedureStatus.Digitized)
                Assert.StartsWith("https://", p.OnlineFormUrl);
            Assert.Equal(p.Status == ProcedureStatus.Exempt, p.ExemptReason is not null);
            Assert.All(p.Volumes, v => Assert.True(v.Online <= v.Total, p.Code));
        }
        Assert.Contains(procedures, p => p.Status == ProcedureStatus.Digitized);
        Assert.Contains(procedures, p => p.Status == ProcedureStatus.ObjectionRaised);
        Assert.Equal(4, await read.Users.CountAsync(u => u.DepartmentId != null));
        Assert.Equal(60, await read.FollowUpActions.CountAsync());
    }

    [Fact]
    public async Task Same_seed_gives_the_same_city_and_cannot_be_loaded_twice()
    {
        await using var first = await TestDatabase.CreateAsync();
        await using var second = await TestDatabase.CreateAsync();
        foreach (var database in new[] { first, second })
        {
            await using var db = database.CreateDbContext();
            await SyntheticCity.GenerateAsync(db, 0.01, seed: 3, Now);
        }

        Assert.Equal(await FingerprintAsync(first), await FingerprintAsync(second));
        await using var again = first.CreateDbContext();
        await Assert.ThrowsAsync<InvalidOperationException>(() => SyntheticCity.GenerateAsync(again, 0.01, seed: 3, Now));
        // Another seed adds a second city beside the first (ids continue after the existing ones).
        await SyntheticCity.GenerateAsync(again, 0.01, seed: 4, Now);
        Assert.Equal(200, await again.Procedures.CountAsync());
    }

    private static async Task<string> FingerprintAsync(TestDatabase database)
    {
        await using var db = database.CreateDbContext();
        var changes = await db.StatusChanges.AsNoTracking().OrderBy(s => s.Id).Select(s => new { s.ProcedureId, s.FromStatus, s.ToStatus, s.AtUtc }).ToListAsync();
        var procedures = await db.Procedures.AsNoTracking().OrderBy(p => p.Id).Select(p => new { p.Code, p.Name, p.Status }).ToListAsync();
        var rows = changes.Select(c => $"{c.ProcedureId}:{c.FromStatus}>{c.ToStatus}@{c.AtUtc:O}").Concat(procedures.Select(p => $"{p.Code}{p.Name}{p.Status}"));
        return string.Join("|", rows);
    }
}
