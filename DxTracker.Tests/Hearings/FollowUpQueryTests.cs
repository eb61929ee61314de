using DxTracker.Domain.Hearings;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Reporting;
using DxTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace DxTracker.Tests.Hearings;

/// <summary>The follow-up list's filters, in the database.</summary>
public sealed class FollowUpQueryTests : IAsyncLifetime
{
    /// <summary>1 a.m. of 2026-11-27 in Japan, still the 26th in UTC.</summary>
    private static readonly DateTime Now = new(2026, 11, 26, 16, 0, 0, DateTimeKind.Utc);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(Now));
    private TestDatabase _db = default!;
    private Actor _owner = default!;
    private List<int> _ids = [];

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        var departments = await _db.AddDepartmentsAsync("F1", "F2");
        _owner = await _db.AddUserAsync(Role.DxTeam);
        // Due: long overdue, overdue since yesterday in Japan (today in UTC), today, next month, overdue but done; another department's overdue one.
        _ids = await StallData.AddHearingAsync(_db, departments[0].Id, new DateOnly(2026, 6, 1),
            new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 26), new DateOnly(2026, 11, 27), new DateOnly(2026, 12, 10), new DateOnly(2026, 10, 1));
        _ids.AddRange(await StallData.AddHearingAsync(_db, departments[1].Id, new DateOnly(2026, 9, 1), new DateOnly(2026, 10, 15)));
        await using var db = _db.CreateDbContext();
        await db.FollowUpActions.Where(f => f.Id == _ids[4]).ExecuteUpdateAsync(s => s.SetProperty(f => f.DoneAtUtc, Now.AddDays(-30)));
        await db.FollowUpActions.Where(f => f.Id == _ids[1] || f.Id == _ids[3]).ExecuteUpdateAsync(s => s.SetProperty(f => f.OwnerUserId, _owner.UserId));
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private FollowUpQuery Query => new(_db, _clock);

    [Fact]
    public async Task Overdue_only_lists_the_open_follow_ups_past_due_on_japans_calendar_day_the_longest_overdue_first()
    {
        var rows = await Query.ListAsync(new FollowUpFilter(FollowUpShow.Overdue));

        Assert.Equal([_ids[5], _ids[0], _ids[1]], rows.Select(r => r.Id));
        Assert.All(rows, r => Assert.True(r.Overdue));
        Assert.Equal(["F2課", "F1課", "F1課"], rows.Select(r => r.DepartmentName));
    }

    [Fact]
    public async Task Overdue_only_counts_what_the_home_page_counts_as_overdue()
    {
        var rows = await Query.ListAsync(new FollowUpFilter(FollowUpShow.Overdue));
        var ward = await new WorkSummaryQuery(_db, _clock).WardAsync();

        Assert.Equal(ward.OverdueFollowUps, rows.Count);
        Assert.Equal(ward.Overdue.Select(f => f.Id), rows.Select(r => r.Id));
    }

    [Fact]
    public async Task Overdue_only_combines_with_mine_and_with_one_hearing()
    {
        var mine = await Query.ListAsync(new FollowUpFilter(FollowUpShow.Overdue, OwnerUserId: _owner.UserId));
        var hearing = await LoadHearingIdAsync(_ids[5]);
        var ofHearing = await Query.ListAsync(new FollowUpFilter(FollowUpShow.Overdue, HearingId: hearing));

        Assert.Equal([_ids[1]], mine.Select(r => r.Id));
        Assert.Equal([_ids[5]], ofHearing.Select(r => r.Id));
    }

    [Fact]
    public async Task Open_lists_every_undone_follow_up_and_all_puts_the_done_ones_last()
    {
        var open = await Query.ListAsync(new FollowUpFilter(FollowUpShow.Open));
        var all = await Query.ListAsync(new FollowUpFilter(FollowUpShow.All));

        Assert.Equal([_ids[5], _ids[0], _ids[1], _ids[2], _ids[3]], open.Select(r => r.Id));
        Assert.Equal([false, false], open.Skip(3).Select(r => r.Overdue));
        Assert.Equal([.. open.Select(r => r.Id), _ids[4]], all.Select(r => r.Id));
        Assert.False(all[^1].Overdue);
    }

    private async Task<int> LoadHearingIdAsync(int followUpId)
    {
        await using var db = _db.CreateDbContext();
        return await db.FollowUpActions.Where(f => f.Id == followUpId).Select(f => f.HearingSessionId).SingleAsync();
    }
}
