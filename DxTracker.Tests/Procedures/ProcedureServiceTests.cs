using DxTracker.Domain.Audit;
using DxTracker.Domain;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Procedures;
using DxTracker.Tests.Support;
using DxTracker.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace DxTracker.Tests.Procedures;

/// <summary>The service is the security boundary: role × own/other department × each write → allowed or refused (and logged).</summary>
public sealed class ProcedureServiceTests
{
    private static readonly DateTime Now = new(2026, 6, 1, 3, 0, 0, DateTimeKind.Utc);

    public enum Write { Move, Update, Volume, RaiseObjection, Rebuttal, CloseObjection }

    public enum Who { DxTeam, OwnHead, OtherHead, Manager }

    // Written out from docs/DOMAIN.md#roles: DxTeam writes everywhere; a head writes in the own department but rebuttals and
    // closing objections are the DX team's; another department's head and a manager write nothing.
    private static bool Expected(Who who, Write write) => who switch
    {
        Who.DxTeam => true,
        Who.OwnHead => write is not (Write.Rebuttal or Write.CloseObjection),
        _ => false,
    };

    public static TheoryData<Who, Write, bool> Cases()
    {
        var data = new TheoryData<Who, Write, bool>();
        foreach (var who in Enum.GetValues<Who>())
            foreach (var write in Enum.GetValues<Write>())
                data.Add(who, write, Expected(who, write));
        return data;
    }

    /// <summary>A saved procedure "転入届" of the department, optionally with one open objection.</summary>
    private static async Task<(int Id, int Version, int ObjectionId)> AddProcedureAsync(TestDatabase database, int departmentId, Actor dx, bool withObjection = false)
    {
        await using var db = database.CreateDbContext();
        var p = Procedure.Create(departmentId, new ProcedureFields { Code = "P-1", Name = "転入届" }, dx, Now);
        var objection = withObjection ? p.RaiseObjection(new NewObjection(ObjectionCategory.Seal, "押印が必要"), dx, Now) : null;
        db.Procedures.Add(p);
        await db.SaveChangesAsync();
        return (p.Id, p.Version, objection?.Id ?? 0);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_write_is_allowed_or_refused_by_role_and_department(Who who, Write write, bool allowed)
    {
        await using var database = await TestDatabase.CreateAsync();
        var (own, other) = await database.AddDepartmentsAsync("OWN", "OTHER") is [var a, var b] ? (a, b) : throw new InvalidOperationException();
        var dx = await database.AddUserAsync(Role.DxTeam, name: "DX");
        var actor = who switch
        {
            Who.DxTeam => dx,
            Who.OwnHead => await database.AddUserAsync(Role.DepartmentHead, own.Id, "自課の課長"),
            Who.OtherHead => await database.AddUserAsync(Role.DepartmentHead, other.Id, "他課の課長"),
            _ => await database.AddUserAsync(Role.Manager, name: "管理職"),
        };
        var (id, version, objectionId) = await AddProcedureAsync(database, own.Id, dx, withObjection: true);
        var service = new ProcedureService(database, new FakeTimeProvider(Now.AddDays(1)), database.Audit(TimeProvider.System));

        Task<int> Run() => write switch
        {
            Write.Move => service.MoveStatusAsync(actor.UserId, id, version, ProcedureStatus.UnderReview, new MoveDetails("確認")),
            Write.Update => service.UpdateAsync(actor.UserId, id, version, new ProcedureFields { Code = "P-1", Name = "転入届（改）" }),
            Write.Volume => service.SetVolumeAsync(actor.UserId, id, version, 2025, 100, 10),
            Write.RaiseObjection => service.RaiseObjectionAsync(actor.UserId, id, version, new NewObjection(ObjectionCategory.NoSystem, "システムがない")),
            Write.Rebuttal => service.WriteRebuttalAsync(actor.UserId, id, version, objectionId, "電子署名で代替"),
            _ => service.CloseObjectionAsync(actor.UserId, id, version, objectionId, ObjectionOutcome.Countered),
        };

        if (allowed)
        {
            Assert.Equal(version + 1, await Run());
            await using var db = database.CreateDbContext();
            var p = await db.Procedures.Include(x => x.Objections).Include(x => x.Volumes).SingleAsync(x => x.Id == id);
            Assert.Equal(actor.DisplayName, p.UpdatedByName);
            Assert.True(write switch
            {
                Write.Move => p.Status == ProcedureStatus.UnderReview,
                Write.Update => p.Name == "転入届（改）",
                Write.Volume => p.Volumes.Single().Total == 100,
                Write.RaiseObjection => p.Objections.Count == 2,
                Write.Rebuttal => p.Objections.Single().Rebuttal == "電子署名で代替",
                _ => p.Objections.Single().Outcome == ObjectionOutcome.Countered,
            });
        }
        else
        {
            await Assert.ThrowsAsync<AccessDeniedException>(Run);
            await using var db = database.CreateDbContext();
            Assert.Equal(version, await db.Procedures.Where(x => x.Id == id).Select(x => x.Version).SingleAsync());
            var refusal = Assert.Single(await db.AuditEntries.ToListAsync());
            Assert.Equal((AuditActions.WriteRefused, actor.UserId, false), (refusal.Action, refusal.UserId, refusal.Succeeded));
        }
    }

    [Fact]
    public async Task A_head_of_another_department_is_told_it_is_read_only()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (own, other) = await database.AddDepartmentsAsync("OWN", "OTHER") is [var a, var b] ? (a, b) : throw new InvalidOperationException();
        var dx = await database.AddUserAsync(Role.DxTeam);
        var head = await database.AddUserAsync(Role.DepartmentHead, other.Id);
        var (id, version, _) = await AddProcedureAsync(database, own.Id, dx);
        using var _ = new CultureScope("ja-JP");
        var service = new ProcedureService(database, new FakeTimeProvider(Now), database.Audit(TimeProvider.System));
        var e = await Assert.ThrowsAsync<AccessDeniedException>(() => service.SetVolumeAsync(head.UserId, id, version, 2025, 5, 0));
        Assert.Equal(DomainError.OtherDepartment, e.Error);
        Assert.Contains("閲覧のみ", e.Message);
    }

    [Fact]
    public async Task A_negative_volume_is_refused_with_a_readable_message_and_nothing_is_saved()
    {
        await using var database = await TestDatabase.CreateAsync();
        var department = (await database.AddDepartmentsAsync("OWN"))[0];
        var head = await database.AddUserAsync(Role.DepartmentHead, department.Id);
        var dx = await database.AddUserAsync(Role.DxTeam);
        var (id, version, _) = await AddProcedureAsync(database, department.Id, dx);
        using var _ = new CultureScope("ja-JP");
        var service = new ProcedureService(database, new FakeTimeProvider(Now), database.Audit(TimeProvider.System));
        var e = await Assert.ThrowsAsync<DomainException>(() => service.SetVolumeAsync(head.UserId, id, version, 2025, -1, null));
        Assert.Equal(DomainError.VolumeNegative, e.Error);
        await using var check = database.CreateDbContext();
        Assert.Equal(0, await check.ProcedureVolumes.CountAsync());
    }

    /// <summary>Two procedures of one department, P-1 and P-2 (the code under test), and the DX team member.</summary>
    private static async Task<(Actor Dx, int Id)> TwoCodesAsync(TestDatabase database)
    {
        var department = (await database.AddDepartmentsAsync("OWN"))[0];
        var dx = await database.AddUserAsync(Role.DxTeam, name: "DX");
        var (id, _, _) = await AddProcedureAsync(database, department.Id, dx);
        await using var db = database.CreateDbContext();
        db.Procedures.Add(Procedure.Create(department.Id, new ProcedureFields { Code = "P-2", Name = "転出届" }, dx, Now));
        await db.SaveChangesAsync();
        return (dx, id);
    }

    [Fact]
    public async Task The_DX_team_changes_a_procedure_code_to_a_free_one()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (dx, id) = await TwoCodesAsync(database);
        var service = new ProcedureService(database, new FakeTimeProvider(Now), database.Audit(TimeProvider.System));

        Assert.Equal(1, await service.UpdateAsync(dx.UserId, id, 0, new ProcedureFields { Code = "P-3", Name = "転入届" }));

        await using var check = database.CreateDbContext();
        Assert.Equal("P-3", await check.Procedures.Where(p => p.Id == id).Select(p => p.Code).SingleAsync());
    }

    [Fact]
    public async Task A_head_who_changes_the_code_is_refused_with_a_message_audited_and_nothing_is_saved()
    {
        await using var database = await TestDatabase.CreateAsync();
        var department = (await database.AddDepartmentsAsync("OWN"))[0];
        var dx = await database.AddUserAsync(Role.DxTeam);
        var head = await database.AddUserAsync(Role.DepartmentHead, department.Id, "自課の課長");
        var (id, version, _) = await AddProcedureAsync(database, department.Id, dx);
        using var _ = new CultureScope("ja-JP");
        var service = new ProcedureService(database, new FakeTimeProvider(Now), database.Audit(new FakeTimeProvider(Now)));

        var e = await Assert.ThrowsAsync<AccessDeniedException>(() =>
            service.UpdateAsync(head.UserId, id, version, new ProcedureFields { Code = "P-100", Name = "転入届（改）", Notes = "メモ" }));

        Assert.Equal(DomainError.CodeDxTeamOnly, e.Error);
        Assert.Equal("手続IDは庁内共通の識別子のため、DX推進担当のみが変更できます（現在の手続ID：「P-1」）。ほかの項目は変更できます。", e.Message);
        await using var check = database.CreateDbContext();
        var saved = await check.Procedures.AsNoTracking().SingleAsync(p => p.Id == id);
        Assert.Equal(("P-1", "転入届", (string?)null, version), (saved.Code, saved.Name, saved.Notes, saved.Version));
        var refusal = Assert.Single(await check.AuditEntries.AsNoTracking().ToListAsync());
        Assert.Equal((AuditActions.WriteRefused, head.UserId, "自課の課長", $"Procedure {id}", nameof(DomainError.CodeDxTeamOnly), false, Now),
            (refusal.Action, refusal.UserId, refusal.UserName, refusal.Target, refusal.Detail, refusal.Succeeded, refusal.AtUtc));
    }

    [Fact]
    public void The_code_refusal_reads_in_English_too()
    {
        using var _ = new CultureScope("en-US");
        Assert.Equal("The procedure code is an office-wide identifier: only the DX team may change it (current code: \"P-1\"). You can change the other fields.",
            new AccessDeniedException(DomainError.CodeDxTeamOnly, "P-1").Message);
    }

    [Theory]
    [InlineData("P-1")]
    [InlineData(" P-1 ")]
    public async Task A_head_who_keeps_the_code_changes_the_other_fields(string submittedCode)
    {
        await using var database = await TestDatabase.CreateAsync();
        var department = (await database.AddDepartmentsAsync("OWN"))[0];
        var dx = await database.AddUserAsync(Role.DxTeam);
        var head = await database.AddUserAsync(Role.DepartmentHead, department.Id, "自課の課長");
        var (id, version, _) = await AddProcedureAsync(database, department.Id, dx);
        var service = new ProcedureService(database, new FakeTimeProvider(Now), database.Audit(TimeProvider.System));

        Assert.Equal(version + 1, await service.UpdateAsync(head.UserId, id, version, new ProcedureFields { Code = submittedCode, Name = "転入届（改）", Notes = "メモ" }));

        await using var check = database.CreateDbContext();
        var saved = await check.Procedures.AsNoTracking().SingleAsync(p => p.Id == id);
        Assert.Equal(("P-1", "転入届（改）", "メモ", "自課の課長"), (saved.Code, saved.Name, saved.Notes, saved.UpdatedByName));
        Assert.Empty(await check.AuditEntries.AsNoTracking().ToListAsync());
    }

    [Fact]
    public async Task Changing_the_code_to_one_in_use_is_refused_with_a_message_and_nothing_is_written()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (dx, id) = await TwoCodesAsync(database);
        using var _ = new CultureScope("ja-JP");
        var service = new ProcedureService(database, new FakeTimeProvider(Now), database.Audit(TimeProvider.System));

        var e = await Assert.ThrowsAsync<DomainException>(() => service.UpdateAsync(dx.UserId, id, 0, new ProcedureFields { Code = " P-2 ", Name = "転入届（改）" }));

        Assert.Equal(DomainError.DuplicateCode, e.Error);
        Assert.Equal("手続ID「P-2」はすでに使われています。", e.Message);
        await using var check = database.CreateDbContext();
        var saved = await check.Procedures.AsNoTracking().SingleAsync(p => p.Id == id);
        Assert.Equal(("P-1", "転入届", 0), (saved.Code, saved.Name, saved.Version));
    }

    [Fact]
    public async Task A_code_taken_between_the_check_and_the_save_is_refused_by_the_index_with_the_same_message()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (dx, id) = await TwoCodesAsync(database);
        var department = await DepartmentOfAsync(database, id);
        // Another writer commits P-9 after the service has checked the code and before it saves.
        var racing = new RacingFactory(database, async () =>
        {
            await using var other = database.CreateDbContext();
            other.Procedures.Add(Procedure.Create(department, new ProcedureFields { Code = "P-9", Name = "同時に登録された届" }, dx, Now));
            await other.SaveChangesAsync();
        });
        using var _ = new CultureScope("ja-JP");
        var service = new ProcedureService(racing, new FakeTimeProvider(Now), database.Audit(TimeProvider.System));

        var e = await Assert.ThrowsAsync<DomainException>(() => service.UpdateAsync(dx.UserId, id, 0, new ProcedureFields { Code = "P-9", Name = "転入届" }));

        Assert.True(racing.Raced);
        Assert.Equal(DomainError.DuplicateCode, e.Error);
        Assert.Equal("手続ID「P-9」はすでに使われています。", e.Message);
        await using var check = database.CreateDbContext();
        Assert.Equal("P-1", await check.Procedures.Where(p => p.Id == id).Select(p => p.Code).SingleAsync());
        Assert.Equal(1, await check.Procedures.CountAsync(p => p.Code == "P-9"));
    }

    private static async Task<int> DepartmentOfAsync(TestDatabase database, int procedureId)
    {
        await using var db = database.CreateDbContext();
        return await db.Procedures.Where(p => p.Id == procedureId).Select(p => p.DepartmentId).SingleAsync();
    }

    /// <summary>Contexts on the test database whose first save of a changed procedure lets <paramref name="race"/> commit first.</summary>
    private sealed class RacingFactory(TestDatabase database, Func<Task> race) : SaveChangesInterceptor, IDbContextFactory<DxDbContext>
    {
        public bool Raced { get; private set; }

        public DxDbContext CreateDbContext() =>
            new(new DbContextOptionsBuilder<DxDbContext>(database.Options).AddInterceptors(this).Options);

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (!Raced && eventData.Context!.ChangeTracker.Entries<Procedure>().Any(e => e.State == EntityState.Modified))
            {
                Raced = true;
                await race();
            }
            return result;
        }
    }
}
