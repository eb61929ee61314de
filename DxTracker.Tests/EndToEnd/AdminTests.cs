using DxTracker.App.Hosting;
using DxTracker.Domain.Data;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Organisation;
using DxTracker.Domain.Procedures;
using DxTracker.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DxTracker.Tests.EndToEnd;

[Collection(AppCollection.Name)]
[Trait("Database", "Sqlite")] // browser only: the SQLite pass (AppCollection)
public sealed class AdminTests(AppFixture app)
{
    [Fact]
    public async Task A_DX_team_member_creates_a_department_and_its_new_head_signs_in_as_department_head()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var divisionCode = "E2E" + suffix;
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<DxDbContext>>().CreateDbContextAsync();
            db.Divisions.Add(new Division { Code = divisionCode, Name = "試験部" + suffix, SortOrder = 9000 });
            await db.SaveChangesAsync();
        }
        var departmentName = "デジタル試験課" + suffix;
        var headEmail = $"head-{suffix.ToLowerInvariant()}@city.example.jp";
        const string headPassword = "initial-password-2026";

        var page = await app.SignInAsync(DemoSetup.DxTeamEmail);
        await page.GotoInteractiveAsync("/admin/organisation");
        var division = page.Locator($"[data-testid=division][data-code={divisionCode}]");
        await division.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "課を追加" }).ClickAsync();
        await page.Locator("[data-testid=unit-code] input, input[data-testid=unit-code]").First.FillAsync("K" + suffix);
        await page.Locator("[data-testid=unit-name] input, input[data-testid=unit-name]").First.FillAsync(departmentName);
        await page.ClickAsync("[data-testid=unit-save]");
        var row = division.Locator("tr", new() { HasText = departmentName });
        await row.WaitForAsync();
        Assert.Equal("未指定", (await row.Locator("[data-testid=department-head]").TextContentAsync())?.Trim());

        // "Assign the department head" leads to the users page with the department chosen; a new account is created there.
        await row.Locator("a[href^='/admin/users?head=']").ClickAsync();
        await page.WaitForSelectorAsync("[data-testid=head-banner]");
        await page.WaitForInteractiveAsync();
        await page.ClickAsync("[data-testid=add-user]");
        await page.Locator("[data-testid=user-email] input, input[data-testid=user-email]").First.FillAsync(headEmail);
        await page.Locator("[data-testid=user-name] input, input[data-testid=user-name]").First.FillAsync("試験 太郎");
        await page.Locator("[data-testid=user-password] input, input[data-testid=user-password]").First.FillAsync(headPassword);
        await page.ClickAsync("[data-testid=user-save]");
        await page.Locator("[data-testid=user-dialog]").WaitForAsync(new() { State = Microsoft.Playwright.WaitForSelectorState.Detached });
        await page.Locator("[data-testid=user-search] input, input[data-testid=user-search]").First.FillAsync(headEmail);
        await page.Locator("[data-testid=user-email-cell]", new() { HasText = headEmail }).WaitForAsync();

        await page.GotoInteractiveAsync("/admin/organisation");
        Assert.Equal("試験 太郎", (await division.Locator("tr", new() { HasText = departmentName }).Locator("[data-testid=department-head]").TextContentAsync())?.Trim());
        await page.Context.CloseAsync();

        var head = await app.SignInAsync(headEmail, headPassword);
        // The role is read from the database as the page loads: wait for it (with Playwright's deadline) rather than read it once.
        await Assertions.Expect(head.Locator("[data-testid=home-role]")).ToHaveTextAsync("所管課長");
        // Of the administration group a head sees only the reports (they read everything, they administer nothing).
        Assert.Equal(["/reports"], await head.Locator("[data-testid=nav-admin] a").EvaluateAllAsync<string[]>("els => els.map(e => e.getAttribute('href'))"));
        await head.Context.CloseAsync();

        await using var check = app.Factory.Services.CreateAsyncScope();
        var user = await check.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(headEmail);
        await using var verify = await check.ServiceProvider.GetRequiredService<IDbContextFactory<DxDbContext>>().CreateDbContextAsync();
        Assert.Equal(departmentName, await verify.Departments.Where(d => d.Id == user!.DepartmentId).Select(d => d.Name).SingleAsync());
    }

    [Fact]
    public async Task A_DX_team_member_changes_a_procedure_code_and_a_code_in_use_is_explained_with_the_input_kept()
    {
        var key = "C" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var dx = await AppData.DxTeamActorAsync(scope.ServiceProvider);
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<DxDbContext>>().CreateDbContextAsync();
            var department = new Department { Code = key, Name = "手続ID検証課", Division = new Division { Code = key, Name = "手続ID検証部" } };
            db.Departments.Add(department);
            await db.SaveChangesAsync();
            foreach (var (suffix, name) in new[] { ("1", "飼い犬の登録申請"), ("2", "狂犬病予防注射済票の交付申請") })
                db.Procedures.Add(Procedure.Create(department.Id, new ProcedureFields { Code = $"{key}-{suffix}", Name = name }, dx, DateTime.UtcNow));
            await db.SaveChangesAsync();
        }
        var page = await app.SignInAsync(DemoSetup.DxTeamEmail);
        await page.GotoInteractiveAsync("/admin/procedures");
        await page.Locator("[data-testid=procedure-search] input, input[data-testid=procedure-search]").First.FillAsync($"{key}-1");
        // The search is debounced: wait until the table shows only the searched code's row (the unfiltered first page
        // has 25 rows), so the click does not land on a row the filtered render is about to replace.
        var rows = page.Locator("[data-testid=procedure-admin-table] tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        var row = rows.Filter(new() { HasText = $"{key}-1" });
        await Assertions.Expect(row).ToContainTextAsync("飼い犬の登録申請");
        await row.Locator("[data-testid=edit-procedure]").ClickAsync();
        var code = page.Locator("[data-testid=field-code] input, input[data-testid=field-code]").First;
        // The dialog fills its fields as it renders: wait for the value (read at once it was blank under load).
        await Assertions.Expect(code).ToHaveValueAsync($"{key}-1");
        Assert.Null(await code.GetAttributeAsync("readonly"));

        await code.FillAsync($"{key}-2");
        // While the code differs from the saved one, the field says what that means for sheets exported earlier.
        var codeHelper = page.Locator(".mud-input-control").Filter(new() { Has = code }).Locator(".mud-input-helper-text");
        await Assertions.Expect(codeHelper).ToContainTextAsync($"変更前に出力した手続棚卸し表の「{key}-1」の行は、取込で別の手続として追加されます");
        await page.ClickAsync("[data-testid=procedure-save]");
        await Assertions.Expect(page.Locator("[data-testid=edit-error]")).ToContainTextAsync($"手続ID「{key}-2」はすでに使われています");
        Assert.Equal($"{key}-2", await code.InputValueAsync());
        // The code field itself is marked, not only the alert below the form.
        var codeError = page.Locator(".mud-input-control").Filter(new() { Has = code }).Locator(".mud-input-helper-text.mud-input-error");
        await Assertions.Expect(codeError).ToContainTextAsync($"手続ID「{key}-2」はすでに使われています");

        await code.FillAsync($"{key}-3");
        await Assertions.Expect(codeError).ToHaveCountAsync(0);
        await page.ClickAsync("[data-testid=procedure-save]");
        await page.Locator("[data-testid=procedure-dialog]").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await using var check = await app.Factory.Services.GetRequiredService<IDbContextFactory<DxDbContext>>().CreateDbContextAsync();
        Assert.Equal([$"{key}-2", $"{key}-3"], await check.Procedures.Where(p => p.Code.StartsWith(key)).OrderBy(p => p.Code).Select(p => p.Code).ToListAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_manager_opening_the_organisation_page_is_refused()
    {
        var page = await app.SignInAsync(DemoSetup.ManagerEmail);
        var refused = await page.GotoAsync("/admin/organisation");
        // Told so inside the app (403, the forbidden page), not sent to sign in again.
        Assert.Equal(403, refused!.Status);
        await Assertions.Expect(page.Locator("[data-testid=forbidden-home]")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("[data-testid=add-department]").CountAsync());
        await page.Context.CloseAsync();
    }
}
