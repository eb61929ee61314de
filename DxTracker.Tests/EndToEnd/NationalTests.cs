using DxTracker.App.Hosting;
using DxTracker.Domain.Data;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Organisation;
using DxTracker.Domain.Procedures;
using DxTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DxTracker.Tests.EndToEnd;

[Collection(AppCollection.Name)]
[Trait("Database", "Sqlite")] // browser only: the SQLite pass (AppCollection)
public sealed class NationalTests(AppFixture app)
{
    [Fact]
    public async Task A_department_head_links_a_procedure_raises_an_objection_beside_the_national_evidence_and_the_board_lists_it()
    {
        var (email, procedureId, name) = await SeedAsync();
        var page = await app.SignInAsync(email);
        await page.GotoInteractiveAsync($"/procedures/{procedureId}");

        // Link through the picker: the first suggestion for 住民票の写し等の交付請求 is the national 9108.
        await page.ClickAsync("[data-testid=national-link-open]");
        await page.ClickAsync("[data-testid=national-picker] [data-national-id='9108']");
        var card = page.Locator("[data-testid=national-panel] [data-testid=national-evidence]");
        await card.Locator("[data-testid=online-nationally]").WaitForAsync();
        Assert.Contains("本人等による住民票の写し等の交付請求", await card.InnerTextAsync());

        await page.ClickAsync("[data-testid=objection-add]");
        var dialog = page.Locator("[data-testid=objection-dialog]");
        var evidence = dialog.Locator("[data-testid=national-evidence]");
        await evidence.Locator("[data-testid=online-nationally]").WaitForAsync();
        var text = await evidence.InnerTextAsync();
        Assert.Contains("50.0%", text);
        Assert.Contains("123,490,614", text);
        Assert.Contains("デジタル庁", text);

        await page.Locator("[data-testid=objection-category]").First.ClickAsync();
        var item = page.Locator(".mud-popover-open .mud-list-item").GetByText("原本が紙で完結しない", new() { Exact = true });
        await item.ClickAsync();
        await item.WaitForAsync(new() { State = WaitForSelectorState.Hidden });
        await page.Locator("textarea[data-testid=objection-text], [data-testid=objection-text] textarea").First.FillAsync("窓口で原本を確認する必要がある");
        await page.ClickAsync("[data-testid=objection-submit]");
        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await page.Locator("[data-testid=objection][data-outcome=Open]").WaitForAsync();

        await page.GotoInteractiveAsync("/board");
        var list = page.Locator("[data-testid=paper-here-list]");
        await list.Locator($"a[href='/procedures/{procedureId}']").WaitForAsync();
        Assert.Contains(name, await list.InnerTextAsync());
        Assert.Contains("デジタル庁", await page.Locator("[data-testid=paper-here-online-nationally]").InnerTextAsync());
        await page.Context.CloseAsync();
    }

    /// <summary>A department with its head and one unlinked procedure under review; its code sorts first among equal national volumes.</summary>
    private async Task<(string Email, int ProcedureId, string Name)> SeedAsync()
    {
        var key = Guid.NewGuid().ToString("N")[..8];
        await using var scope = app.Factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<DxDbContext>>().CreateDbContextAsync();
        var department = new Department { Code = "N" + key, Name = "戸籍住民課" + key, Division = new Division { Code = "W" + key, Name = "区民部" + key } };
        db.Departments.Add(department);
        await db.SaveChangesAsync();
        var email = $"head-{key}@test.example.jp";
        Assert.True((await IdentitySetup.CreateUserAsync(scope.ServiceProvider, email, "課長 " + key, DemoSetup.Password, Role.DepartmentHead, department.Id)).Succeeded);
        var dx = await Actors.LoadAsync(db, await db.Users.Where(u => u.Email == DemoSetup.DxTeamEmail).Select(u => u.Id).SingleAsync());
        var name = "住民票の写し等の交付請求 " + key;
        var procedure = Procedure.Create(department.Id, new ProcedureFields { Code = "0-" + key, Name = name, LawName = "住民基本台帳法" }, dx, DateTime.UtcNow);
        procedure.MoveTo(ProcedureStatus.UnderReview, dx, DateTime.UtcNow);
        db.Procedures.Add(procedure);
        await db.SaveChangesAsync();
        return (email, procedure.Id, name);
    }
}
