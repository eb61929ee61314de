using DxTracker.Domain.Identity;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reporting;
using DxTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using static DxTracker.Domain.Procedures.ProcedureStatus;

namespace DxTracker.Tests.Reporting;

/// <summary>The home page's figures, counted in the database on hand-built data.</summary>
public sealed class WorkSummaryQueryTests : IAsyncLifetime
{
    /// <summary>Noon of 2026-11-27 in Japan (FY2026).</summary>
    private static readonly DateTime Now = new(2026, 11, 27, 3, 0, 0, DateTimeKind.Utc);

    private TestDatabase _db = default!;
    private Actor _dx = default!;
    private int _dept, _otherDept;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(Now));

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        var departments = await _db.AddDepartmentsAsync("W1", "W2");
        (_dept, _otherDept) = (departments[0].Id, departments[1].Id);
        _dx = await _db.AddUserAsync(Role.DxTeam);

        // Own department: stalled (UnderReview 100 days ≥ 60, ObjectionRaised 40 days ≥ 30) and not stalled ones.
        await StallData.AddProcedureAsync(_db, _dept, _dx, Now.AddDays(-100), UnderReview);
        await StallData.AddProcedureAsync(_db, _dept, _dx, Now.AddDays(-10), UnderReview);
        await StallData.AddProcedureAsync(_db, _dept, _dx, Now.AddDays(-40), ObjectionRaised);
        await StallData.AddProcedureAsync(_db, _dept, _dx, Now.AddDays(-5), InProgress);
        var digitized = await StallData.AddProcedureAsync(_db, _dept, _dx, Now.AddDays(-200), InProgress);
        await StallData.MoveAsync(_db, digitized, _dx, Digitized, Now.AddDays(-150));
        // Another department: one stalled procedure with an open objection, one overdue follow-up from last fiscal year.
        await StallData.AddProcedureAsync(_db, _otherDept, _dx, Now.AddDays(-100), ObjectionRaised);
        await StallData.AddHearingAsync(_db, _otherDept, new DateOnly(2026, 3, 10), new DateOnly(2026, 5, 1));

        var followUps = await StallData.AddHearingAsync(_db, _dept, new DateOnly(2026, 6, 1),
            new DateOnly(2026, 12, 10), new DateOnly(2026, 11, 26), new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 27), new DateOnly(2026, 10, 1));
        await using var context = _db.CreateDbContext();
        await context.FollowUpActions.Where(f => f.Id == followUps[4]).ExecuteUpdateAsync(s => s.SetProperty(f => f.DoneAtUtc, Now.AddDays(-50)));
        await StallData.AddHearingAsync(_db, _dept, new DateOnly(2026, 10, 15));
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private WorkSummaryQuery Query => new(_db, _clock);

    [Fact]
    public async Task A_department_summary_counts_only_that_department()
    {
        var summary = await Query.DepartmentAsync(_dept);

        Assert.NotNull(summary);
        Assert.Equal("W1課", summary.Name);
        Assert.Equal((0, 2, 1, 1, 1, 0), (summary.Count(NotConsidered), summary.Count(UnderReview), summary.Count(ObjectionRaised),
            summary.Count(InProgress), summary.Count(Digitized), summary.Count(Exempt)));
        Assert.Equal(2, summary.Stalled);
        Assert.Equal(1, summary.OpenObjections);
        Assert.Equal((4, 2), (summary.OpenFollowUps, summary.OverdueFollowUps));
        // The earliest due first; due today is not overdue yet; the done one is not listed.
        Assert.Equal(
            [(new DateOnly(2026, 11, 20), true), (new DateOnly(2026, 11, 26), true), (new DateOnly(2026, 11, 27), false), (new DateOnly(2026, 12, 10), false)],
            summary.FollowUps.Select(f => (f.DueOn, f.Overdue)));
        Assert.All(summary.FollowUps, f => Assert.Equal(_dept, f.DepartmentId));
        Assert.Equal(new DateOnly(2026, 10, 15), summary.LatestHearing?.HeldOn);
    }

    [Fact]
    public async Task An_unknown_department_has_no_summary() => Assert.Null(await Query.DepartmentAsync(-1));

    [Fact]
    public async Task The_ward_work_counts_stalled_by_status_overdue_follow_ups_and_this_years_hearings()
    {
        var ward = await Query.WardAsync();

        Assert.Equal(new Dictionary<ProcedureStatus, int> { [UnderReview] = 1, [ObjectionRaised] = 2 }, ward.StalledByStatus);
        Assert.Equal(3, ward.Stalled);
        Assert.Equal(3, ward.OverdueFollowUps);
        Assert.Equal([new DateOnly(2026, 5, 1), new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 26)], ward.Overdue.Select(f => f.DueOn));
        Assert.All(ward.Overdue, f => Assert.True(f.Overdue));
        Assert.Equal(_otherDept, ward.Overdue[0].DepartmentId);
        // 2026-03-10 belongs to FY2025.
        Assert.Equal(2, ward.HearingsThisYear);
    }

    [Fact]
    public async Task Overdue_follow_ups_are_listed_at_most_five_the_longest_overdue_first()
    {
        await StallData.AddHearingAsync(_db, _otherDept, new DateOnly(2026, 4, 10),
            new DateOnly(2026, 4, 20), new DateOnly(2026, 4, 21), new DateOnly(2026, 4, 22), new DateOnly(2026, 4, 23));

        var ward = await Query.WardAsync();

        Assert.Equal(7, ward.OverdueFollowUps);
        Assert.Equal(WorkSummaryQuery.Shown, ward.Overdue.Count);
        Assert.Equal(new DateOnly(2026, 4, 20), ward.Overdue[0].DueOn);
        Assert.Equal(new DateOnly(2026, 5, 1), ward.Overdue[^1].DueOn);
    }
}
