using DxTracker.Domain;
using DxTracker.Domain.Identity;
using DxTracker.Domain.National;
using DxTracker.Domain.Procedures;
using DxTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace DxTracker.Tests.National;

public sealed class NationalLinkTests
{
    private static readonly DateTime Now = new(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);

    private sealed record World(TestDatabase Database, NationalLinkService Service, Actor Dx, Actor Head, Actor OtherHead, Actor Manager, Dictionary<string, int> Ids);

    private static async Task<World> CreateAsync()
    {
        var database = await TestDatabase.CreateAsync();
        await using (var db = database.CreateDbContext())
            await NationalCatalogue.LoadAsync(db);
        var departments = await database.AddDepartmentsAsync("D1", "D2");
        var dx = await database.AddUserAsync(Role.DxTeam);
        var head = await database.AddUserAsync(Role.DepartmentHead, departments[0].Id);
        var otherHead = await database.AddUserAsync(Role.DepartmentHead, departments[1].Id);
        var manager = await database.AddUserAsync(Role.Manager);
        var ids = new Dictionary<string, int>();
        await using (var db = database.CreateDbContext())
        {
            foreach (var (code, name, law, status) in new[]
            {
                ("P-1", "住民票の写し等の交付請求", "住民基本台帳法", ProcedureStatus.ObjectionRaised),
                ("P-2", "転入届", "住民基本台帳法", ProcedureStatus.UnderReview),
                ("P-3", "児童手当の認定の請求", "児童手当法", ProcedureStatus.Digitized),
            })
            {
                var p = Procedure.Create(departments[0].Id, new ProcedureFields { Code = code, Name = name, LawName = law }, dx, Now.AddDays(-30));
                if (status != ProcedureStatus.UnderReview)
                    p.MoveTo(status == ProcedureStatus.Digitized ? ProcedureStatus.InProgress : ProcedureStatus.UnderReview, dx, Now.AddDays(-20));
                p.MoveTo(status, dx, Now.AddDays(-10), new MoveDetails(OnlineFormUrl: "https://example.jp/f", Objection: new NewObjection(ObjectionCategory.IdentityVerification, "窓口で本人確認が必要")));
                db.Procedures.Add(p);
                await db.SaveChangesAsync();
                ids[code] = p.Id;
            }
        }
        return new World(database, new NationalLinkService(database, new FakeTimeProvider(Now), database.Audit(new FakeTimeProvider(Now)), new NationalMatcherCache(database)), dx, head, otherHead, manager, ids);
    }

    [Fact]
    public async Task Suggestions_list_unlinked_procedures_with_the_right_first_match_and_bulk_accept_links_them()
    {
        var w = await CreateAsync();
        await using var _ = w.Database;
        var (total, page) = await w.Service.SuggestAsync(0, 10);
        Assert.Equal(3, total);
        Assert.Equal(["9108", "9062", "204038"], page.Select(s => s.Matches[0].NationalId));

        var linked = await w.Service.AcceptAsync(w.Dx.UserId, page.Select(s => (s.ProcedureId, s.Matches[0].NationalId)).ToList());
        Assert.Equal(3, linked);
        Assert.Equal(0, (await w.Service.SuggestAsync(0, 10)).Total);
        await using var db = w.Database.CreateDbContext();
        Assert.Equal("9108", (await db.Procedures.SingleAsync(p => p.Code == "P-1")).NationalProcedureId);
    }

    [Fact]
    public async Task Bulk_accept_is_DxTeam_only_and_single_links_follow_department_scope()
    {
        var w = await CreateAsync();
        await using var _ = w.Database;
        var link = new[] { (w.Ids["P-1"], "9108") };
        await Assert.ThrowsAsync<AccessDeniedException>(() => w.Service.AcceptAsync(w.Head.UserId, link));
        await Assert.ThrowsAsync<AccessDeniedException>(() => w.Service.AcceptAsync(w.Manager.UserId, link));
        await Assert.ThrowsAsync<AccessDeniedException>(() => w.Service.LinkAsync(w.OtherHead.UserId, w.Ids["P-1"], "9108"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => w.Service.LinkAsync(w.Manager.UserId, w.Ids["P-1"], "9108"));
        Assert.Equal(DomainError.NotFound, (await Assert.ThrowsAsync<DomainException>(() => w.Service.LinkAsync(w.Head.UserId, w.Ids["P-1"], "no-such-id"))).Error);

        await w.Service.LinkAsync(w.Head.UserId, w.Ids["P-1"], "9108");
        await using var db = w.Database.CreateDbContext();
        Assert.Equal("9108", (await db.Procedures.SingleAsync(p => p.Id == w.Ids["P-1"])).NationalProcedureId);
        Assert.Null((await db.Procedures.SingleAsync(p => p.Id == w.Ids["P-2"])).NationalProcedureId);
    }

    [Fact]
    public async Task Evidence_finds_paper_here_online_nationally_and_the_objections_it_contradicts()
    {
        var w = await CreateAsync();
        await using var _ = w.Database;
        await w.Service.AcceptAsync(w.Dx.UserId, [(w.Ids["P-1"], "9108"), (w.Ids["P-2"], "9062"), (w.Ids["P-3"], "204038")]);
        await using var db = w.Database.CreateDbContext();

        var facts = await NationalEvidence.ForNationalIdAsync(db, "9108");
        Assert.NotNull(facts);
        Assert.True(facts.IsOnline);
        Assert.Equal((123490614L, 61745307L), (facts.TotalCount!.Value, facts.OnlineCount!.Value));
        Assert.Equal(0.5, facts.UsageRate!.Value, 3);

        // P-1 (住民票, online nationally, objection here) is the only one: P-2's counterpart is not online, P-3 is digitized here.
        var (count, top) = await NationalEvidence.PaperHereOnlineNationallyAsync(db, NationalEvidence.DefaultPopulationShare, 10);
        Assert.Equal(1, count);
        var row = Assert.Single(top);
        Assert.Equal(("P-1", 901481L), (row.Code, row.WardEstimate!.Value));

        var contradicted = await NationalEvidence.ContradictedObjectionsAsync(db, departmentId: null);
        var objection = Assert.Single(contradicted);
        Assert.Equal(("P-1", ObjectionCategory.IdentityVerification), (objection.ProcedureCode, objection.Category));
        Assert.Empty(await NationalEvidence.ContradictedObjectionsAsync(db, departmentId: -1));
    }
}
