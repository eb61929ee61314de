using DxTracker.Domain;
using DxTracker.Domain.Hearings;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Procedures;
using DxTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DxTracker.Tests.Hearings;

public sealed class HearingServiceTests : IAsyncLifetime
{
    private static readonly DateTime Now = new(2026, 6, 1, 3, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly Today = new(2026, 6, 1);
    private TestDatabase _database = default!;
    private HearingService _service = default!;
    private FakeTimeProvider _clock = default!;
    private int _department;
    private Actor _dx = default!;
    private Actor _head = default!;
    private int _notConsidered;
    private int _underReview;
    private int _digitized;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var departments = await _database.AddDepartmentsAsync("H1", "H2");
        _department = departments[0].Id;
        _dx = await _database.AddUserAsync(Role.DxTeam, name: "山田");
        _head = await _database.AddUserAsync(Role.DepartmentHead, _department, "課長");
        await using (var db = _database.CreateDbContext())
        {
            var a = Procedure.Create(_department, new ProcedureFields { Code = "A-1", Name = "転入届" }, _dx, Now);
            var b = Procedure.Create(_department, new ProcedureFields { Code = "B-1", Name = "犬の登録" }, _dx, Now);
            b.MoveTo(ProcedureStatus.UnderReview, _dx, Now);
            var c = Procedure.Create(_department, new ProcedureFields { Code = "C-1", Name = "道路占用許可申請" }, _dx, Now);
            c.MoveTo(ProcedureStatus.InProgress, _dx, Now);
            c.MoveTo(ProcedureStatus.Digitized, _dx, Now, new MoveDetails(OnlineFormUrl: "https://example.jp/form"));
            db.Procedures.AddRange(a, b, c);
            await db.SaveChangesAsync();
            (_notConsidered, _underReview, _digitized) = (a.Id, b.Id, c.Id);
        }
        _clock = new FakeTimeProvider(Now.AddDays(1));
        _service = new HearingService(_database, _clock, _database.Audit(_clock), NullLogger<HearingService>.Instance);
    }

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    private HearingInput Hearing(params HearingProcedureInput[] items) =>
        new(_department, Today, "課長、係長", "山田", "押印の廃止について", items, [new FollowUpInput("条例改正案を確認", _head.UserId, Today.AddDays(14))]);

    private HearingProcedureInput RaiseSeal(int procedureId) => new()
    {
        ProcedureId = procedureId,
        OutcomeNote = "押印が必要との意見",
        MoveTo = ProcedureStatus.ObjectionRaised,
        Objection = new NewObjection(ObjectionCategory.Seal, "申請書に押印欄がある", "規則改正で押印を廃止できる"),
    };

    [Fact]
    public async Task One_invalid_move_among_three_saves_nothing_and_names_the_procedure()
    {
        var input = Hearing(
            RaiseSeal(_notConsidered),
            new HearingProcedureInput { ProcedureId = _underReview, OutcomeNote = "作業開始", MoveTo = ProcedureStatus.InProgress },
            // Digitized → UnderReview is not in the table.
            new HearingProcedureInput { ProcedureId = _digitized, OutcomeNote = "見直し", MoveTo = ProcedureStatus.UnderReview });

        var error = await Assert.ThrowsAsync<HearingException>(() => _service.RecordHearingAsync(_dx.UserId, input));

        var problem = Assert.Single(error.Problems);
        Assert.Equal(("C-1", "道路占用許可申請"), (problem.ProcedureCode, problem.ProcedureName));
        Assert.Contains("C-1", error.Message);
        Assert.Contains("道路占用許可申請", error.Message);
        Assert.Contains("「電子化済」から「検討中」へは移せません", error.Message);
        await using var db = _database.CreateDbContext();
        Assert.Equal(0, await db.HearingSessions.CountAsync());
        Assert.Equal(0, await db.HearingItems.CountAsync());
        Assert.Equal(0, await db.FollowUpActions.CountAsync());
        Assert.Equal(0, await db.Objections.CountAsync());
        Assert.Equal(0, await db.StatusChanges.CountAsync(s => s.AtUtc > Now));
        Assert.Equal(ProcedureStatus.NotConsidered, await db.Procedures.Where(p => p.Id == _notConsidered).Select(p => p.Status).SingleAsync());
        Assert.Equal(ProcedureStatus.UnderReview, await db.Procedures.Where(p => p.Id == _underReview).Select(p => p.Status).SingleAsync());
    }

    [Fact]
    public async Task All_valid_saves_hearing_items_moves_objections_and_follow_ups_linked_to_the_hearing()
    {
        var input = Hearing(
            RaiseSeal(_notConsidered),
            new HearingProcedureInput { ProcedureId = _underReview, ExpectedVersion = 0, OutcomeNote = "作業開始", MoveTo = ProcedureStatus.InProgress },
            new HearingProcedureInput { ProcedureId = _digitized, OutcomeNote = "利用状況を確認した" });

        var id = await _service.RecordHearingAsync(_dx.UserId, input);

        await using var db = _database.CreateDbContext();
        var hearing = await db.HearingSessions.Include(h => h.Items).Include(h => h.FollowUps).SingleAsync(h => h.Id == id);
        Assert.Equal((_department, Today, "山田", "押印の廃止について"), (hearing.DepartmentId, hearing.HeldOn, hearing.RecordedByName, hearing.Summary));
        Assert.Equal([_notConsidered, _underReview, _digitized], hearing.Items.OrderBy(i => i.Id).Select(i => i.ProcedureId));
        Assert.Equal("利用状況を確認した", hearing.Items.Single(i => i.ProcedureId == _digitized).OutcomeNote);
        var followUp = Assert.Single(hearing.FollowUps);
        Assert.Equal(("条例改正案を確認", _head.UserId, Today.AddDays(14)), (followUp.Description, followUp.OwnerUserId, followUp.DueOn));

        var moves = await db.StatusChanges.Where(s => s.AtUtc > Now).OrderBy(s => s.ProcedureId).ToListAsync();
        Assert.Equal(2, moves.Count);
        Assert.All(moves, m => Assert.Equal(id, m.HearingSessionId));
        Assert.Equal([ProcedureStatus.ObjectionRaised, ProcedureStatus.InProgress], moves.Select(m => m.ToStatus));
        var objection = await db.Objections.SingleAsync();
        Assert.Equal((_notConsidered, ObjectionCategory.Seal, "規則改正で押印を廃止できる", id), (objection.ProcedureId, objection.Category, objection.Rebuttal, objection.HearingSessionId));
        Assert.Equal(ProcedureStatus.InProgress, await db.Procedures.Where(p => p.Id == _underReview).Select(p => p.Status).SingleAsync());
    }

    [Fact]
    public async Task The_telework_answer_heard_is_saved_and_a_bad_one_refuses_the_hearing()
    {
        var bad = Hearing(new HearingProcedureInput { ProcedureId = _notConsidered, Telework = new TeleworkAssessment(Telework.Possible, TeleworkBarriers.CounterWork, null) });
        var error = await Assert.ThrowsAsync<HearingException>(() => _service.RecordHearingAsync(_dx.UserId, bad));
        Assert.Contains("一部可", Assert.Single(error.Problems).Reason);
        int VersionOf(int id)
        {
            using var read = _database.CreateDbContext();
            return read.Procedures.Where(p => p.Id == id).Select(p => p.Version).Single();
        }
        var underReviewVersion = VersionOf(_underReview);

        await _service.RecordHearingAsync(_dx.UserId, Hearing(
            new HearingProcedureInput { ProcedureId = _notConsidered, Telework = new TeleworkAssessment(Telework.NotPossible, TeleworkBarriers.CounterWork | TeleworkBarriers.LgwanOnly, null) },
            new HearingProcedureInput { ProcedureId = _underReview, Telework = new TeleworkAssessment(null, TeleworkBarriers.None, null) }));

        await using var db = _database.CreateDbContext();
        var heard = await db.Procedures.SingleAsync(p => p.Id == _notConsidered);
        Assert.Equal((Telework.NotPossible, TeleworkBarriers.CounterWork | TeleworkBarriers.LgwanOnly), (heard.Telework, heard.TeleworkBarriers));
        // An answer left as it was changes nothing: no new version.
        Assert.Equal(underReviewVersion, VersionOf(_underReview));
    }

    [Fact]
    public async Task A_procedure_added_on_the_spot_is_created_in_the_department_and_discussed()
    {
        var input = Hearing(new HearingProcedureInput
        {
            NewProcedure = new ProcedureFields { Code = "N-1", Name = "屋外広告物許可申請" },
            OutcomeNote = "棚卸し漏れ",
            MoveTo = ProcedureStatus.UnderReview,
        });

        var id = await _service.RecordHearingAsync(_dx.UserId, input);

        await using var db = _database.CreateDbContext();
        var created = await db.Procedures.Include(p => p.History).SingleAsync(p => p.Code == "N-1");
        Assert.Equal((_department, ProcedureStatus.UnderReview), (created.DepartmentId, created.Status));
        Assert.Equal(id, Assert.Single(created.History).HearingSessionId);
        Assert.Equal(created.Id, (await db.HearingItems.SingleAsync(i => i.HearingSessionId == id)).ProcedureId);
    }

    [Fact]
    public async Task Every_problem_is_listed_a_duplicate_code_a_stale_copy_another_department_and_a_bad_follow_up()
    {
        int other;
        await using (var db = _database.CreateDbContext())
            other = await db.Departments.Where(d => d.Code == "H2").Select(d => d.Id).SingleAsync();
        var stranger = await _database.AddUserAsync(Role.DepartmentHead, other, "他課の課長");
        await using (var db = _database.CreateDbContext())
        {
            db.Procedures.Add(Procedure.Create(other, new ProcedureFields { Code = "X-1", Name = "他課の手続" }, _dx, Now));
            await db.SaveChangesAsync();
        }
        int foreign;
        await using (var db = _database.CreateDbContext())
            foreign = await db.Procedures.Where(p => p.Code == "X-1").Select(p => p.Id).SingleAsync();

        var input = new HearingInput(_department, Today, null, null, null,
            [
                new HearingProcedureInput { NewProcedure = new ProcedureFields { Code = "A-1", Name = "重複" } },
                new HearingProcedureInput { ProcedureId = _underReview, ExpectedVersion = 7, MoveTo = ProcedureStatus.InProgress },
                new HearingProcedureInput { ProcedureId = foreign },
            ],
            [new FollowUpInput("確認", stranger.UserId, Today), new FollowUpInput(" ", _dx.UserId, Today)]);

        var error = await Assert.ThrowsAsync<HearingException>(() => _service.RecordHearingAsync(_dx.UserId, input));

        Assert.Equal(["A-1", "B-1", "X-1", null, null], error.Problems.Select(p => p.ProcedureCode));
        Assert.Contains("すでに使われています", error.Problems[0].Reason);
        Assert.Contains("先に更新した", error.Problems[1].Reason);
        Assert.Contains("ヒアリング先の課の手続ではありません", error.Problems[2].Reason);
        Assert.Equal(1, error.Problems[3].FollowUpNumber);
        Assert.Contains("担当者", error.Problems[3].Reason);
        Assert.Contains("フォローアップ 2", error.Problems[4].Text);
        await using var check = _database.CreateDbContext();
        Assert.Equal(0, await check.HearingSessions.CountAsync());
    }

    [Theory]
    [InlineData(Role.DepartmentHead)]
    [InlineData(Role.Manager)]
    public async Task Department_heads_and_managers_may_not_record_a_hearing(Role role)
    {
        var user = role == Role.DepartmentHead ? _head : await _database.AddUserAsync(Role.Manager);

        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.RecordHearingAsync(user.UserId, Hearing(RaiseSeal(_notConsidered))));

        await using var db = _database.CreateDbContext();
        Assert.Equal(0, await db.HearingSessions.CountAsync());
        Assert.Equal(0, await db.Objections.CountAsync());
    }

    [Fact]
    public async Task The_owner_marks_a_follow_up_done_and_reopens_it_others_may_not()
    {
        await _service.RecordHearingAsync(_dx.UserId, Hearing());
        int followUpId;
        await using (var db = _database.CreateDbContext())
            followUpId = await db.FollowUpActions.Select(f => f.Id).SingleAsync();
        var manager = await _database.AddUserAsync(Role.Manager);
        var otherDx = await _database.AddUserAsync(Role.DxTeam);

        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.MarkFollowUpDoneAsync(manager.UserId, followUpId));
        await _service.MarkFollowUpDoneAsync(_head.UserId, followUpId);
        await using (var db = _database.CreateDbContext())
            Assert.Equal(Now.AddDays(1), await db.FollowUpActions.Select(f => f.DoneAtUtc).SingleAsync());

        await _service.ReopenFollowUpAsync(otherDx.UserId, followUpId);
        await using (var db = _database.CreateDbContext())
            Assert.Null(await db.FollowUpActions.Select(f => f.DoneAtUtc).SingleAsync());
    }

    [Fact]
    public void A_follow_up_is_overdue_only_when_past_due_and_not_done()
    {
        Assert.True(FollowUpAction.IsOverdue(Today.AddDays(-1), null, Today));
        Assert.False(FollowUpAction.IsOverdue(Today, null, Today));
        Assert.False(FollowUpAction.IsOverdue(Today.AddDays(-1), Now, Today));
    }

    [Theory]
    [InlineData("made Manager")]
    [InlineData("moved to another department")]
    public async Task A_follow_up_owner_who_was_made_Manager_or_moved_away_can_no_longer_complete_or_reopen_it(string change)
    {
        await _service.RecordHearingAsync(_dx.UserId, Hearing());
        await _service.RecordHearingAsync(_dx.UserId, Hearing());
        int[] followUps;
        await using (var db = _database.CreateDbContext())
            followUps = await db.FollowUpActions.OrderBy(f => f.Id).Select(f => f.Id).ToArrayAsync();
        // The second one is done while the owner still heads the department.
        await _service.MarkFollowUpDoneAsync(_head.UserId, followUps[1]);

        await using (var db = _database.CreateDbContext())
        {
            if (change == "made Manager")
            {
                var manager = await db.Roles.Where(r => r.Name == nameof(Role.Manager)).Select(r => r.Id).FirstOrDefaultAsync();
                if (manager is null)
                {
                    var role = new Microsoft.AspNetCore.Identity.IdentityRole(nameof(Role.Manager)) { NormalizedName = "MANAGER" };
                    db.Roles.Add(role);
                    await db.SaveChangesAsync();
                    manager = role.Id;
                }
                db.UserRoles.RemoveRange(db.UserRoles.Where(ur => ur.UserId == _head.UserId));
                db.UserRoles.Add(new Microsoft.AspNetCore.Identity.IdentityUserRole<string> { UserId = _head.UserId, RoleId = manager });
                await db.Users.Where(u => u.Id == _head.UserId).ExecuteUpdateAsync(u => u.SetProperty(x => x.DepartmentId, (int?)null));
            }
            else
            {
                var other = await db.Departments.Where(d => d.Id != _department).Select(d => d.Id).FirstAsync();
                await db.Users.Where(u => u.Id == _head.UserId).ExecuteUpdateAsync(u => u.SetProperty(x => x.DepartmentId, other));
            }
            await db.SaveChangesAsync();
        }

        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.MarkFollowUpDoneAsync(_head.UserId, followUps[0]));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.ReopenFollowUpAsync(_head.UserId, followUps[1]));
        await using (var db = _database.CreateDbContext())
            Assert.Equal([false, true], await db.FollowUpActions.OrderBy(f => f.Id).Select(f => f.DoneAtUtc != null).ToListAsync());
        // The DX team still can.
        await _service.MarkFollowUpDoneAsync(_dx.UserId, followUps[0]);
    }
}
