using System.Net;
using DxTracker.App.Hosting;
using DxTracker.Domain.Audit;
using DxTracker.Domain.Data;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reminders;
using DxTracker.Tests.Support;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static DxTracker.Tests.Support.HangfireJobs;

namespace DxTracker.Tests.EndToEnd;

[Collection(AppCollection.Name)]
public sealed class ReminderTests(AppFixture app)
{
    [Fact]
    public async Task Anonymous_visitors_are_refused_the_job_dashboard()
    {
        var page = await app.NewPageAsync();
        var response = await page.Context.APIRequest.GetAsync("/jobs", new() { MaxRedirects = 0 });
        Assert.Equal((int)HttpStatusCode.Unauthorized, response.Status);
        Assert.DoesNotContain("Hangfire", await response.TextAsync());
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("manager")]
    [InlineData("head")]
    public async Task Signed_in_users_other_than_the_dx_team_are_refused_the_job_dashboard(string who)
    {
        var email = who == "manager" ? DemoSetup.ManagerEmail : (await NewHeadAsync()).Email;
        var page = await app.SignInAsync(email);
        var factory = app.Factory.Services.GetRequiredService<IDbContextFactory<DxDbContext>>();
        long before;
        await using (var db0 = await factory.CreateDbContextAsync())
            // The demo manager is shared by the collection's tests (the sign-in tests open /jobs as the manager too).
            before = await db0.AuditEntries.MaxAsync(a => (long?)a.Id) ?? 0;

        foreach (var path in new[] { "/jobs", "/jobs/recurring", "/jobs/stats" })
        {
            var response = await page.Context.APIRequest.GetAsync(path, new() { MaxRedirects = 0 });
            Assert.Equal((int)HttpStatusCode.Forbidden, response.Status);
            Assert.DoesNotContain(StalledItemsJobId, await response.TextAsync());
        }
        await using var db = await factory.CreateDbContextAsync();
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        var refusals = await db.AuditEntries.AsNoTracking().Where(a => a.Action == AuditActions.DashboardViewed && a.UserId == userId && a.Id > before)
            .OrderBy(a => a.Id).Select(a => new { a.Target, a.Succeeded, a.Detail }).ToListAsync();
        Assert.Equal(["/jobs", "/jobs/recurring", "/jobs/stats"], refusals.Select(r => r.Target));
        Assert.All(refusals, r => Assert.Equal((false, "NotPermitted"), (r.Succeeded, r.Detail)));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_dx_team_opens_the_job_dashboard_and_sees_the_recurring_job()
    {
        var page = await app.SignInAsync(DemoSetup.DxTeamEmail);
        var console = new List<string>();
        page.Console += (_, message) => console.Add(message.Text);
        var since = DateTime.UtcNow.AddSeconds(-1);
        // The dashboard's own script runs under the CSP: it polls the live statistics for the side menu.
        var stats = page.WaitForResponseAsync(r => r.Url.EndsWith("/jobs/stats", StringComparison.Ordinal), new() { Timeout = 15_000 });

        var response = await page.GotoAsync("/jobs/recurring");

        Assert.Equal((int)HttpStatusCode.OK, response!.Status);
        Assert.Contains(StalledItemsJobId, await page.ContentAsync());
        Assert.Equal((int)HttpStatusCode.OK, (await stats).Status);
        Assert.DoesNotContain(console, m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
        await using var db = await app.Factory.Services.GetRequiredService<IDbContextFactory<DxDbContext>>().CreateDbContextAsync();
        var views = await db.AuditEntries.AsNoTracking()
            .Where(a => a.Action == AuditActions.DashboardViewed && a.Target == "/jobs/recurring" && a.Succeeded && a.AtUtc >= since)
            .Select(a => a.UserName).ToListAsync();
        Assert.Contains(views, n => n is not null);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task After_run_now_a_department_head_sees_the_bell_rise_and_opens_the_procedure()
    {
        var services = app.Factory.Services;
        var (department, email) = await NewHeadAsync();
        var dx = await AppData.DxTeamActorAsync(services);
        var factory = services.GetRequiredService<IDbContextFactory<DxDbContext>>();
        var procedure = await StallData.AddProcedureAsync(factory, department, dx, DateTime.UtcNow.AddDays(-75), ProcedureStatus.UnderReview, "犬の登録申請");

        var head = await app.SignInAsync(email);
        // Signed in (off the sign-in page, on an interactive page whose bell has read this head's count): none yet.
        Assert.DoesNotContain("/account/login", head.Url, StringComparison.Ordinal);
        var bell = head.Locator("[data-testid=reminder-bell]");
        await bell.WaitForAsync(new() { Timeout = 20_000 });
        Assert.Equal("0", await bell.GetAttributeAsync("data-count"));

        var storage = services.GetRequiredService<JobStorage>();
        var lastRun = LastRunOfTheStallJob(storage);
        var dxPage = await app.SignInAsync(DemoSetup.DxTeamEmail);
        await dxPage.GotoInteractiveAsync("/settings/reminders");
        await dxPage.ClickAsync("[data-testid=run-now]");
        await dxPage.GetByText("実行を開始しました").WaitForAsync();
        await dxPage.Context.CloseAsync();

        // "Run now" created a new run of the recurring job; it waits for a worker's queue poll, and a loaded machine
        // scans the demo ward slowly: wait for that run (not any job) to finish, then for its reminder in the database.
        var run = LastRunOfTheStallJob(storage);
        Assert.True(run is not null && run != lastRun, $"run-now created no new run of the job (last run {lastRun}, now {run})");
        await WaitForStateAsync(storage, run!, "Succeeded", seconds: 120);
        await using (var db = await factory.CreateDbContextAsync())
            Assert.Equal(1, await db.Reminders.CountAsync(r => r.ItemId == procedure && r.Kind == ReminderKind.StalledProcedure && r.ReadAtUtc == null
                && db.Users.Any(u => u.Id == r.UserId && u.Email == email)));

        // The bell re-reads the count on navigation (and every minute): move between pages until it shows the reminder.
        var moves = 0;
        await Waiting.UntilAsync("the head's bell to count the reminder written by the run of run-now", TimeSpan.FromSeconds(30), async () =>
        {
            if (await bell.GetAttributeAsync("data-count") != "0")
                return true;
            await head.ClickAsync($"[data-testid=nav] a[href='{(moves++ % 2 == 0 ? "/about" : "/")}']");
            return false;
        }, TimeSpan.FromMilliseconds(500));
        Assert.Equal("1", await bell.GetAttributeAsync("data-count"));
        Assert.Equal("1", await head.Locator("[data-testid=reminder-bell] .mud-badge").InnerTextAsync());

        await head.ClickAsync("[data-testid=reminder-bell] a");
        await head.WaitForURLAsync("**/reminders");
        var link = head.Locator("[data-testid=reminder-link]", new() { HasText = "犬の登録申請" });
        await link.ClickAsync();
        await head.WaitForURLAsync($"**/procedures/{procedure}");

        // Opening the reminder marked it read (the click's handler may finish just after the navigation).
        await Waiting.UntilAsync("the opened reminder to be marked read", TimeSpan.FromSeconds(10), async () =>
        {
            await using var db = await factory.CreateDbContextAsync();
            return await db.Reminders.Where(r => r.ItemId == procedure && r.Kind == ReminderKind.StalledProcedure
                && db.Users.Any(u => u.Id == r.UserId && u.Email == email)).Select(r => r.ReadAtUtc).SingleAsync() is not null;
        });
        await head.Context.CloseAsync();
    }

    [Fact]
    public async Task A_fresh_demo_shows_its_stalled_items_under_the_bell_at_once()
    {
        var factory = app.Factory.Services.GetRequiredService<IDbContextFactory<DxDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        // A demo department with a stalled procedure now, and its head.
        var stalled = await StallRule.Stalled(db, await StallRule.ThresholdsAsync(db), DateTime.UtcNow)
            .Where(p => p.Department!.Code.StartsWith("D")).OrderBy(p => p.Id)
            .Select(p => new { p.Id, p.Department!.Code }).FirstAsync();
        string[] emails = [DemoSetup.HeadEmail(stalled.Code), DemoSetup.DxTeamEmail];

        foreach (var email in emails)
        {
            // Written by the scan right after seeding: before the app served its first request, not by a run of the job.
            var unread = await db.Reminders.Where(r => r.ReadAtUtc == null && db.Users.Any(u => u.Id == r.UserId && u.Email == email)).ToListAsync();
            Assert.Contains(unread, r => r.Kind == ReminderKind.StalledProcedure && r.ItemId == stalled.Id && r.CreatedAtUtc <= app.StartedAtUtc);

            var page = await app.SignInAsync(email);
            var count = int.Parse((await page.Locator("[data-testid=reminder-bell]").GetAttributeAsync("data-count"))!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(count >= unread.Count && unread.Count > 0, $"{email}: bell {count}, unread {unread.Count}");
            await Assertions.Expect(page.Locator("[data-testid=reminder-bell] .mud-badge")).ToBeVisibleAsync();
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_department_head_cannot_open_the_reminder_settings()
    {
        var page = await app.SignInAsync((await NewHeadAsync()).Email);
        var refused = await page.GotoAsync("/settings/reminders");
        // A signed-in user of another role is told so (403, the forbidden page inside the app), not sent to sign in again.
        Assert.Equal(403, refused!.Status);
        await Assertions.Expect(page.Locator("[data-testid=forbidden-home]")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("[data-testid=run-now]").CountAsync());
        await page.Context.CloseAsync();
    }

    /// <summary>The id of the stall job's latest run (what "run now" and the schedule last created), if any.</summary>
    private static string? LastRunOfTheStallJob(JobStorage storage)
    {
        using var connection = storage.GetConnection();
        return connection.GetRecurringJobs([StalledItemsJobId]).Single().LastJobId;
    }

    private const string StalledItemsJobId = App.Jobs.StalledItemsJob.Id;

    private async Task<(int DepartmentId, string Email)> NewHeadAsync()
    {
        var (department, _, email) = await AppData.AddDepartmentWithHeadAsync(app.Factory.Services);
        return (department, email);
    }
}
