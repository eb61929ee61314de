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

/// <summary>The profile in Chromium: an objection raised with its source (条例), telework set on the procedure page, re-assessed
/// when the procedure goes online, and the board's telework share and barrier lists (対面要件 and objections) following.</summary>
[Collection(AppCollection.Name)]
[Trait("Database", "Sqlite")] // browser only: the SQLite pass (AppCollection)
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

        // An objection whose source is a ward ordinance: the ward can remove it.
        await page.GotoInteractiveAsync($"/procedures/{procedureId}");
        await page.ClickAsync("[data-testid=objection-add]");
        var dialog = page.Locator("[data-testid=objection-dialog]");
        await page.PickAsync("[data-testid=objection-category]", "押印");
        await page.Locator("textarea[data-testid=objection-text], [data-testid=objection-text] textarea").First.FillAsync("区の条例で押印を求めている");
        await page.PickAsync("[data-testid=objection-dialog] [data-testid=objection-source]", "条例");
        await Screens.SaveAtBothWidthsAsync(page, "objection-dialog-source");
        await page.ClickAsync("[data-testid=objection-submit]");
        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        var raised = page.Locator("[data-testid=objection]:has-text('区の条例で押印を求めている')");
        await raised.WaitForAsync();
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<DxDbContext>>().CreateDbContextAsync())
            Assert.Equal(InPersonRequirement.Ordinance, await db.Objections.Where(o => o.ProcedureId == procedureId && o.Description == "区の条例で押印を求めている")
                .Select(o => o.Source).SingleAsync());
        await Screens.SaveAtBothWidthsAsync(page, "procedure-objection-source");

        await page.GotoInteractiveAsync("/board");
        var before = await ExpectedBoardAsync();
        var ward = page.Locator($"[data-testid=board-barriers-ward][data-count='{before.WardCanChange.Count}']");
        await ward.WaitForAsync();
        // Its 対面要件 and the new objection, both from 条例; three open objections put them at the top.
        Assert.Contains(before.WardCanChange.Top, b => b.Code == code && b.Objection == ObjectionCategory.Seal && b.Source == InPersonRequirement.Ordinance);
        var objectionRow = ward.Locator($"tr[data-code='{code}'][data-kind=objection]");
        Assert.Contains("条例", await objectionRow.InnerTextAsync());
        Assert.Contains("押印", await objectionRow.InnerTextAsync());
        Assert.Equal(0, await page.Locator($"[data-testid=board-barriers-national] tr[data-code='{code}']").CountAsync());
        Assert.Equal($"対面要件 {before.WardCanChange.InPersonCount:N0}件・課題 {before.WardCanChange.ObjectionCount:N0}件",
            (await ward.Locator("[data-testid=barrier-split]").InnerTextAsync()).Trim());
        await Screens.SaveAtBothWidthsAsync(page, "board-barriers");
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

        // The board: one more procedure whose back office works from home, two fewer barriers the ward can remove (the online
        // procedure's 対面要件 and its objection from 条例).
        var after = await ExpectedBoardAsync();
        Assert.Equal(before.Total.TeleworkPossible.Numerator + 1, after.Total.TeleworkPossible.Numerator);
        Assert.Equal((before.WardCanChange.InPersonCount - 1, before.WardCanChange.ObjectionCount - 1),
            (after.WardCanChange.InPersonCount, after.WardCanChange.ObjectionCount));
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
