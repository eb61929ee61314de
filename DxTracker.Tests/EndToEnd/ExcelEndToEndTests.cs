using ClosedXML.Excel;
using DxTracker.App.Features.Excel;
using DxTracker.App.Hosting;
using DxTracker.Domain.Audit;
using DxTracker.Domain.Data;
using DxTracker.Domain.Excel;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Organisation;
using DxTracker.Domain.Reporting;
using DxTracker.Tests.Excel;
using DxTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using C = DxTracker.Domain.Excel.InventoryColumns;

namespace DxTracker.Tests.EndToEnd;

[Collection(AppCollection.Name)]
[Trait("Database", "Sqlite")] // browser only: the SQLite pass (AppCollection)
public sealed class ExcelEndToEndTests(AppFixture app)
{
    [Fact]
    public async Task A_manager_downloads_the_annual_report_with_its_eight_sheets()
    {
        var page = await app.SignInAsync(DemoSetup.ManagerEmail);
        await page.GotoInteractiveAsync("/reports");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=report-download]"));

        var year = FiscalYear.Of(DateTime.UtcNow);
        Assert.Equal($"DxTracker_{year.JapaneseLabel(new EraSettings())}_年次報告.xlsx", download.SuggestedFilename);
        // Playwright stores downloads without an extension: open the stream, not the path.
        await using var file = File.OpenRead(await download.PathAsync());
        using var workbook = new XLWorkbook(file);
        Assert.Equal(["概要", "課別", "在宅勤務・BPRの指標", "手続一覧", "在宅勤務・BPR", "ヒアリング", "課題・異議", "状態変更"], workbook.Worksheets.Select(w => w.Name));
        await page.Context.CloseAsync();
    }

    /// <summary>The reports page and its download by role: DESIGN lets every role read everything, so each sees the entry
    /// and the button and gets the file, with an audit row; an anonymous visitor is sent to the login page.</summary>
    public static TheoryData<Role?, bool> ReportPolicy() => new()
    {
        { Role.DxTeam, true },
        { Role.DepartmentHead, true },
        { Role.Manager, true },
        { null, false },
    };

    [Theory]
    [MemberData(nameof(ReportPolicy))]
    public async Task The_annual_report_download_follows_the_read_policy_and_is_audited(Role? role, bool allowed)
    {
        var email = role switch
        {
            Role.DxTeam => DemoSetup.DxTeamEmail,
            Role.Manager => DemoSetup.ManagerEmail,
            Role.DepartmentHead => (await AppData.AddDepartmentWithHeadAsync(app.Factory.Services)).Email,
            _ => null,
        };
        var url = ExcelEndpoints.ReportUrl(FiscalYear.Of(DateTime.UtcNow).Year);
        var page = email is null ? await app.NewPageAsync() : await app.SignInAsync(email);
        if (email is not null)
        {
            Assert.Equal(1, await page.Locator("[data-testid=nav-admin] a[href='/reports']").CountAsync());
            await page.GotoInteractiveAsync("/reports");
            Assert.Equal(url, await page.GetAttributeAsync("[data-testid=report-download]", "href"));
        }
        var since = DateTime.UtcNow.AddSeconds(-1);

        var response = await page.Context.APIRequest.GetAsync(url, new() { MaxRedirects = 0 });

        if (allowed)
        {
            Assert.Equal(200, response.Status);
            Assert.Equal(ExcelEndpoints.XlsxContentType, response.Headers["content-type"]);
        }
        else
        {
            Assert.Equal(302, response.Status);
            Assert.Contains("/account/login", response.Headers["location"]);
        }
        await using var db = await app.Factory.Services.GetRequiredService<IDbContextFactory<DxDbContext>>().CreateDbContextAsync();
        var userId = email is null ? null : await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        var audited = await db.AuditEntries.CountAsync(a => a.Action == AuditActions.Export && a.Target == url && a.AtUtc >= since && a.UserId == userId && a.Succeeded);
        Assert.Equal(allowed ? 1 : 0, audited);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_DX_team_member_sees_the_bad_row_and_column_fixes_the_file_and_imports_it()
    {
        var code = "E2E" + Guid.NewGuid().ToString("N")[..6];
        byte[] template;
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<DxDbContext>>();
            await using (var db = await factory.CreateDbContextAsync())
            {
                db.Departments.Add(new Department { Code = code, Name = "取込テスト課", Division = new Division { Code = code, Name = "取込テスト部" } });
                await db.SaveChangesAsync();
            }
            template = await scope.ServiceProvider.GetRequiredService<InventoryExportService>().TemplateAsync();
        }
        byte[] Fill(string secondDepartment) => ExcelFixtures.Edit(template, s =>
        {
            foreach (var (row, department) in new[] { (1, code), (2, secondDepartment) })
            {
                s.Set(row, C.Code, $"{code}-{row}");
                s.Set(row, C.Name, $"取込テスト手続{row}");
                s.Set(row, C.DepartmentCode, department);
                s.Set(row, C.Status, "検討中");
            }
        });
        var directory = Directory.CreateTempSubdirectory("dxtracker-e2e-");
        var bad = Path.Combine(directory.FullName, "棚卸し_誤りあり.xlsx");
        var good = Path.Combine(directory.FullName, "棚卸し_修正済.xlsx");
        await File.WriteAllBytesAsync(bad, Fill("NO-SUCH-DEPT"));
        await File.WriteAllBytesAsync(good, Fill(code));

        var page = await app.SignInAsync(DemoSetup.DxTeamEmail);
        await page.GotoInteractiveAsync("/import");
        await page.SetInputFilesAsync("input[type=file]", bad);
        await page.WaitForSelectorAsync("[data-testid=import-issues]");
        Assert.Equal("3", (await page.TextContentAsync("[data-testid=issue-row]"))?.Trim());
        Assert.Equal(C.DepartmentCode, (await page.TextContentAsync("[data-testid=issue-column]"))?.Trim());
        Assert.Contains("NO-SUCH-DEPT", await page.TextContentAsync("[data-testid=issue-reason]"));
        Assert.Equal(0, await page.Locator("[data-testid=import-commit]").CountAsync());

        await page.SetInputFilesAsync("input[type=file]", good);
        await page.WaitForSelectorAsync("[data-testid=import-commit]");
        Assert.Contains("新規 2件", await page.TextContentAsync("[data-testid=import-message]"));
        await page.ClickAsync("[data-testid=import-commit]");
        await page.Locator("[data-testid=import-message]", new() { HasText = "取り込みました" }).WaitForAsync();

        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<DxDbContext>>().CreateDbContextAsync();
            var imported = await db.Procedures.Where(p => p.Code.StartsWith(code)).Include(p => p.History).ToListAsync();
            Assert.Equal(2, imported.Count);
            Assert.All(imported, p => Assert.Equal("山田 花子", Assert.Single(p.History).ByName));
        }
        await page.Context.CloseAsync();
        directory.Delete(recursive: true);
    }
}
