using DxTracker.App.Hosting;
using DxTracker.Domain.Data;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Organisation;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reporting;
using DxTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DxTracker.Tests.EndToEnd;

/// <summary>The profile in Chromium: telework set on the procedure page, re-assessed when the procedure goes online, and the
/// board's telework share and in-person barrier lists following.</summary>
[Collection(AppCollection.Name)]
public sealed class ProfileTests(AppFixture app)
{
    private async Task<ProfileBoard> ExpectedBoardAsync()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ProfileBoardQuery>().LoadAsync();
    }

    private static string Percent(Ratio r) => r.Value is { } v ? v.ToString("P1", System.Globalization.CultureInfo.GetCultureInfo("ja-JP")) : "対象なし";

    [Fact]
    public async Task Telework_set_on_the_page_is_re_assessed_on_going_online_and_the_board_follows()
    {
        var (procedureId, code) = await SeedAsync();
        var page = await app.SignInAsync(DemoSetup.DxTeamEmail);

        await page.GotoInteractiveAsync("/board");
        var before = await ExpectedBoardAsync();
        await page.Locator($"[data-testid=board-barriers-ward][data-count='{before.WardCanChange.Count}']").WaitForAsync();
        Assert.Equal(Percent(before.Total.TeleworkPossible), (await page.Locator("[data-testid=board-telework-share-value]").InnerTextAsync()).Trim());

        // On the procedure page: 不可 because of paper originals.
        await page.GotoInteractiveAsync($"/procedures/{procedureId}");
        await page.ClickAsync("[data-testid=edit-open]");
        await page.PickAsync("[data-testid=field-telework]", "不可");
        await page.Locator("[data-testid=telework-reason-PaperOriginals] input, input[data-testid=telework-reason-PaperOriginals]").First.CheckAsync();
        await Screens.SaveAtBothWidthsAsync(page, "procedure-profile-editor");
        await page.ClickAsync("[data-testid=edit-save]");
        await page.Locator("[data-testid=fields-telework]:has-text('紙原本の取扱い')").WaitForAsync();
        Assert.StartsWith("不可", (await page.Locator("[data-testid=fields-telework]").InnerTextAsync()).Trim());
        Assert.Contains("条例", await page.Locator("[data-testid=fields-in-person]").InnerTextAsync());
        await Screens.SaveAtBothWidthsAsync(page, "procedure-profile");

        // Going online: the dialog asks again, starting from 不可 and its reason; the back office can now work from home.
        await page.ClickAsync("[data-testid=move-open]");
        await page.Locator("[data-testid=move-dialog] [data-target=Digitized]").ClickAsync();
        Assert.True(await page.Locator("[data-testid=move-telework] [data-testid=telework-reason-PaperOriginals] input, [data-testid=move-telework] input[data-testid=telework-reason-PaperOriginals]").First.IsCheckedAsync());
        await page.PickAsync("[data-testid=move-telework] [data-testid=field-telework]", "可");
        await page.ClickAsync("[data-testid=move-submit]");
        await page.Locator("[data-testid=timeline] [data-to=Digitized]").WaitForAsync();
        await page.Locator("[data-testid=fields-telework]:not(:has-text('紙原本'))").WaitForAsync();
        Assert.Equal("可", (await page.Locator("[data-testid=fields-telework]").InnerTextAsync()).Trim());

        // The board: one more procedure whose back office works from home, one fewer barrier the ward can remove.
        var after = await ExpectedBoardAsync();
        Assert.Equal(before.Total.TeleworkPossible.Numerator + 1, after.Total.TeleworkPossible.Numerator);
        Assert.Equal(before.WardCanChange.Count - 1, after.WardCanChange.Count);
        await page.GotoInteractiveAsync("/board");
        await page.Locator($"[data-testid=board-barriers-ward][data-count='{after.WardCanChange.Count}']").WaitForAsync();
        Assert.Equal(Percent(after.Total.TeleworkPossible), (await page.Locator("[data-testid=board-telework-share-value]").InnerTextAsync()).Trim());
        Assert.Equal(0, await page.Locator($"[data-testid=board-barriers-ward] tr[data-code='{code}']").CountAsync());
        await Screens.SaveAtBothWidthsAsync(page, "board-profile");
        await page.Context.CloseAsync();
    }

    /// <summary>A procedure in 対応中 with a URL, an in-person requirement from a ward ordinance and two open objections.</summary>
    private async Task<(int Id, string Code)> SeedAsync()
    {
        var key = Guid.NewGuid().ToString("N")[..8];
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<DxDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var department = new Department { Code = "W" + key, Name = "戸籍住民課" + key, Division = new Division { Code = "X" + key, Name = "区民部" + key } };
        db.Departments.Add(department);
        await db.SaveChangesAsync();
        var dxId = await db.Users.Where(u => u.Email == DemoSetup.DxTeamEmail).Select(u => u.Id).SingleAsync();
        var dx = await Actors.LoadAsync(db, dxId);
        var now = DateTime.UtcNow;
        var p = Procedure.Create(department.Id, new ProcedureFields
        {
            Code = "A-" + key, Name = "転入届" + key, OnlineFormUrl = "https://example.jp/form",
            InPerson = InPersonRequirement.Ordinance, LifeEvents = LifeEvents.Moving,
        }, dx, now);
        p.RaiseObjection(new NewObjection(ObjectionCategory.Seal, "条例で押印が必要"), dx, now);
        p.RaiseObjection(new NewObjection(ObjectionCategory.PaperOriginals, "原本の確認が必要"), dx, now);
        p.MoveTo(ProcedureStatus.InProgress, dx, now);
        db.Procedures.Add(p);
        await db.SaveChangesAsync();
        return (p.Id, p.Code);
    }
}
