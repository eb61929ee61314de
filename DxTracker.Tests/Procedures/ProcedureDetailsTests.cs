using DxTracker.Domain.Identity;
using DxTracker.Domain.Procedures;
using DxTracker.Tests.Support;

namespace DxTracker.Tests.Procedures;

/// <summary>The procedure page's load on a real database: everything the page shows, ordered as it shows it.</summary>
public sealed class ProcedureDetailsTests : IAsyncLifetime
{
    private static readonly DateTime Now = new(2026, 6, 1, 3, 0, 0, DateTimeKind.Utc);
    private TestDatabase _database = default!;

    public async ValueTask InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Load_returns_objections_open_first_volumes_newest_year_first_and_the_timeline_newest_first()
    {
        var department = (await _database.AddDepartmentsAsync("KOSEKI"))[0];
        var dx = await _database.AddUserAsync(Role.DxTeam, name: "山田 花子");
        int id;
        await using (var db = _database.CreateDbContext())
        {
            var p = Procedure.Create(department.Id, new ProcedureFields { Code = "P-001", Name = "転入届" }, dx, Now.AddDays(-30));
            p.SetVolume(2023, 100, 10, dx, Now.AddDays(-30));
            p.SetVolume(2025, 300, 30, dx, Now.AddDays(-30));
            p.SetVolume(2024, 200, 20, dx, Now.AddDays(-30));
            p.MoveTo(ProcedureStatus.UnderReview, dx, Now.AddDays(-20));
            var closed = p.RaiseObjection(new NewObjection(ObjectionCategory.NoSystem, "システムがない"), dx, Now.AddDays(-15));
            p.CloseObjection(closed, ObjectionOutcome.Countered, dx, Now.AddDays(-12));
            p.MoveTo(ProcedureStatus.ObjectionRaised, dx, Now.AddDays(-10), new MoveDetails(Objection: new NewObjection(ObjectionCategory.Seal, "押印")));
            db.Procedures.Add(p);
            await db.SaveChangesAsync();
            id = p.Id;
        }

        await using var read = _database.CreateDbContext();
        var details = await ProcedureDetails.LoadAsync(read, id);

        Assert.NotNull(details);
        Assert.Equal(("KOSEKI課", "テスト部", ProcedureStatus.ObjectionRaised), (details.DepartmentName, details.DivisionName, details.Status));
        Assert.Equal([2025, 2024, 2023], details.Volumes.Select(v => v.FiscalYear));
        Assert.Equal([ObjectionCategory.Seal, ObjectionCategory.NoSystem], details.Objections.Select(o => o.Category));
        Assert.True(details.HasOpenObjection);
        Assert.Equal([ProcedureStatus.ObjectionRaised, ProcedureStatus.UnderReview],
            details.Timeline.Where(e => e.Kind == TimelineKind.StatusChanged).Select(e => e.To!.Value));
        Assert.Equal(details.Timeline.OrderByDescending(e => e.AtUtc).Select(e => (e.Kind, e.AtUtc)), details.Timeline.Select(e => (e.Kind, e.AtUtc)));
        Assert.Contains(details.Timeline, e => e.Kind == TimelineKind.ObjectionClosed && e.Outcome == ObjectionOutcome.Countered);
        Assert.Null(await ProcedureDetails.LoadAsync(read, id + 1000));
    }
}
