using DxTracker.App.Hosting;
using DxTracker.Domain.Data;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reporting;
using DxTracker.Domain.Excel;
using DxTracker.Domain.Organisation;
using DxTracker.Tests.Excel;
using DxTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using C = DxTracker.Domain.Excel.InventoryColumns;

namespace DxTracker.Tests.EndToEnd;

/// <summary>The main journeys with the keyboard alone (JIS X 8341-3 / WCAG 2.1.1, 2.4.3, 2.4.7): Tab and Shift+Tab to move,
/// Enter and Space to act, arrow keys in lists and radio groups, typing into fields. No mouse event at all, sign-in included;
/// at each button pressed the focus is checked to be visible. The journeys of issue 22: record a hearing with its procedures and
/// follow-ups, move a status with a comment (and the dialog's focus), import a sheet, change the board's year.</summary>
[Collection(AppCollection.Name)]
[Trait("Database", "Sqlite")] // browser only: the SQLite pass (AppCollection)
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

    /// <summary>The DX team's main journey on every control of the hearing form: the department picked from the list, the date
    /// typed, the summary, two procedures added from the search results, a move with its objection and a move, a follow-up with
    /// its description, owner and due date, then save.</summary>
    [Fact]
    public async Task A_hearing_with_procedures_moves_and_a_follow_up_is_recorded_with_the_keyboard_alone()
    {
        var setup = await HearingTests.CreateDepartmentAsync(app);
        var page = await SignInWithKeyboardAsync();
        await page.GotoInteractiveAsync("/hearings/new");

        // The department: arrows only highlight (the form is not reset at each department passed), Enter picks.
        await page.TabToAsync("[data-testid=hearing-department]");
        await page.AssertFocusVisibleAsync();
        await page.PickWithArrowsAsync($"{setup.Prefix}課");
        await page.Locator("[data-testid=procedure-search]").WaitForAsync();

        // The date from the calendar: Enter opens it on today, the arrow keys move the day, Enter takes it.
        await page.TabToAsync("[data-testid=hearing-date]");
        await page.AssertFocusVisibleAsync();
        var heldOn = DateOnly.ParseExact(await page.PickDayWithArrowsAsync("ArrowLeft", "ArrowLeft"), "yyyy/MM/dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await page.FocusIsInAsync("[data-testid=hearing-date]"), $"after picking the day, the focus is on {await page.FocusedAsync()}");
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

        // Passing other departments with the arrow keys does not change the department (which would empty the form):
        // only Enter chooses, and Escape leaves the list as it was.
        await page.TabToAsync("[data-testid=hearing-department]", backwards: true);
        await page.Keyboard.PressAsync("Enter");
        await page.Locator(".mud-popover-open [role=option]").First.WaitForAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("Escape");
        await page.Locator(".mud-popover-open").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await Assertions.Expect(page.Locator("[data-testid^=item-]")).ToHaveCountAsync(2);

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

        // A follow-up: the button adds a row above it, reached with Shift+Tab; then its owner and its due date.
        await page.TabToAsync("[data-testid=followup-add]");
        await page.AssertFocusVisibleAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("[data-testid=followup-0]").WaitForAsync();
        await page.TabToAsync("[data-testid=followup-0] [data-testid=followup-description]", backwards: true);
        await page.Keyboard.TypeAsync("規則改正案を法務担当と確認");
        await page.TabToAsync("[data-testid=followup-0] [data-testid=followup-owner]");
        await page.AssertFocusVisibleAsync();
        // Escape closes the opened list without choosing and leaves the focus on the field; then Enter, arrows, Enter.
        await page.Keyboard.PressAsync("Enter");
        await page.Locator(".mud-popover-open [role=option]").First.WaitForAsync();
        await page.Keyboard.PressAsync("Escape");
        await page.Locator(".mud-popover-open").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        Assert.True(await page.FocusIsInAsync("[data-testid=followup-0] [data-testid=followup-owner]"), $"after Escape, the focus is on {await page.FocusedAsync()}");
        await page.PickWithArrowsAsync(setup.HeadName);
        // Picked, the owner's list is closed and Tab goes on to the due date (the focus is not held by the list).
        await page.TabToAsync("[data-testid=followup-0] [data-testid=followup-due]", maxPresses: 3);
        await page.AssertFocusVisibleAsync();
        var dueOn = DateOnly.ParseExact(await page.PickDayWithArrowsAsync("ArrowDown"), "yyyy/MM/dd", System.Globalization.CultureInfo.InvariantCulture);

        await page.TabToAsync("[data-testid=hearing-save]");
        await page.AssertFocusVisibleAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => System.Text.RegularExpressions.Regex.IsMatch(url, @"/hearings/\d+$"));
        var hearingId = int.Parse(page.Url[(page.Url.LastIndexOf('/') + 1)..]);

        await using var db = await app.Factory.Services.GetRequiredService<IDbContextFactory<DxDbContext>>().CreateDbContextAsync();
        var hearing = await db.HearingSessions.Where(h => h.Id == hearingId).Select(h => new { h.DepartmentId, h.HeldOn, h.Summary, Items = h.Items.Count }).SingleAsync();
        Assert.Equal((setup.DepartmentId, heldOn, "キーボードだけで記録したヒアリング", 2), (hearing.DepartmentId, hearing.HeldOn, hearing.Summary, hearing.Items));
        var statuses = await db.Procedures.Where(p => p.DepartmentId == setup.DepartmentId).OrderBy(p => p.Code).Select(p => p.Status).ToListAsync();
        Assert.Equal([ProcedureStatus.ObjectionRaised, ProcedureStatus.InProgress, ProcedureStatus.NotConsidered], statuses);
        var objection = await db.Objections.Where(o => o.Description == $"申請書に押印欄がある（{setup.Prefix}）").Select(o => o.Category).SingleAsync();
        Assert.Equal(ObjectionCategory.Seal, objection);
        var followUp = await db.FollowUpActions.Where(f => f.HearingSessionId == hearingId).Select(f => new { f.Description, Owner = f.Owner!.DisplayName, f.DueOn }).SingleAsync();
        Assert.Equal(("規則改正案を法務担当と確認", setup.HeadName, dueOn), (followUp.Description, followUp.Owner, followUp.DueOn));
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
        await Waiting.UntilAsync("the opened dialog to take the focus", TimeSpan.FromSeconds(15), () => page.FocusIsInAsync(".mud-dialog"));
        for (var i = 0; i < 8; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            // Past the last control the focus lands on the trap's bumper, and the server sends it back to the first
            // control a round trip later; a person tabs slower than that, so the test waits for the focus to settle.
            await Waiting.UntilAsync($"the focus after Tab {i + 1} to leave the focus trap's bumper", TimeSpan.FromSeconds(10),
                async () => !await page.EvaluateAsync<bool>("() => !!document.activeElement?.matches('.mud-dialog .fixed.pointer-events-none')"));
            Assert.True(await page.FocusIsInAsync(".mud-dialog"), $"Tab {i + 1} left the dialog: the focus is on {await page.FocusedAsync()}");
        }
        await page.Keyboard.PressAsync("Escape");
        await page.Locator("[data-testid=move-dialog]").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await Assertions.Expect(page.Locator("[data-testid=move-open]")).ToBeFocusedAsync();

        // Again, and this time the move: the first target (検討中) with Space, a comment, Enter on the submit button.
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("[data-testid=move-dialog]").WaitForAsync();
        await Waiting.UntilAsync("the opened dialog to take the focus", TimeSpan.FromSeconds(15), () => page.FocusIsInAsync(".mud-dialog"));
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

    [Fact]
    public async Task The_board_year_is_changed_with_the_keyboard_alone()
    {
        var page = await SignInWithKeyboardAsync();
        await page.GotoInteractiveAsync("/board");
        var metrics = page.Locator("[data-testid=board-metrics]");
        var shown = new FiscalYear(int.Parse(await metrics.GetAttributeAsync("data-year") ?? "0"));
        var previous = shown.Previous;

        await page.TabToAsync("[data-testid=board-year]");
        await page.AssertFocusVisibleAsync();
        // Arrowing through the open list only moves the highlight: the year (the field and the board) changes on Enter.
        // What the field shows: its input's value (the attribute lands on the input or on an element around it).
        async Task<string> FieldText() => await page.Locator("[data-testid=board-year]").First.EvaluateAsync<string>(
            "e => [e, ...e.querySelectorAll('input')].filter(x => x.matches('input')).map(x => x.value).join('|') + '|' + e.innerText");
        var shownLabel = await FieldText();
        Assert.Contains(shown.JapaneseLabel(app.Factory.Services.GetRequiredService<EraSettings>()), shownLabel);
        await page.Keyboard.PressAsync("Enter");
        await page.Locator(".mud-popover-open [role=option]").First.WaitForAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(page.Locator(".mud-popover-open [role=option].mud-selected-item").First).Not.ToHaveAttributeAsync("aria-selected", "true");
        Assert.Equal(shownLabel, await FieldText());
        Assert.Equal(shown.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), await metrics.GetAttributeAsync("data-year"));
        await page.Keyboard.PressAsync("Escape");
        await page.Locator(".mud-popover-open").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await page.PickWithArrowsAsync(previous.JapaneseLabel(app.Factory.Services.GetRequiredService<EraSettings>()));
        await Assertions.Expect(metrics).ToHaveAttributeAsync("data-year", previous.Year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(await page.FocusIsInAsync("[data-testid=board-year]"), $"after choosing, the focus is on {await page.FocusedAsync()}");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_sheet_is_imported_with_the_keyboard_alone()
    {
        var code = "KB" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        byte[] template;
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<DxDbContext>>().CreateDbContextAsync())
            {
                db.Departments.Add(new Department { Code = code, Name = $"{code}課", Division = new Division { Code = code, Name = $"{code}部" } });
                await db.SaveChangesAsync();
            }
            template = await scope.ServiceProvider.GetRequiredService<InventoryExportService>().TemplateAsync();
        }
        var file = Path.Combine(Directory.CreateTempSubdirectory("dxtracker-kb-").FullName, "棚卸し.xlsx");
        await File.WriteAllBytesAsync(file, ExcelFixtures.Edit(template, s =>
        {
            s.Set(1, C.Code, $"{code}-1");
            s.Set(1, C.Name, "キーボード取込手続");
            s.Set(1, C.DepartmentCode, code);
            s.Set(1, C.Status, "検討中");
        }));

        var page = await SignInWithKeyboardAsync();
        await page.GotoInteractiveAsync("/import");
        // Enter on the choose button opens the system's file dialog (answered here: it is not part of the page).
        await page.TabToAsync("[data-testid=import-choose]");
        await page.AssertFocusVisibleAsync();
        var chooser = await page.RunAndWaitForFileChooserAsync(() => page.Keyboard.PressAsync("Enter"));
        await chooser.SetFilesAsync(file);
        await Assertions.Expect(page.Locator("[data-testid=import-message]")).ToContainTextAsync("新規 1件");
        await page.TabToAsync("[data-testid=import-commit]");
        await page.AssertFocusVisibleAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("[data-testid=import-message]", new() { HasText = "取り込みました" }).WaitForAsync();

        await using (var db = await app.Factory.Services.GetRequiredService<IDbContextFactory<DxDbContext>>().CreateDbContextAsync())
        {
            var imported = await db.Procedures.Where(p => p.Code == $"{code}-1").Select(p => new { p.Name, p.Status }).SingleAsync();
            Assert.Equal(("キーボード取込手続", ProcedureStatus.UnderReview), (imported.Name, imported.Status));
        }
        await page.Context.CloseAsync();
    }
}
