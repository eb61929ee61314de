using ClosedXML.Excel;
using DxTracker.Tests.Support;
using Microsoft.Playwright;
using O = DxTracker.Domain.Organisation.OrganisationColumns;

namespace DxTracker.Tests.Processes;

/// <summary>A new office's first day, on a non-demo install: `create-admin`, the organisation sheet from the command line
/// (a bad one refused by row and column, exit 1; a good one imported, exit 0), then in Chromium the DX team's first-run
/// checklist, April's reshuffle imported on the Organisation page, and toasts that never cover the page's actions, at
/// 1280 and 390 px.</summary>
public sealed partial class ProcessTests
{
    private static readonly (string Division, string DivisionName, string Code, string Name, string Email, string HeadName)[] Ward =
    [
        ("B01", "区民部", "K01", "戸籍住民課", "koseki@city.example.jp", "戸田 一郎"),
        ("B01", "区民部", "K02", "保険年金課", "hoken@city.example.jp", "保坂 二郎"),
        ("B02", "福祉部", "K03", "福祉課", "fukushi@city.example.jp", "福田 三郎"),
    ];

    [Fact]
    public async Task A_new_office_imports_its_organisation_by_command_and_on_the_page_and_toasts_never_cover_the_actions()
    {
        var data = Folder("first-day");
        var (created, createdOutput) = await AppProcess.CreateAdminAsync(data, AdminEmail, AdminName, AdminPassword);
        Assert.True(created == 0, createdOutput);

        var bad = Path.Combine(_root, "組織表_誤り.xlsx");
        WriteOrganisation(bad, [Ward[0], Ward[0] with { Name = "重複した課", Email = "other@city.example.jp" }]);
        var (exit, output) = await AppProcess.RunAsync(data, "import-organisation", bad, "--as", AdminEmail);
        Assert.True(exit == 1, output);
        Assert.Contains($"3行目 「{O.DepartmentCode}」: 課コード「K01」がこの表の2行目にもあります。", output);
        var dbFile = Path.Combine(data, "dxtracker.db");
        Assert.Equal(0, Count(dbFile, "SELECT COUNT(*) FROM Departments"));

        var good = Path.Combine(_root, "組織表.xlsx");
        WriteOrganisation(good, Ward);
        (exit, output) = await AppProcess.RunAsync(data, "import-organisation", good, "--as", AdminEmail);
        Assert.True(exit == 0, output);
        Assert.Contains("組織を取り込みました：新しい部 2、新しい課 3、変更 0、変更なし 0。所管課長：新規 3人、異動 0人、担当なし 0人。", output);

        // April: the heads of 戸籍住民課 and 保険年金課 swap.
        var april = Path.Combine(_root, "組織表_4月.xlsx");
        WriteOrganisation(april, [Ward[0] with { Email = Ward[1].Email, HeadName = Ward[1].HeadName }, Ward[1] with { Email = Ward[0].Email, HeadName = Ward[0].HeadName }, Ward[2]]);

        await using var app = await AppProcess.StartAsync(data, BrowserSettings);
        var (playwright, browser) = await Browser.LaunchAsync();
        try
        {
            foreach (var (width, height) in new[] { (1280, 900), (390, 844) })
            {
                var context = await browser.NewContextAsync(new() { BaseURL = app.BaseAddress.ToString(), Locale = "ja-JP", ViewportSize = new() { Width = width, Height = height } });
                context.SetDefaultTimeout(20_000);
                var page = await AppFixture.SignInAsync(await context.NewPageAsync(), AdminEmail, AdminPassword);

                // The first-run checklist: organisation and heads ticked, procedures and reminders still to do.
                var checklist = page.Locator("[data-testid=first-run]");
                await checklist.WaitForAsync();
                Assert.Equal(["true", "true", "false", "false"], await checklist.Locator("li").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.done)"));
                await Screens.SaveAsync(page, $"home-{width}");

                await page.GotoInteractiveAsync("/admin/organisation");
                if (width == 1280)
                {
                    await page.SetInputFilesAsync("[data-testid=organisation-import] input[type=file]", april);
                    var message = page.Locator("[data-testid=organisation-import-message]");
                    await message.Filter(new() { HasText = "異動 2人" }).WaitForAsync();
                    await page.ClickAsync("[data-testid=organisation-import-commit]");
                    await message.Filter(new() { HasText = "取り込みました" }).WaitForAsync();
                    var k01 = page.Locator("[data-testid=division][data-code=B01] tr", new() { HasText = "K01" });
                    await k01.Locator("[data-testid=department-head]", new() { HasText = Ward[1].HeadName }).WaitForAsync();
                    Assert.Contains(Ward[0].HeadName, await page.Locator("[data-testid=division][data-code=B01] tr", new() { HasText = "K02" }).Locator("[data-testid=department-head]").TextContentAsync());
                }
                await Screens.SaveAsync(page, $"organisation-{width}");

                // A save's toast: it does not sit over the page's actions, and the next action can be clicked at once.
                await page.ClickAsync("[data-testid=add-division]");
                await page.Locator("[data-testid=unit-code] input, input[data-testid=unit-code]").FillAsync($"B9{width}");
                await page.Locator("[data-testid=unit-name] input, input[data-testid=unit-name]").FillAsync($"新設部{width}");
                await page.ClickAsync("[data-testid=unit-save]");
                var toast = page.Locator(".mud-snackbar");
                await toast.WaitForAsync();
                await Screens.SaveAsync(page, $"organisation-toast-{width}");
                var toastBox = await toast.BoundingBoxAsync() ?? throw new InvalidOperationException("the toast has no box");
                foreach (var action in new[] { "[data-testid=add-division]", "[data-testid=add-department]", "[data-testid=organisation-import] button >> nth=-1" })
                {
                    var box = await page.Locator(action).BoundingBoxAsync() ?? throw new InvalidOperationException(action + " has no box");
                    Assert.False(Overlap(toastBox, box), $"the toast ({toastBox.X},{toastBox.Y} {toastBox.Width}x{toastBox.Height}) covers {action} at {width} px");
                }
                await page.ClickAsync("[data-testid=add-department]", new() { Timeout = 2_000 });
                await page.Locator("[data-testid=unit-dialog]").WaitForAsync();
                await context.CloseAsync();
            }
        }
        finally
        {
            await browser.CloseAsync();
            playwright.Dispose();
        }
        Assert.Equal(2, Count(dbFile, "SELECT COUNT(*) FROM AuditEntries WHERE Action = 'UserChanged' AND Detail LIKE 'role DepartmentHead → DepartmentHead,%'"));
    }

    private static bool Overlap(LocatorBoundingBoxResult a, LocatorBoundingBoxResult b) =>
        a.X < b.X + b.Width && b.X < a.X + a.Width && a.Y < b.Y + b.Height && b.Y < a.Y + a.Height;

    private static void WriteOrganisation(string path, IEnumerable<(string Division, string DivisionName, string Code, string Name, string Email, string HeadName)> rows)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet(O.SheetName);
        string[] headers = [O.DivisionCode, O.DivisionName, O.DepartmentCode, O.DepartmentName, O.HeadEmail, O.HeadName];
        for (var c = 0; c < headers.Length; c++)
            sheet.Cell(1, c + 1).SetValue(headers[c]);
        var r = 1;
        foreach (var row in rows)
        {
            r++;
            string[] cells = [row.Division, row.DivisionName, row.Code, row.Name, row.Email, row.HeadName];
            for (var c = 0; c < cells.Length; c++)
                sheet.Cell(r, c + 1).SetValue(cells[c]);
        }
        workbook.SaveAs(path);
    }
}
