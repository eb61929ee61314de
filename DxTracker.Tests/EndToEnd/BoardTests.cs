using System.Globalization;
using System.Net;
using DxTracker.App.Hosting;
using DxTracker.Domain.Data;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Organisation;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reporting;
using DxTracker.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DxTracker.Tests.EndToEnd;

[Collection(AppCollection.Name)]
[Trait("Database", "Sqlite")] // browser only: the SQLite pass (AppCollection)
public sealed class BoardTests(AppFixture app)
{
    private const string ObjectionText = "窓口で原本を確認する必要があるとの意見（公開不可）";

    [Fact]
    public async Task A_manager_switches_the_fiscal_year_and_the_figures_and_trend_follow()
    {
        await SeedAsync();
        var (current, past) = await ExpectedAsync();
        Assert.NotEqual(current.Metrics.ShareByCount, past.Metrics.ShareByCount);

        var page = await app.SignInAsync(DemoSetup.ManagerEmail);
        await page.ClickAsync("[data-testid=nav] a[href='/board']");
        await page.WaitForSelectorAsync("[data-testid=board-metrics]");
        // The office's name (Office:Name) beside the app's name.
        Assert.Equal("デモ区役所", await page.TextContentAsync("[data-testid=office-name]"));
        Assert.Equal(Parts(current.Metrics.ShareByCount), await PartsShownAsync(page));
        Assert.True(await page.Locator("[data-testid=board-trend] svg path").CountAsync() > 0);

        await page.ClickAsync("[data-testid=board-year]");
        await page.ClickAsync(".mud-popover-open .mud-list-item:has-text('令和3年度')");
        await page.WaitForSelectorAsync("[data-testid=board-metrics][data-year='2021']");
        Assert.Equal(Parts(past.Metrics.ShareByCount), await PartsShownAsync(page));
        Assert.Contains("2022年3月31日時点", await page.TextContentAsync("[data-testid=board-as-of]"));

        // The departments come 25 to a page (a phone would otherwise scroll past 200 cards), and "すべて" shows them all.
        var units = page.Locator("[data-testid=board-units] tbody tr");
        var info = await page.Locator("[data-testid=board-units] .mud-table-page-number-information").InnerTextAsync();
        var all = int.Parse(System.Text.RegularExpressions.Regex.Match(info, @"^1～25件 / 全(\d+)件$").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(all > 25, $"the demo ward's board lists {all} departments");
        Assert.Equal(25, await units.CountAsync());
        await page.ClickAsync("[data-testid=board-units] .mud-table-pagination .mud-select");
        await page.ClickAsync(".mud-popover-open .mud-list-item:has-text('すべて')");
        await Assertions.Expect(units).ToHaveCountAsync(all);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_public_page_is_404_until_switched_on_and_then_shows_figures_without_names_or_objection_text()
    {
        await SeedAsync();
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        var page = await app.NewPageAsync();
        Assert.Equal(404, (await page.GotoAsync("/public"))!.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/public/board.csv", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/public/board.json", TestContext.Current.CancellationToken)).StatusCode);

        app.SetPublicBoard(true);
        try
        {
            Assert.Equal(200, (await page.GotoAsync("/public"))!.Status);
            Assert.Contains("/public", page.Url);
            var text = await page.InnerTextAsync("body");
            Assert.Contains("行政手続のオンライン化の状況", text);
            Assert.Equal("デモ区役所", await page.TextContentAsync("[data-testid=office-name]"));
            Assert.True(await page.Locator("[data-testid=board-trend] svg path").CountAsync() > 0);
            var csv = await http.GetStringAsync("/public/board.csv", TestContext.Current.CancellationToken);
            Assert.Contains("\"令和3年度\",2021,", csv);
            var json = await http.GetStringAsync("/public/board.json", TestContext.Current.CancellationToken);
            Assert.Contains("\"fiscalYear\":2021", json);
            var names = await UserNamesAsync();
            foreach (var published in new[] { text, csv, json })
            {
                Assert.DoesNotContain(ObjectionText, published);
                Assert.DoesNotContain(names, published.Contains);
            }
        }
        finally
        {
            app.SetPublicBoard(false);
        }
        Assert.Equal(404, (await page.GotoAsync("/public"))!.Status);
        await page.Context.CloseAsync();
    }

    private async Task<(UnitFigures Current, UnitFigures Past)> ExpectedAsync()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var query = scope.ServiceProvider.GetRequiredService<BoardQuery>();
        return (await query.TotalAsync(query.CurrentYear), await query.TotalAsync(new FiscalYear(2021)));
    }

    private static string Parts(Ratio r) => string.Create(CultureInfo.GetCultureInfo("ja-JP"), $"{r.Numerator:N0} / {r.Denominator:N0}");

    private static async Task<string> PartsShownAsync(Microsoft.Playwright.IPage page) =>
        (await page.TextContentAsync("[data-testid=board-metrics] [data-testid=metric-share-count-parts]"))!.Trim();

    private async Task<List<string>> UserNamesAsync()
    {
        var factory = app.Factory.Services.GetRequiredService<IDbContextFactory<DxDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        return await db.Users.Select(u => u.DisplayName).ToListAsync();
    }

    /// <summary>A department whose procedures were digitized in FY2021 (令和3年度) or are digitized only now, one with an open
    /// objection. Idempotent: both tests share the app.</summary>
    private async Task SeedAsync()
    {
        var factory = app.Factory.Services.GetRequiredService<IDbContextFactory<DxDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        if (await db.Departments.AnyAsync(d => d.Code == "E2E-BOARD"))
            return;
        var division = new Division { Code = "E2E-BOARD-DIV", Name = "ボード検証部" };
        var department = new Department { Code = "E2E-BOARD", Name = "ボード検証課", Division = division };
        db.Departments.Add(department);
        await db.SaveChangesAsync();
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var dxUser = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(DemoSetup.DxTeamEmail);
        var dx = await Actors.LoadAsync(db, dxUser!.Id);
        var created = new DateTime(2020, 5, 1, 0, 0, 0, DateTimeKind.Utc);
        var early = Procedure.Create(department.Id, new ProcedureFields { Code = "E2E-B-1", Name = "検証用の届出" }, dx, created);
        early.SetVolume(2021, 5000, 1200, dx, created);
        early.MoveTo(ProcedureStatus.InProgress, dx, new DateTime(2021, 6, 1, 0, 0, 0, DateTimeKind.Utc));
        early.MoveTo(ProcedureStatus.Digitized, dx, new DateTime(2021, 9, 1, 0, 0, 0, DateTimeKind.Utc), new MoveDetails(OnlineFormUrl: "https://form.example.jp/e2e-1"));
        var late = Procedure.Create(department.Id, new ProcedureFields { Code = "E2E-B-2", Name = "検証用の申請" }, dx, created);
        late.SetVolume(2021, 800, null, dx, created);
        late.MoveTo(ProcedureStatus.InProgress, dx, new DateTime(2021, 6, 1, 0, 0, 0, DateTimeKind.Utc));
        late.MoveTo(ProcedureStatus.Digitized, dx, DateTime.UtcNow.AddDays(-1), new MoveDetails(OnlineFormUrl: "https://form.example.jp/e2e-2"));
        var objected = Procedure.Create(department.Id, new ProcedureFields { Code = "E2E-B-3", Name = "検証用の証明書交付" }, dx, created);
        objected.MoveTo(ProcedureStatus.ObjectionRaised, dx, new DateTime(2021, 7, 1, 0, 0, 0, DateTimeKind.Utc),
            new MoveDetails(Objection: new NewObjection(ObjectionCategory.PaperOriginals, ObjectionText)));
        db.Procedures.AddRange(early, late, objected);
        await db.SaveChangesAsync();
    }
}
