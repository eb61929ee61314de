using DxTracker.Domain.Hearings;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Procedures;
using DxTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Tests.Hearings;

public sealed class PlaybookTests
{
    private static readonly DateTime Now = new(2026, 4, 10, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Seal ×3 (D1 countered on day 5 "R1", D2 countered on day 9 "R2", D1 open); IdentityVerification ×2
    /// (D1 accepted, D1 countered without rebuttal); FeePayment ×1 (D2 open).</summary>
    private static async Task<(TestDatabase Database, int D1, int D2)> BuildAsync()
    {
        var database = await TestDatabase.CreateAsync();
        var departments = await database.AddDepartmentsAsync("P1", "P2");
        var (d1, d2) = (departments[0].Id, departments[1].Id);
        var dx = await database.AddUserAsync(Role.DxTeam);
        (int Department, ObjectionCategory Category, string? Rebuttal, ObjectionOutcome Outcome, int ClosedOnDay)[] plan =
        [
            (d1, ObjectionCategory.Seal, "R1", ObjectionOutcome.Countered, 5),
            (d2, ObjectionCategory.Seal, "R2", ObjectionOutcome.Countered, 9),
            (d1, ObjectionCategory.Seal, "R3", ObjectionOutcome.Open, 0),
            (d1, ObjectionCategory.IdentityVerification, "R4", ObjectionOutcome.Accepted, 3),
            (d1, ObjectionCategory.IdentityVerification, null, ObjectionOutcome.Countered, 4),
            (d2, ObjectionCategory.FeePayment, null, ObjectionOutcome.Open, 0),
        ];
        var procedures = new List<Procedure>();
        await using (var db = database.CreateDbContext())
        {
            for (var i = 0; i < plan.Length; i++)
            {
                var p = Procedure.Create(plan[i].Department, new ProcedureFields { Code = $"P-{i}", Name = $"手続{i}" }, dx, Now);
                p.RaiseObjection(new NewObjection(plan[i].Category, $"課題{i}", plan[i].Rebuttal), dx, Now.AddDays(i));
                procedures.Add(p);
            }
            db.Procedures.AddRange(procedures);
            await db.SaveChangesAsync();
        }
        await using (var db = database.CreateDbContext())
        {
            for (var i = 0; i < plan.Length; i++)
            {
                if (plan[i].Outcome == ObjectionOutcome.Open)
                    continue;
                var p = await db.Procedures.Include(x => x.Objections).SingleAsync(x => x.Id == procedures[i].Id);
                p.CloseObjection(p.Objections[0].Id, plan[i].Outcome, dx, Now.AddDays(plan[i].ClosedOnDay));
            }
            await db.SaveChangesAsync();
        }
        return (database, d1, d2);
    }

    [Fact]
    public async Task Figures_count_raised_countered_accepted_and_open_per_category()
    {
        var (database, _, _) = await BuildAsync();
        await using var _database = database;
        await using var db = database.CreateDbContext();

        var figures = await Playbook.FiguresAsync(db, []);

        Assert.Equal(
            [
                new CategoryFigures(ObjectionCategory.Seal, 3, 2, 0, 1),
                new CategoryFigures(ObjectionCategory.IdentityVerification, 2, 1, 1, 0),
                new CategoryFigures(ObjectionCategory.FeePayment, 1, 0, 0, 1),
            ],
            figures);
        Assert.Equal([2.0 / 3, 0.5, 0.0], figures.Select(f => f.CounteredShare!.Value));
    }

    [Fact]
    public async Task Worked_rebuttals_are_the_countered_ones_with_a_rebuttal_newest_first_with_procedure_and_department()
    {
        var (database, d1, d2) = await BuildAsync();
        await using var _database = database;
        await using var db = database.CreateDbContext();

        var worked = await Playbook.WorkedRebuttalsAsync(db, [], take: 10);

        Assert.Equal(["R2", "R1"], worked.Select(w => w.Rebuttal));
        Assert.Equal([(d2, "P2課", "P-1"), (d1, "P1課", "P-0")], worked.Select(w => (w.DepartmentId, w.DepartmentName, w.ProcedureCode)));
    }

    [Fact]
    public async Task A_category_filter_narrows_figures_and_rebuttals()
    {
        var (database, _, _) = await BuildAsync();
        await using var _database = database;
        await using var db = database.CreateDbContext();

        var figures = await Playbook.FiguresAsync(db, [ObjectionCategory.IdentityVerification, ObjectionCategory.Other]);
        var worked = await Playbook.WorkedRebuttalsAsync(db, [ObjectionCategory.IdentityVerification], take: 10);

        Assert.Equal([new CategoryFigures(ObjectionCategory.IdentityVerification, 2, 1, 1, 0)], figures);
        Assert.Empty(worked);
    }

    [Fact]
    public async Task A_department_raised_its_own_categories_and_has_its_own_open_objections()
    {
        var (database, d1, d2) = await BuildAsync();
        await using var _database = database;
        await using var db = database.CreateDbContext();

        Assert.Equal([ObjectionCategory.Seal, ObjectionCategory.IdentityVerification], (await Playbook.CategoriesRaisedByAsync(db, d1)).Order());
        Assert.Equal([ObjectionCategory.Seal, ObjectionCategory.FeePayment], (await Playbook.CategoriesRaisedByAsync(db, d2)).Order());
        Assert.Equal(["課題2"], (await Playbook.DepartmentObjectionsAsync(db, d1, openOnly: true)).Select(o => o.Description));
        Assert.Equal(["課題4", "課題3", "課題2", "課題0"], (await Playbook.DepartmentObjectionsAsync(db, d1, openOnly: false)).Select(o => o.Description));
    }
}
