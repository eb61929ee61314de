using System.Globalization;
using DxTracker.App.Hosting;
using DxTracker.Domain.Data;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reminders;
using DxTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DxTracker.Tests.EndToEnd;

[Collection(AppCollection.Name)]
[Trait("Database", "Sqlite")] // browser only: the SQLite pass (AppCollection)
public sealed class HomeTests(AppFixture app)
{
    [Fact]
    public async Task A_head_sees_their_own_department_first_with_linked_counts_and_an_overdue_follow_up()
    {
        var (department, _, email) = await AppData.AddDepartmentWithHeadAsync(app.Factory.Services);
        var dx = await AppData.DxTeamActorAsync(app.Factory.Services);
        var factory = app.Factory.Services.GetRequiredService<IDbContextFactory<DxDbContext>>();
        var now = DateTime.UtcNow;
        await StallData.AddProcedureAsync(factory, department, dx, now.AddDays(-1), ProcedureStatus.UnderReview);
        await StallData.AddProcedureAsync(factory, department, dx, now.AddDays(-200), ProcedureStatus.UnderReview);
        var due = DateOnly.FromDateTime(now.AddHours(9)).AddDays(-3);
        await StallData.AddHearingAsync(factory, department, due.AddDays(-30), due);
        await using var db = await factory.CreateDbContextAsync();
        var name = await db.Departments.Where(d => d.Id == department).Select(d => d.Name).SingleAsync();

        var page = await app.SignInAsync(email);
        await page.GotoInteractiveAsync("/");

        Assert.Equal(name, (await page.TextContentAsync("[data-testid=home-department-name]"))?.Trim());
        var underReview = page.Locator("[data-testid=home-status-count][data-status=UnderReview]");
        Assert.Equal($"/procedures?dept={department}&status=UnderReview", await underReview.GetAttributeAsync("href"));
        Assert.Equal("2件", (await page.TextContentAsync("[data-testid=home-status-count][data-status=UnderReview] [data-testid=home-status-count-value]"))?.Trim());
        Assert.Equal("1件", (await page.TextContentAsync("[data-testid=home-stalled-value]"))?.Trim());
        Assert.Equal($"/procedures?dept={department}&stalled=true", await page.Locator("[data-testid=home-stalled]").GetAttributeAsync("href"));
        var followUp = page.Locator("[data-testid=home-followups] [data-testid=home-followup]");
        Assert.Equal("true", await followUp.GetAttributeAsync("data-overdue"));
        Assert.Contains("期限切れ " + due.ToString("yyyy年M月d日", CultureInfo.InvariantCulture), await followUp.TextContentAsync());

        await page.ClickAsync("[data-testid=home-department-link]");
        await page.WaitForURLAsync($"**/departments/{department}");
        Assert.Equal(name, (await page.TextContentAsync("[data-testid=department-title]"))?.Trim());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_dx_team_sees_todays_work_with_its_unread_reminders()
    {
        var page = await app.SignInAsync(DemoSetup.DxTeamEmail);
        await page.GotoInteractiveAsync("/");
        var dx = await AppData.DxTeamActorAsync(app.Factory.Services);
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var unread = await scope.ServiceProvider.GetRequiredService<ReminderService>().UnreadCountAsync(dx.UserId);

        // The interactive render replaces the prerendered page once its figures are loaded.
        await page.WaitForSelectorAsync("[data-testid=home-today]");
        Assert.Equal(0, await page.Locator("[data-testid=home-department]").CountAsync());
        Assert.Equal("/reminders", await page.Locator("[data-testid=home-today] [data-testid=home-reminders]").GetAttributeAsync("href"));
        Assert.Equal(unread.ToString("N0", CultureInfo.InvariantCulture) + "件", (await page.TextContentAsync("[data-testid=home-reminders-value]"))?.Trim());
        Assert.True(await page.Locator("[data-testid=home-board]").IsVisibleAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_dx_teams_more_overdue_link_opens_the_follow_ups_filtered_to_the_overdue_ones()
    {
        var (department, _, _) = await AppData.AddDepartmentWithHeadAsync(app.Factory.Services);
        var factory = app.Factory.Services.GetRequiredService<IDbContextFactory<DxDbContext>>();
        // More overdue ones than the home page lists, the longest overdue in the ward, and one due later.
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9));
        DateOnly[] due = [.. Enumerable.Range(1, 6).Select(i => new DateOnly(2001, 1, i)), today.AddDays(30)];
        await StallData.AddHearingAsync(factory, department, new DateOnly(2000, 12, 1), due);
        await using var db = await factory.CreateDbContextAsync();
        var name = await db.Departments.Where(d => d.Id == department).Select(d => d.Name).SingleAsync();

        var page = await app.SignInAsync(DemoSetup.DxTeamEmail);
        await page.GotoInteractiveAsync("/");
        await page.ClickAsync("[data-testid=home-more-overdue]");

        await page.WaitForURLAsync(url => url.EndsWith("/hearings/follow-ups?show=overdue", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("[data-testid=followup-filter-overdue]")).ToHaveAttributeAsync("data-selected", "true");
        var rows = page.Locator("[data-testid=followups-table] tbody tr");
        await Assertions.Expect(rows.Filter(new() { HasText = name })).ToHaveCountAsync(6);
        await Assertions.Expect(rows.Filter(new() { HasNot = page.Locator("[data-testid=overdue]") })).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }
}
