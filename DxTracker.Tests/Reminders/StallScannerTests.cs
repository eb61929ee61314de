using DxTracker.App.Hosting;
using DxTracker.Domain;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reminders;
using DxTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace DxTracker.Tests.Reminders;

public sealed class StallScannerTests : IAsyncLifetime
{
    private static readonly DateTime Start = new(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc);

    private TestDatabase _db = default!;
    private readonly FakeTimeProvider _clock = new(Start);
    private int _department;
    private int _otherDepartment;
    private Actor _dx = default!;
    private Actor _dx2 = default!;
    private Actor _head = default!;
    private Actor _otherHead = default!;
    private Actor _manager = default!;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        var departments = await _db.AddDepartmentsAsync("KOSEKI", "ZEIMU");
        (_department, _otherDepartment) = (departments[0].Id, departments[1].Id);
        _dx = await _db.AddUserAsync(Role.DxTeam, name: "山田 花子");
        _dx2 = await _db.AddUserAsync(Role.DxTeam, name: "佐藤 健");
        _head = await _db.AddUserAsync(Role.DepartmentHead, _department, "戸籍課長");
        _otherHead = await _db.AddUserAsync(Role.DepartmentHead, _otherDepartment, "税務課長");
        _manager = await _db.AddUserAsync(Role.Manager, name: "田中 誠一");
        await SettingsSetup.EnsureDefaultsAsync(_db);
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private StallScanner Scanner() => new(_db, _clock);

    private async Task<List<Reminder>> RemindersAsync()
    {
        await using var context = _db.CreateDbContext();
        return await context.Reminders.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
    }

    [Theory]
    [InlineData(ProcedureStatus.UnderReview, 60)]
    [InlineData(ProcedureStatus.ObjectionRaised, 30)]
    [InlineData(ProcedureStatus.InProgress, 90)]
    public async Task A_procedure_stalls_on_its_threshold_day_and_not_a_day_before(ProcedureStatus status, int days)
    {
        var id = await StallData.AddProcedureAsync(_db, _department, _dx, Start, status);

        _clock.Advance(TimeSpan.FromDays(days - 1));
        var before = await Scanner().ScanAsync();
        Assert.Equal(0, before.StalledProcedures);
        Assert.Empty(await RemindersAsync());

        _clock.Advance(TimeSpan.FromDays(1));
        var on = await Scanner().ScanAsync();
        Assert.Equal(1, on.StalledProcedures);
        var reminders = await RemindersAsync();
        Assert.All(reminders, r => Assert.Equal((ReminderKind.StalledProcedure, id, Start, _department), (r.Kind, r.ItemId, r.StallStartUtc, r.DepartmentId!.Value)));
        Assert.Contains("住民票の写しの交付申請", reminders[0].Title);
    }

    [Fact]
    public async Task A_stall_reminds_the_departments_head_and_every_dx_team_member_only()
    {
        await StallData.AddProcedureAsync(_db, _department, _dx, Start, ProcedureStatus.UnderReview);
        _clock.Advance(TimeSpan.FromDays(60));

        var result = await Scanner().ScanAsync();

        Assert.Equal(3, result.RemindersCreated);
        Assert.Equal(new[] { _dx.UserId, _dx2.UserId, _head.UserId }.Order(), (await RemindersAsync()).Select(r => r.UserId).Order());
        Assert.DoesNotContain(await RemindersAsync(), r => r.UserId == _otherHead.UserId || r.UserId == _manager.UserId);
    }

    [Fact]
    public async Task A_disabled_head_is_neither_reminded_nor_mailed()
    {
        await StallData.AddProcedureAsync(_db, _department, _dx, Start, ProcedureStatus.UnderReview);
        _clock.Advance(TimeSpan.FromDays(60));
        await Scanner().ScanAsync();
        Assert.Contains(await RemindersAsync(), r => r.UserId == _head.UserId);

        // The head leaves; the DX team disables their sign-in (lockout until the end of time).
        await using (var context = _db.CreateDbContext())
            await context.Users.Where(u => u.Id == _head.UserId).ExecuteUpdateAsync(s => s
                .SetProperty(u => u.LockoutEnabled, true)
                .SetProperty(u => u.LockoutEnd, new DateTimeOffset(9999, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        var mailing = await new ReminderService(_db, _clock, _db.Audit(_clock)).PrepareDigestsAsync("dx.city.example.jp");
        Assert.Equal(new[] { _dx.UserId, _dx2.UserId }.Order(), mailing.Select(m => m.UserId).Order());

        var later = await StallData.AddProcedureAsync(_db, _department, _dx, _clock.GetUtcNow().UtcDateTime, ProcedureStatus.UnderReview);
        _clock.Advance(TimeSpan.FromDays(60));
        await Scanner().ScanAsync();
        Assert.Equal(new[] { _dx.UserId, _dx2.UserId }.Order(), (await RemindersAsync()).Where(r => r.ItemId == later).Select(r => r.UserId).Order());
    }

    [Fact]
    public async Task NotConsidered_never_stalls_before_the_departments_first_hearing()
    {
        await StallData.AddProcedureAsync(_db, _department, _dx, Start);
        _clock.Advance(TimeSpan.FromDays(400));

        Assert.Equal(0, (await Scanner().ScanAsync()).StalledProcedures);
        Assert.Empty(await RemindersAsync());
    }

    [Fact]
    public async Task NotConsidered_counts_from_the_first_hearing_day_in_Japan_time()
    {
        var id = await StallData.AddProcedureAsync(_db, _department, _dx, Start);
        // Another department's hearing does not start the clock.
        await StallData.AddHearingAsync(_db, _otherDepartment, new DateOnly(2026, 4, 10));
        await StallData.AddHearingAsync(_db, _department, new DateOnly(2026, 5, 1));
        var hearingStartUtc = new DateTime(2026, 4, 30, 15, 0, 0, DateTimeKind.Utc); // 2026-05-01 00:00 JST

        _clock.SetUtcNow(hearingStartUtc.AddDays(60).AddMinutes(-1));
        Assert.Equal(0, (await Scanner().ScanAsync()).StalledProcedures);

        _clock.SetUtcNow(hearingStartUtc.AddDays(60));
        Assert.Equal(1, (await Scanner().ScanAsync()).StalledProcedures);
        Assert.All(await RemindersAsync(), r => Assert.Equal((id, hearingStartUtc), (r.ItemId, r.StallStartUtc)));
    }

    [Fact]
    public async Task NotConsidered_created_after_the_hearing_counts_from_its_own_start()
    {
        await StallData.AddHearingAsync(_db, _department, new DateOnly(2026, 3, 1));
        await StallData.AddProcedureAsync(_db, _department, _dx, Start);

        _clock.Advance(TimeSpan.FromDays(59));
        Assert.Equal(0, (await Scanner().ScanAsync()).StalledProcedures);
        _clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, (await Scanner().ScanAsync()).StalledProcedures);
        Assert.All(await RemindersAsync(), r => Assert.Equal(Start, r.StallStartUtc));
    }

    [Fact]
    public async Task Done_and_finished_items_never_remind()
    {
        var digitized = await StallData.AddProcedureAsync(_db, _department, _dx, Start, ProcedureStatus.InProgress);
        await StallData.MoveAsync(_db, digitized, _dx, ProcedureStatus.Digitized, Start.AddDays(1));
        var exempt = await StallData.AddProcedureAsync(_db, _department, _dx, Start, ProcedureStatus.UnderReview);
        await StallData.MoveAsync(_db, exempt, _dx, ProcedureStatus.Exempt, Start.AddDays(1));
        var followUp = (await StallData.AddHearingAsync(_db, _department, new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 15)))[0];
        await using (var context = _db.CreateDbContext())
        {
            await context.FollowUpActions.Where(f => f.Id == followUp).ExecuteUpdateAsync(s => s.SetProperty(f => f.DoneAtUtc, Start.AddDays(10)));
        }
        _clock.Advance(TimeSpan.FromDays(1000));

        var result = await Scanner().ScanAsync();

        // The hearing makes NotConsidered count, but no procedure is NotConsidered; the follow-up is done.
        Assert.Equal((0, 0, 0), (result.StalledProcedures, result.OverdueFollowUps, result.RemindersCreated));
    }

    [Fact]
    public async Task A_move_resets_the_stall_and_stalling_again_later_reminds_again()
    {
        var id = await StallData.AddProcedureAsync(_db, _department, _dx, Start, ProcedureStatus.UnderReview);
        _clock.Advance(TimeSpan.FromDays(60));
        Assert.Equal(3, (await Scanner().ScanAsync()).RemindersCreated);

        var movedAt = _clock.GetUtcNow().UtcDateTime.AddHours(1);
        await StallData.MoveAsync(_db, id, _dx, ProcedureStatus.InProgress, movedAt);
        _clock.SetUtcNow(movedAt.AddDays(89));
        Assert.Equal(0, (await Scanner().ScanAsync()).StalledProcedures);

        _clock.SetUtcNow(movedAt.AddDays(90));
        Assert.Equal(3, (await Scanner().ScanAsync()).RemindersCreated);

        var reminders = await RemindersAsync();
        Assert.Equal(6, reminders.Count);
        Assert.Equal(new[] { Start, movedAt }, reminders.Select(r => r.StallStartUtc).Distinct().Order());
    }

    [Fact]
    public async Task Running_twice_or_with_a_fresh_scanner_on_the_same_file_creates_no_duplicates()
    {
        await StallData.AddProcedureAsync(_db, _department, _dx, Start, ProcedureStatus.ObjectionRaised);
        await StallData.AddHearingAsync(_db, _department, new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 20));
        _clock.Advance(TimeSpan.FromDays(45));

        var first = await Scanner().ScanAsync();
        var again = await Scanner().ScanAsync();
        // A new scanner with new contexts and a new clock over the same file, as after a restart.
        var afterRestart = await new StallScanner(_db, new FakeTimeProvider(_clock.GetUtcNow().AddDays(1))).ScanAsync();

        Assert.Equal((1, 1, 6), (first.StalledProcedures, first.OverdueFollowUps, first.RemindersCreated));
        Assert.Equal(0, again.RemindersCreated);
        Assert.Equal((1, 1, 0), (afterRestart.StalledProcedures, afterRestart.OverdueFollowUps, afterRestart.RemindersCreated));
        Assert.Equal(6, (await RemindersAsync()).Count);
    }

    [Fact]
    public async Task Recipients_who_arrive_during_a_stall_are_reminded_once_and_the_others_not_again()
    {
        var id = await StallData.AddProcedureAsync(_db, _department, _dx, Start, ProcedureStatus.UnderReview);
        _clock.Advance(TimeSpan.FromDays(60));
        Assert.Equal(3, (await Scanner().ScanAsync()).RemindersCreated);

        // The heads swap departments (as many reminded heads as before, but not the same person) and a DX member joins.
        await using (var context = _db.CreateDbContext())
        {
            await context.Users.Where(u => u.Id == _head.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.DepartmentId, _otherDepartment));
            await context.Users.Where(u => u.Id == _otherHead.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.DepartmentId, _department));
        }
        var newcomer = await _db.AddUserAsync(Role.DxTeam, name: "鈴木 一郎");
        _clock.Advance(TimeSpan.FromDays(1));

        Assert.Equal(2, (await Scanner().ScanAsync()).RemindersCreated);
        Assert.Equal(0, (await Scanner().ScanAsync()).RemindersCreated);
        var reminders = await RemindersAsync();
        Assert.Equal(new[] { _dx.UserId, _dx2.UserId, _head.UserId, _otherHead.UserId, newcomer.UserId }.Order(), reminders.Select(r => r.UserId).Order());
        Assert.All(reminders, r => Assert.Equal((id, Start), (r.ItemId, r.StallStartUtc)));
    }

    [Fact]
    public async Task Concurrent_scans_write_each_reminder_once()
    {
        for (var i = 0; i < 5; i++)
            await StallData.AddProcedureAsync(_db, _department, _dx, Start, ProcedureStatus.InProgress);
        _clock.Advance(TimeSpan.FromDays(120));
        // The four scans overlap for sure: each stops before its save until all four have read that nothing is written yet.
        var rendezvous = new Rendezvous(4, "scans about to save their reminders", TimeSpan.FromSeconds(60));
        var factory = rendezvous.Factory(_db, Rendezvous.Point.FirstSave);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => new StallScanner(factory, _clock).ScanAsync())));

        Assert.True(rendezvous.Met, "the four scans were saving at once");
        // All four tried to write the same 15 reminders: the unique key refused three saves, and those scans wrote nothing.
        Assert.Equal(3, rendezvous.FailedSaves);
        Assert.Equal(15, results.Sum(r => r.RemindersCreated));
        Assert.Equal(15, (await RemindersAsync()).Count);
    }

    [Fact]
    public async Task A_follow_up_is_overdue_the_day_after_its_due_date_in_Japan()
    {
        var followUp = (await StallData.AddHearingAsync(_db, _department, new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 20)))[0];
        var dueDayEndUtc = new DateTime(2026, 4, 20, 15, 0, 0, DateTimeKind.Utc); // 2026-04-21 00:00 JST

        _clock.SetUtcNow(dueDayEndUtc.AddMinutes(-1));
        Assert.Equal(0, (await Scanner().ScanAsync()).OverdueFollowUps);

        _clock.SetUtcNow(dueDayEndUtc);
        Assert.Equal(3, (await Scanner().ScanAsync()).RemindersCreated);
        Assert.All(await RemindersAsync(), r => Assert.Equal((ReminderKind.OverdueFollowUp, followUp, dueDayEndUtc.AddDays(-1)), (r.Kind, r.ItemId, r.StallStartUtc)));
    }

    [Fact]
    public async Task Thresholds_edited_by_the_dx_team_change_what_stalls()
    {
        var service = new ReminderService(_db, _clock, _db.Audit(_clock));
        await StallData.AddProcedureAsync(_db, _department, _dx, Start, ProcedureStatus.UnderReview);
        _clock.Advance(TimeSpan.FromDays(10));

        await service.SaveThresholdsAsync(_dx.UserId, new Dictionary<ProcedureStatus, int> { [ProcedureStatus.UnderReview] = 10 });

        Assert.Equal(10, (await service.ThresholdsAsync())[ProcedureStatus.UnderReview]);
        Assert.Equal(1, (await Scanner().ScanAsync()).StalledProcedures);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3651)]
    public async Task Thresholds_outside_1_to_3650_days_are_refused_and_nothing_changes(int days)
    {
        var service = new ReminderService(_db, _clock, _db.Audit(_clock));
        var refused = await Assert.ThrowsAsync<DomainException>(() => service.SaveThresholdsAsync(_dx.UserId,
            new Dictionary<ProcedureStatus, int> { [ProcedureStatus.InProgress] = 45, [ProcedureStatus.UnderReview] = days }));
        Assert.Equal(DomainError.StallDaysOutOfRange, refused.Error);
        Assert.Equal(StallThreshold.Defaults.OrderBy(d => d.Key), (await service.ThresholdsAsync()).OrderBy(d => d.Key));
    }

    [Fact]
    public async Task Only_the_dx_team_may_change_thresholds()
    {
        var service = new ReminderService(_db, _clock, _db.Audit(_clock));
        foreach (var actor in new[] { _head, _manager })
        {
            await Assert.ThrowsAsync<AccessDeniedException>(() => service.SaveThresholdsAsync(actor.UserId,
                new Dictionary<ProcedureStatus, int> { [ProcedureStatus.UnderReview] = 5 }));
        }
        Assert.Equal(60, (await service.ThresholdsAsync())[ProcedureStatus.UnderReview]);
    }

    [Fact]
    public async Task A_user_marks_only_their_own_reminders_read()
    {
        var service = new ReminderService(_db, _clock, _db.Audit(_clock));
        await StallData.AddProcedureAsync(_db, _department, _dx, Start, ProcedureStatus.UnderReview);
        await StallData.AddHearingAsync(_db, _department, new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 20));
        _clock.Advance(TimeSpan.FromDays(60));
        await Scanner().ScanAsync();
        var headsReminder = (await RemindersAsync()).First(r => r.UserId == _head.UserId);

        var refused = await Assert.ThrowsAsync<DomainException>(() => service.MarkReadAsync(_dx.UserId, headsReminder.Id));
        Assert.Equal(DomainError.NotFound, refused.Error);
        Assert.Equal(2, await service.UnreadCountAsync(_head.UserId));

        await service.MarkReadAsync(_head.UserId, headsReminder.Id);
        Assert.Equal(1, await service.UnreadCountAsync(_head.UserId));
        Assert.Equal(2, await service.UnreadCountAsync(_dx.UserId));

        var (stalledOnly, total) = await service.ListAsync(_dx.UserId, new ReminderFilter(Kind: ReminderKind.StalledProcedure), 0, 10);
        Assert.Equal(1, total);
        Assert.Equal("KOSEKI課", stalledOnly.Single().DepartmentName);
        Assert.Equal(1, await service.MarkAllReadAsync(_dx.UserId, new ReminderFilter(Kind: ReminderKind.OverdueFollowUp)));
        Assert.Equal(1, await service.UnreadCountAsync(_dx.UserId));
        Assert.Equal(0, (await service.ListAsync(_dx.UserId, new ReminderFilter(DepartmentId: _otherDepartment), 0, 10)).Total);
    }
}
