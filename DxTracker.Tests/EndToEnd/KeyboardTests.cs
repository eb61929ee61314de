using DxTracker.App.Hosting;
using DxTracker.Domain.Data;
using DxTracker.Domain.Procedures;
using DxTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DxTracker.Tests.EndToEnd;

/// <summary>The main journeys with the keyboard alone (JIS X 8341-3 / WCAG 2.1.1, 2.4.3, 2.4.7): Tab and Shift+Tab to move,
/// Enter and Space to act, arrow keys in lists and radio groups, typing into fields. No mouse event at all, sign-in included.</summary>
[Collection(AppCollection.Name)]
public sealed class KeyboardTests(AppFixture app)
{
    private async Task<IPage> SignInWithKeyboardAsync()
    {
        var page = await app.NewPageAsync(1280);
        await page.GotoAsync("/account/login");
        await page.TabToAsync("#email");
        await page.Keyboard.TypeAsync(DemoSetup.DxTeamEmail);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(DemoSetup.Password);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForInteractiveAsync();
        return page;
    }

    /// <summary>The DX team's main journey: a hearing with two procedures, a move with its objection, a move, and a follow-up.</summary>
    [Fact]
    public async Task A_hearing_with_procedures_moves_and_a_follow_up_is_recorded_with_the_keyboard_alone()
    {
        var setup = await HearingTests.CreateDepartmentAsync(app);
        var page = await SignInWithKeyboardAsync();

        await page.GotoInteractiveAsync("/hearings/new");
        await page.TabToAsync("[data-testid=hearing-department]");
        await page.PickWithArrowsAsync($"{setup.Prefix}課");
        await page.TabToAsync("[data-testid=hearing-summary]");
        await page.Keyboard.TypeAsync("キーボードだけで記録したヒアリング");

        // Search, then add two results: Enter on the first; the focus stays in the results, Space adds the next.
        await page.TabToAsync("[data-testid=procedure-search]");
        await page.Keyboard.TypeAsync(setup.Prefix);
        await Assertions.Expect(page.Locator("[data-testid=search-result]")).ToHaveCountAsync(3);
        await page.TabToAsync("[data-testid=search-result]");
        await page.AssertFocusVisibleAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Locator($"[data-testid=item-0][data-code='{setup.Prefix}-A']").WaitForAsync();
        Assert.True(await page.FocusIsInAsync("[data-testid=search-result]"), $"after adding, the focus is on {await page.FocusedAsync()}");
        await page.Keyboard.PressAsync("Space");
        await page.Locator($"[data-testid=item-1][data-code='{setup.Prefix}-B']").WaitForAsync();

        // A: a note, moved to 課題あり with its objection; B: moved to 電子化作業中.
        await page.TabToAsync("[data-testid=item-0] [data-testid=outcome-note]");
        await page.Keyboard.TypeAsync("押印が必要との意見");
        await page.TabToAsync("[data-testid=item-0] [data-testid=move-to]");
        await page.PickWithArrowsAsync("課題あり");
        await page.TabToAsync("[data-testid=item-0] [data-testid=objection-category]");
        await page.PickWithArrowsAsync("押印");
        await page.TabToAsync("[data-testid=item-0] [data-testid=objection-description]");
        await page.Keyboard.TypeAsync($"申請書に押印欄がある（{setup.Prefix}）");
        await page.TabToAsync("[data-testid=item-1] [data-testid=move-to]");
        await page.PickWithArrowsAsync("電子化作業中");

        // A follow-up: the button adds a row above it, reached with Shift+Tab.
        await page.TabToAsync("[data-testid=followup-add]");
        await page.AssertFocusVisibleAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("[data-testid=followup-0]").WaitForAsync();
        await page.TabToAsync("[data-testid=followup-0] [data-testid=followup-description]", backwards: true);
        await page.Keyboard.TypeAsync("規則改正案を法務担当と確認");
        await page.TabToAsync("[data-testid=followup-0] [data-testid=followup-owner]");
        await page.PickWithArrowsAsync(setup.HeadName);

        await page.TabToAsync("[data-testid=hearing-save]");
        await page.AssertFocusVisibleAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => System.Text.RegularExpressions.Regex.IsMatch(url, @"/hearings/\d+$"));
        var hearingId = int.Parse(page.Url[(page.Url.LastIndexOf('/') + 1)..]);

        await using var db = await app.Factory.Services.GetRequiredService<IDbContextFactory<DxDbContext>>().CreateDbContextAsync();
        var hearing = await db.HearingSessions.Where(h => h.Id == hearingId).Select(h => new { h.DepartmentId, h.Summary, Items = h.Items.Count }).SingleAsync();
        Assert.Equal((setup.DepartmentId, "キーボードだけで記録したヒアリング", 2), (hearing.DepartmentId, hearing.Summary, hearing.Items));
        var statuses = await db.Procedures.Where(p => p.DepartmentId == setup.DepartmentId).OrderBy(p => p.Code).Select(p => p.Status).ToListAsync();
        Assert.Equal([ProcedureStatus.ObjectionRaised, ProcedureStatus.InProgress, ProcedureStatus.NotConsidered], statuses);
        var objection = await db.Objections.Where(o => o.Description == $"申請書に押印欄がある（{setup.Prefix}）").Select(o => o.Category).SingleAsync();
        Assert.Equal(ObjectionCategory.Seal, objection);
        Assert.Equal(setup.HeadName, await db.FollowUpActions.Where(f => f.HearingSessionId == hearingId).Select(f => f.Owner!.DisplayName).SingleAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_move_dialog_keeps_the_focus_returns_it_on_Escape_and_moves_a_status_with_a_comment()
    {
        var setup = await HearingTests.CreateDepartmentAsync(app);
        var factory = app.Factory.Services.GetRequiredService<IDbContextFactory<DxDbContext>>();
        int procedureId;
        await using (var db = await factory.CreateDbContextAsync())
            procedureId = await db.Procedures.Where(p => p.Code == $"{setup.Prefix}-A").Select(p => p.Id).SingleAsync();
        var page = await SignInWithKeyboardAsync();
        await page.GotoInteractiveAsync($"/procedures/{procedureId}");

        // Opened from its button, the dialog holds the focus however often Tab is pressed; Escape closes it and the
        // focus is back on the button.
        await page.TabToAsync("[data-testid=move-open]");
        await page.AssertFocusVisibleAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("[data-testid=move-dialog]").WaitForAsync();
        for (var i = 0; i < 8; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            Assert.True(await page.FocusIsInAsync(".mud-dialog"), $"Tab {i + 1} left the dialog: the focus is on {await page.FocusedAsync()}");
        }
        await page.Keyboard.PressAsync("Escape");
        await page.Locator("[data-testid=move-dialog]").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await Assertions.Expect(page.Locator("[data-testid=move-open]")).ToBeFocusedAsync();

        // Again, and this time the move: the first target (検討中) with Space, a comment, Enter on the submit button.
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("[data-testid=move-dialog]").WaitForAsync();
        await page.TabToAsync("[data-testid=move-dialog] [data-target=UnderReview]");
        await page.Keyboard.PressAsync("Space");
        await page.TabToAsync("[data-testid=move-comment]");
        await page.Keyboard.TypeAsync("キーボードで検討開始");
        await page.TabToAsync("[data-testid=move-submit]");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("[data-testid=move-dialog]").WaitForAsync(new() { State = WaitForSelectorState.Detached });

        await using (var db = await factory.CreateDbContextAsync())
        {
            Assert.Equal(ProcedureStatus.UnderReview, await db.Procedures.Where(p => p.Id == procedureId).Select(p => p.Status).SingleAsync());
            Assert.Equal("キーボードで検討開始", await db.StatusChanges.Where(s => s.ProcedureId == procedureId).Select(s => s.Comment).SingleAsync());
        }
        await page.Context.CloseAsync();
    }
}
