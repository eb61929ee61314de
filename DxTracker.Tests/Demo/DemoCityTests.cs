using DxTracker.Domain.Demo;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reminders;
using DxTracker.Domain.Reporting;
using Microsoft.EntityFrameworkCore;
using static DxTracker.Domain.Procedures.ProcedureStatus;

namespace DxTracker.Tests.Demo;

public sealed class DemoCityTests(DemoCityFixture city) : IClassFixture<DemoCityFixture>
{
    private static readonly DateTime UtcNow = DemoCityFixture.UtcNow;
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BuildOrganisation_creates_8_divisions_and_40_departments_once()
    {
        await using var db = city.First.CreateDbContext();

        Assert.Equal(8, await db.Divisions.CountAsync(Ct));
        Assert.Equal(40, await db.Departments.CountAsync(Ct));
        Assert.Contains(await db.Departments.Select(d => d.Name).ToListAsync(Ct), n => n == "戸籍住民課");
        Assert.All(await db.Departments.Include(d => d.Division).ToListAsync(Ct),
            d => Assert.StartsWith(d.Division!.Code, d.Code));

        var again = await DemoCity.BuildOrganisationAsync(db, Ct);
        Assert.Equal(40, again.Count);
        Assert.Equal(40, await db.Departments.CountAsync(Ct));
    }

    [Fact]
    public async Task Every_department_owns_procedures_and_only_a_handful_are_stalled()
    {
        await using var db = city.First.CreateDbContext();
        var thresholds = await StallRule.ThresholdsAsync(db, Ct);
        var stalled = StallRule.Stalled(db, thresholds, UtcNow);
        var perDepartment = await db.Departments.Select(d => new
        {
            d.Code,
            Count = db.Procedures.Count(p => p.DepartmentId == d.Id),
            Stalled = stalled.Count(p => p.DepartmentId == d.Id),
        }).ToListAsync(Ct);

        Assert.Equal(40, perDepartment.Count);
        Assert.All(perDepartment, d => Assert.True(d.Count >= 5, $"{d.Code} owns {d.Count} procedures"));
        Assert.InRange(perDepartment.Sum(d => d.Stalled), 5, perDepartment.Sum(d => d.Count) / 20);
        Assert.All(perDepartment, d => Assert.True(d.Stalled <= Math.Max(3, d.Count / 8), $"{d.Code}: {d.Stalled} of {d.Count} stalled"));
    }

    [Fact]
    public async Task SeedProcedures_same_seed_builds_same_city()
    {
        await using var first = city.First.CreateDbContext();
        await using var second = city.Second.CreateDbContext();

        var a = await Fingerprint(first);
        var b = await Fingerprint(second);

        Assert.InRange(a.Count, 1100, 1300);
        Assert.Equal(a, b);
    }

    [Fact]
    public async Task SeedProcedures_another_seed_builds_another_city()
    {
        await using var database = await Support.TestDatabase.CreateAsync();
        await DemoCityFixture.BuildAsync(database, DemoCityFixture.Seed + 1);
        await using var other = database.CreateDbContext();
        await using var first = city.First.CreateDbContext();

        Assert.NotEqual(await Fingerprint(first), await Fingerprint(other));
    }

    [Fact]
    public async Task SeedProcedures_again_is_a_no_op()
    {
        await using var db = city.First.CreateDbContext();
        var before = await db.StatusChanges.CountAsync(Ct);

        var result = await DemoCity.SeedProceduresAsync(db, city.People, 1, UtcNow, Ct);

        Assert.True(result.Skipped);
        Assert.Equal(before, await db.StatusChanges.CountAsync(Ct));
    }

    [Fact]
    public async Task Every_procedure_status_is_its_last_status_change_in_time_order_before_now()
    {
        await using var db = city.First.CreateDbContext();
        var procedures = await db.Procedures.AsNoTracking().Include(p => p.History).ToListAsync(Ct);

        Assert.All(procedures, p =>
        {
            var history = p.History.OrderBy(h => h.Id).ToList();
            if (history.Count == 0)
            {
                Assert.Equal(NotConsidered, p.Status);
                return;
            }
            Assert.Equal(p.Status, history[^1].ToStatus);
            Assert.Equal(NotConsidered, history[0].FromStatus);
            Assert.Equal(p.StatusChangedAtUtc, history[^1].AtUtc);
            for (var i = 1; i < history.Count; i++)
            {
                Assert.Equal(history[i - 1].ToStatus, history[i].FromStatus);
                Assert.True(history[i - 1].AtUtc < history[i].AtUtc, $"{p.Code}: history out of order");
            }
            Assert.True(p.CreatedAtUtc < history[0].AtUtc, $"{p.Code}: moved before it was created");
            Assert.True(history[^1].AtUtc < UtcNow, $"{p.Code}: move in the future");
            Assert.All(history, h => Assert.True(Workflow.IsAllowed(h.FromStatus, h.ToStatus)));
        });
        Assert.All(procedures, p => Assert.True(p.UpdatedAtUtc < UtcNow));
        Assert.True(procedures.Min(p => p.CreatedAtUtc) >= new FiscalYear(2019).StartUtc);
    }

    [Fact]
    public async Task Status_preconditions_hold_for_every_procedure()
    {
        await using var db = city.First.CreateDbContext();
        var procedures = await db.Procedures.AsNoTracking().Include(p => p.Objections).ToListAsync(Ct);

        Assert.All(procedures.Where(p => p.Status == ObjectionRaised), p => Assert.Contains(p.Objections, o => o.IsOpen));
        Assert.All(procedures.Where(p => p.Status != ObjectionRaised), p => Assert.DoesNotContain(p.Objections, o => o.IsOpen));
        Assert.All(procedures.Where(p => p.Status == Digitized), p =>
        {
            Assert.Matches("^https?://", p.OnlineFormUrl);
            Assert.Equal(DemoCity.FormUrlBase + p.Code, p.OnlineFormUrl);
        });
        Assert.All(procedures.Where(p => p.Status == Exempt), p => Assert.False(string.IsNullOrWhiteSpace(p.ExemptReason)));
        Assert.All(procedures, p => Assert.Matches("^P-[0-9]{6}$", p.Code));
        Assert.All(procedures, p => Assert.NotNull(p.NationalProcedureId));
    }

    [Fact]
    public async Task Status_mix_is_realistic()
    {
        await using var db = city.First.CreateDbContext();
        var counts = await db.Procedures.GroupBy(p => p.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, Ct);
        double total = counts.Values.Sum();

        Assert.InRange(counts[Digitized] / total, 0.30, 0.40);
        Assert.InRange(counts[InProgress] / total, 0.10, 0.20);
        Assert.InRange(counts[ObjectionRaised] / total, 0.10, 0.20);
        Assert.InRange(counts[UnderReview] / total, 0.10, 0.20);
        Assert.InRange(counts[NotConsidered] / total, 0.10, 0.20);
        Assert.InRange(counts[Exempt] / total, 0.02, 0.06);
    }

    [Fact]
    public async Task Histories_tell_the_story_withdrawals_stalls_objections_of_every_category()
    {
        await using var db = city.First.CreateDbContext();
        var withdrawn = await db.StatusChanges.CountAsync(s => s.FromStatus == Digitized && s.ToStatus == InProgress, Ct);
        var objections = await db.Objections.AsNoTracking().ToListAsync(Ct);
        var active = await db.Procedures.AsNoTracking()
            .Where(p => p.Status == UnderReview || p.Status == ObjectionRaised || p.Status == InProgress)
            .Select(p => new { p.Status, p.StatusChangedAtUtc }).ToListAsync(Ct);
        var stalled = active.Count(p => (UtcNow - p.StatusChangedAtUtc).TotalDays > StallThreshold.Defaults[p.Status]);

        Assert.True(withdrawn > 0);
        Assert.InRange(stalled, 5, active.Count / 5);
        Assert.Equal(Enum.GetValues<ObjectionCategory>().Order(), objections.Select(o => o.Category).Distinct().Order());
        Assert.Contains(objections, o => o.Outcome == ObjectionOutcome.Countered);
        Assert.Contains(objections, o => o.Outcome == ObjectionOutcome.Accepted);
        Assert.Contains(objections, o => o.Outcome == ObjectionOutcome.Open && o.Rebuttal is not null);
        Assert.Contains(objections, o => o.Outcome == ObjectionOutcome.Open && o.Rebuttal is null);
        Assert.All(objections.Where(o => !o.IsOpen), o => Assert.NotNull(o.Rebuttal));
        Assert.Contains(objections, o => o.RaisedByUserId.StartsWith("head-", StringComparison.Ordinal));
        var acceptedProcedures = objections.Where(o => o.Outcome == ObjectionOutcome.Accepted).Select(o => o.ProcedureId).ToList();
        Assert.All(acceptedProcedures, id => Assert.True(db.StatusChanges.Any(s => s.ProcedureId == id && s.ToStatus == Exempt)));
    }

    [Fact]
    public async Task Hearings_link_moves_and_have_follow_ups_some_done_some_overdue()
    {
        await using var db = city.First.CreateDbContext();
        var hearings = await db.HearingSessions.AsNoTracking().Include(h => h.Items).Include(h => h.FollowUps).ToListAsync(Ct);
        var today = DateOnly.FromDateTime(FiscalYear.ToJapan(UtcNow));
        var followUps = hearings.SelectMany(h => h.FollowUps).ToList();
        var dxIds = city.People.DxTeam.Select(a => a.UserId).ToHashSet();

        Assert.InRange(hearings.Count, 50, 70);
        Assert.All(hearings, h => Assert.NotEmpty(h.Items));
        Assert.All(hearings, h => Assert.True(h.HeldOn < today));
        Assert.True(await db.StatusChanges.CountAsync(s => s.HearingSessionId != null, Ct) > 50);
        Assert.True(await db.Objections.CountAsync(o => o.HearingSessionId != null, Ct) > 0);
        Assert.All(followUps, f => Assert.Contains(f.OwnerUserId!, dxIds));
        Assert.Contains(followUps, f => f.DoneAtUtc is not null);
        Assert.Contains(followUps, f => f.DoneAtUtc is null && f.DueOn < today);
        Assert.All(followUps.Where(f => f.DueOn < today.AddDays(-120)), f => Assert.NotNull(f.DoneAtUtc));
        Assert.All(followUps.Where(f => f.DoneAtUtc is not null), f =>
            Assert.True(f.DoneAtUtc > hearings.Single(h => h.Id == f.HearingSessionId).RecordedAtUtc.AddDays(-1)));
        Assert.All(followUps, f => Assert.True(f.DoneAtUtc is null || f.DoneAtUtc < UtcNow));
        var linked = await db.StatusChanges.AsNoTracking().Where(s => s.HearingSessionId != null)
            .Select(s => new { s.AtUtc, s.HearingSession!.HeldOn }).ToListAsync(Ct);
        Assert.All(linked, s => Assert.Equal(s.HeldOn, DateOnly.FromDateTime(FiscalYear.ToJapan(s.AtUtc))));
    }

    [Fact]
    public async Task Volumes_cover_fy2019_to_now_with_some_unknown()
    {
        await using var db = city.First.CreateDbContext();
        var volumes = await db.ProcedureVolumes.AsNoTracking().ToListAsync(Ct);
        var procedures = await db.Procedures.CountAsync(Ct);
        var withVolume = volumes.Select(v => v.ProcedureId).Distinct().Count();
        var digitizedOnline = await db.ProcedureVolumes.Where(v => v.Online > 0).CountAsync(Ct);

        Assert.InRange(1.0 - (double)withVolume / procedures, 0.05, 0.15);
        Assert.All(volumes, v => Assert.InRange(v.FiscalYear, 2019, 2026));
        Assert.All(volumes, v => Assert.True(v.Online <= v.Total));
        Assert.True(volumes.Count < withVolume * 8, "some years are missing");
        Assert.True(digitizedOnline > 100);
        var byYear = volumes.GroupBy(v => v.FiscalYear).ToDictionary(g => g.Key, g => (double)g.Sum(v => v.Online ?? 0) / g.Sum(v => v.Total ?? 0));
        Assert.True(byYear[2025] > byYear[2020], "online usage grows over the years");
    }

    /// <summary>The seed's own account (what the app logs) is what the database holds. How long seeding takes is the bench's
    /// figure (`bench`, "Demo ward" line), not a test's.</summary>
    [Fact]
    public async Task The_seed_reports_exactly_what_it_wrote()
    {
        await using var db = city.First.CreateDbContext();

        var written = new DemoCityResult(await db.Procedures.CountAsync(Ct), await db.StatusChanges.CountAsync(Ct), await db.Objections.CountAsync(Ct),
            await db.ProcedureVolumes.CountAsync(Ct), await db.HearingSessions.CountAsync(Ct), await db.FollowUpActions.CountAsync(Ct));

        Assert.Equal(written, city.FirstResult);
        Assert.False(city.FirstResult.Skipped);
    }

    private async Task<List<string>> Fingerprint(DxTracker.Domain.Data.DxDbContext db) =>
        (await db.Procedures.AsNoTracking().OrderBy(p => p.Code)
            .Select(p => new { p.Code, p.NationalProcedureId, Department = p.Department!.Code, p.Status, Moves = p.History.Count, p.CreatedAtUtc, Volumes = p.Volumes.Count })
            .ToListAsync(Ct))
        .Select(p => $"{p.Code} {p.NationalProcedureId} {p.Department} {p.Status} {p.Moves} {p.CreatedAtUtc:O} {p.Volumes}")
        .ToList();
}
