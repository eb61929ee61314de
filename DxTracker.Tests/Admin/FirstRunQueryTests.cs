using DxTracker.Domain.Identity;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reminders;
using DxTracker.Domain.Setup;
using DxTracker.Tests.Support;
using static DxTracker.Tests.Excel.ExcelFixtures;

namespace DxTracker.Tests.Admin;

public sealed class FirstRunQueryTests
{
    [Fact]
    public async Task Each_first_run_step_is_ticked_when_its_work_is_done_and_all_are_done_at_the_end()
    {
        await using var database = await TestDatabase.CreateAsync();
        var query = new FirstRunQuery(database);
        var dx = await database.AddUserAsync(Role.DxTeam);
        Assert.Equal(new FirstRunSteps(false, false, false, false), await query.StepsAsync(TestContext.Current.CancellationToken));

        var departments = await database.AddDepartmentsAsync("K01");
        Assert.Equal(new FirstRunSteps(true, false, false, false), await query.StepsAsync(TestContext.Current.CancellationToken));

        // A user in the head role without a department heads nothing yet.
        await database.AddUserAsync(Role.DepartmentHead);
        Assert.False((await query.StepsAsync(TestContext.Current.CancellationToken)).Heads);
        await database.AddUserAsync(Role.DepartmentHead, departments[0].Id);
        await AddProceduresAsync(database, dx, departments[0].Id, 1, Now);
        Assert.Equal(new FirstRunSteps(true, true, true, false), await query.StepsAsync(TestContext.Current.CancellationToken));

        var reminders = new ReminderService(database, TimeProvider.System, database.Audit(TimeProvider.System));
        await reminders.SaveThresholdsAsync(dx.UserId, new Dictionary<ProcedureStatus, int> { [ProcedureStatus.UnderReview] = 45 }, TestContext.Current.CancellationToken);
        var steps = await query.StepsAsync(TestContext.Current.CancellationToken);
        Assert.Equal(new FirstRunSteps(true, true, true, true), steps);
        Assert.True(steps.AllDone);
    }
}
