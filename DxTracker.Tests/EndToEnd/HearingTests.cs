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
public sealed class HearingTests(AppFixture app)
{
    internal sealed record Setup(int DepartmentId, string HeadEmail, string HeadName, string Prefix);

    /// <summary>A department of its own with a head and three procedures (all NotConsidered): {prefix}-A, -B, -C; A linked
    /// to the national catalogue when <paramref name="nationalIdOfA"/> is given.</summary>
    internal static async Task<Setup> CreateDepartmentAsync(AppFixture app, string? nationalIdOfA = null)
    {
        var prefix = "E" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<DxDbContext>>();
        int departmentId;
        await using (var db = await factory.CreateDbContextAsync())
        {
            var department = new Department { Code = prefix, Name = $"{prefix}課", Division = new Division { Code = prefix, Name = $"{prefix}部" } };
            db.Departments.Add(department);
            await db.SaveChangesAsync();
            departmentId = department.Id;
            var dxId = await db.Users.Where(u => u.Email == DemoSetup.DxTeamEmail).Select(u => u.Id).SingleAsync();
            var dx = await Actors.LoadAsync(db, dxId);
            foreach (var (suffix, name) in new[] { ("A", "屋外広告物許可申請"), ("B", "犬の登録申請"), ("C", "道路占用許可申請") })
                db.Procedures.Add(Procedure.Create(departmentId, new ProcedureFields
                {
                    Code = $"{prefix}-{suffix}",
                    Name = name,
                    NationalProcedureId = suffix == "A" ? nationalIdOfA : null,
                }, dx, DateTime.UtcNow));
            await db.SaveChangesAsync();
        }
        var headEmail = $"head-{prefix.ToLowerInvariant()}@test.example.jp";
        var headName = $"課長 {prefix}";
        var created = await IdentitySetup.CreateUserAsync(scope.ServiceProvider, headEmail, headName, DemoSetup.Password, Role.DepartmentHead, departmentId);
        Assert.True(created.Succeeded);
        return new Setup(departmentId, headEmail, headName, prefix);
    }

    /// <summary>Picks the item of a MudSelect whose text contains <paramref name="text"/>.</summary>
    internal static async Task PickAsync(IPage page, ILocator select, string text)
    {
        await select.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = text }).First.ClickAsync();
        await page.Locator(".mud-popover-open").WaitForAsync(new() { State = WaitForSelectorState.Detached });
    }

    /// <summary>Adds the procedure <paramref name="code"/> through the search; <paramref name="remaining"/> are the
    /// department's procedures not added yet.</summary>
    private static async Task AddProcedureAsync(IPage page, string code, params string[] remaining)
    {
        await page.Locator("[data-testid=procedure-search]").FillAsync(code);
        await page.Locator($"[data-testid=search-result][data-code='{code}']").ClickAsync();
        await page.Locator($"[data-testid^=item-][data-code='{code}']").WaitForAsync();
        // After adding, the search starts afresh instead of saying nothing matches the procedure just added. Settled first:
        // the fresh search has answered with the department's other procedures (the add's last render; with none left, that
        // answer is the empty list the add leaves), and only then is what must be absent read.
        await Assertions.Expect(page.Locator("[data-testid=procedure-search]")).ToHaveValueAsync("");
        foreach (var other in remaining)
            await Assertions.Expect(page.Locator($"[data-testid=search-result][data-code='{other}']")).ToBeVisibleAsync();
        Assert.Equal(remaining.Length, await page.Locator("[data-testid=search-result]").CountAsync());
        Assert.Equal(0, await page.Locator("[data-testid=search-no-match]").CountAsync());
    }

    [Fact]
    public async Task A_DX_team_member_records_a_hearing_with_three_procedures_and_a_follow_up()
    {
        var setup = await CreateDepartmentAsync(app);
        var page = await app.SignInAsync(DemoSetup.DxTeamEmail);
        await page.GotoInteractiveAsync($"/hearings/new?department={setup.DepartmentId}");

        await page.Locator("[data-testid=hearing-attendees]").FillAsync("課長、係長");
        await page.Locator("[data-testid=hearing-summary]").FillAsync("押印の廃止と電子申請の開始を協議");
        string[] codes = [$"{setup.Prefix}-A", $"{setup.Prefix}-B", $"{setup.Prefix}-C"];
        for (var i = 0; i < codes.Length; i++)
            await AddProcedureAsync(page, codes[i], codes[(i + 1)..]);

        var first = page.Locator("[data-testid=item-0]");
        await first.Locator("[data-testid=outcome-note]").FillAsync("押印が必要との意見");
        await PickAsync(page, first.Locator("[data-testid=move-to]"), "課題あり");
        await PickAsync(page, first.Locator("[data-testid=objection-category]"), "押印");
        await first.Locator("[data-testid=objection-description]").FillAsync($"申請書に押印欄があり、規則で定めている（{setup.Prefix}）");
        await first.Locator("[data-testid=objection-rebuttal]").FillAsync("規則改正で押印を廃止した他課の例がある");
        var second = page.Locator("[data-testid=item-1]");
        await PickAsync(page, second.Locator("[data-testid=move-to]"), "電子化作業中");
        await page.Locator("[data-testid=item-2] [data-testid=outcome-note]").FillAsync("件数を確認して次回検討");

        await page.ClickAsync("[data-testid=followup-add]");
        await page.Locator("[data-testid=followup-0] [data-testid=followup-description]").FillAsync("規則改正案を法務担当と確認");
        await PickAsync(page, page.Locator("[data-testid=followup-0] [data-testid=followup-owner]"), setup.HeadName);

        await page.ClickAsync("[data-testid=hearing-save]");
        await page.WaitForURLAsync(url => System.Text.RegularExpressions.Regex.IsMatch(url, @"/hearings/\d+$"));
        var hearingId = int.Parse(page.Url[(page.Url.LastIndexOf('/') + 1)..]);

        // The detail shows the three procedures, both moves, the objection with its rebuttal and the follow-up.
        await page.Locator("[data-testid=detail-objection]").WaitForAsync();
        Assert.Equal(3, await page.Locator("[data-testid=detail-item]").CountAsync());
        Assert.Equal(2, await page.Locator("[data-testid=detail-move]").CountAsync());
        var objection = await page.Locator("[data-testid=detail-objection]").InnerTextAsync();
        Assert.Contains($"申請書に押印欄があり、規則で定めている（{setup.Prefix}）", objection);
        Assert.Contains("規則改正で押印を廃止した他課の例がある", objection);
        // The follow-up table loads on its own: wait for it rather than read it once.
        await Assertions.Expect(page.Locator("[data-testid=followups-table]")).ToContainTextAsync("規則改正案を法務担当と確認");

        await using (var db = await app.Factory.Services.GetRequiredService<IDbContextFactory<DxDbContext>>().CreateDbContextAsync())
        {
            var statuses = await db.Procedures.Where(p => p.DepartmentId == setup.DepartmentId).OrderBy(p => p.Code).Select(p => p.Status).ToListAsync();
            Assert.Equal([ProcedureStatus.ObjectionRaised, ProcedureStatus.InProgress, ProcedureStatus.NotConsidered], statuses);
            var moves = await db.StatusChanges.Where(s => s.HearingSessionId == hearingId).CountAsync();
            Assert.Equal(2, moves);
            Assert.Equal(setup.HeadName, await db.FollowUpActions.Where(f => f.HearingSessionId == hearingId).Select(f => f.Owner!.DisplayName).SingleAsync());
        }

        // The playbook prepared for this department shows its Seal objection (and is narrowed to Seal).
        await page.GotoInteractiveAsync($"/playbook?department={setup.DepartmentId}");
        // Settled: the entry and the figures come from one load and one render.
        await Assertions.Expect(page.Locator("[data-testid=playbook-entry]").Filter(new() { HasText = $"（{setup.Prefix}）" })).ToHaveCountAsync(1);
        Assert.Equal(1, await page.Locator("[data-testid=playbook-figures] td[data-category=Seal]").CountAsync());
        Assert.Equal(0, await page.Locator("[data-testid=playbook-figures] td[data-category=FeePayment]").CountAsync());

        // The department page lists the open objection and no longer lists A-C as never discussed.
        await page.GotoInteractiveAsync($"/departments/{setup.DepartmentId}");
        // Settled: the open objection and the never-discussed list (and its count) come from one load and one render.
        await Assertions.Expect(page.Locator("[data-testid=department-objection]")).ToContainTextAsync($"（{setup.Prefix}）");
        await Assertions.Expect(page.Locator("[data-testid=never-discussed]")).ToBeAttachedAsync();
        Assert.Equal(0, await page.Locator("[data-testid=never-discussed] .mud-list-item").CountAsync());

        // Its status count opens the inventory narrowed to this department and that status.
        await page.Locator("[data-testid=status-count][data-status=InProgress]").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/procedures?", StringComparison.Ordinal));
        Assert.Contains($"dept={setup.DepartmentId}", page.Url);
        await page.WaitForInteractiveAsync();
        // Settled: the grid has loaded for the narrowed address — one procedure, B — before A's absence is read.
        await Assertions.Expect(page.Locator("[data-testid=inventory-count]")).ToHaveTextAsync("1件");
        await Assertions.Expect(page.GetByText($"{setup.Prefix}-B")).ToBeVisibleAsync();
        Assert.Equal(0, await page.GetByText($"{setup.Prefix}-A").CountAsync());

        // On a phone the filters are folded: their button still says that two conditions narrow the list (department, status).
        Assert.Equal("絞り込み条件（2件適用中）", (await page.Locator("[data-testid=filter-toggle]").TextContentAsync())?.Trim());

        // The department filter (the browser's select) shows the chosen department once the page has read the departments
        // (its options; the grid may come first), lists every department, and picking another narrows the inventory to it.
        var departmentFilter = page.Locator("select[data-testid=filter-department]");
        await Assertions.Expect(departmentFilter).ToHaveValueAsync($"{setup.DepartmentId}");
        var listed = departmentFilter.Locator("option");
        await Assertions.Expect(listed.Filter(new() { HasText = $"{setup.Prefix}課" })).ToHaveCountAsync(1);
        Assert.True(await listed.CountAsync() > 2, "the department filter lists one department only");
        // Another department than the setup's, wherever the setup's sorts in the list.
        var other = (await listed.EvaluateAllAsync<string[]>("options => options.map(o => o.value)"))
            .First(value => value.Length > 0 && value != $"{setup.DepartmentId}");
        await departmentFilter.SelectOptionAsync(other);
        // The address changes inside the page (no load event): polled, not awaited as a navigation.
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"[?&]dept={other}(&|$)"));
        await Assertions.Expect(page.GetByText($"{setup.Prefix}-B")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_new_objection_in_the_form_shows_the_national_evidence_of_a_procedure_online_nationally()
    {
        // 9108 (本人等による住民票の写し等の交付請求) is online nationally in the survey.
        var setup = await CreateDepartmentAsync(app, nationalIdOfA: "9108");
        var page = await app.SignInAsync(DemoSetup.DxTeamEmail);
        await page.GotoInteractiveAsync($"/hearings/new?department={setup.DepartmentId}");
        await AddProcedureAsync(page, $"{setup.Prefix}-A", $"{setup.Prefix}-B", $"{setup.Prefix}-C");
        await AddProcedureAsync(page, $"{setup.Prefix}-B", $"{setup.Prefix}-C");
        var linked = page.Locator("[data-testid=item-0]");
        // Settled: the item is rendered with its national facts (read before it is added) and its move choice.
        await Assertions.Expect(linked.Locator("[data-testid=move-to]")).ToBeVisibleAsync();
        Assert.Equal(0, await linked.Locator("[data-testid=national-evidence]").CountAsync());

        await PickAsync(page, linked.Locator("[data-testid=move-to]"), "課題あり");
        var evidence = linked.Locator("[data-testid=national-evidence]");
        await evidence.Locator("[data-testid=online-nationally]").WaitForAsync();
        var text = await evidence.InnerTextAsync();
        Assert.Contains("本人等による住民票の写し等の交付請求", text);
        Assert.Contains("全国の件数（令和5年度）", text);
        Assert.Contains("デジタル庁", text);

        // An unlinked procedure's objection has no evidence to show.
        var unlinked = page.Locator("[data-testid=item-1]");
        await PickAsync(page, unlinked.Locator("[data-testid=move-to]"), "課題あり");
        // Settled: the objection's fields and the evidence card (when there is one) are rendered together.
        await unlinked.Locator("[data-testid=objection-category]").WaitForAsync();
        Assert.Equal(0, await unlinked.Locator("[data-testid=national-evidence]").CountAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_invalid_item_keeps_the_form_and_names_the_procedure()
    {
        var setup = await CreateDepartmentAsync(app);
        var page = await app.SignInAsync(DemoSetup.DxTeamEmail);
        await page.GotoInteractiveAsync($"/hearings/new?department={setup.DepartmentId}");
        await page.Locator("[data-testid=hearing-summary]").FillAsync("入力を残すこと");
        await AddProcedureAsync(page, $"{setup.Prefix}-A", $"{setup.Prefix}-B", $"{setup.Prefix}-C");
        // A new procedure whose code is already taken: refused, nothing saved, everything typed stays.
        await page.Locator("[data-testid=new-code]").FillAsync($"{setup.Prefix}-B");
        await page.Locator("[data-testid=new-name]").FillAsync("重複する手続");
        await page.ClickAsync("[data-testid=new-add]");
        await page.ClickAsync("[data-testid=hearing-save]");

        await Assertions.Expect(page.Locator("[data-testid=hearing-errors]")).ToContainTextAsync("すでに使われています");
        var errors = await page.Locator("[data-testid=hearing-errors]").InnerTextAsync();
        Assert.Contains($"{setup.Prefix}-B", errors);
        Assert.Contains("重複する手続", errors);
        Assert.Contains("すでに使われています", errors);
        Assert.Contains("/hearings/new", page.Url);
        Assert.Equal("入力を残すこと", await page.Locator("[data-testid=hearing-summary]").InputValueAsync());
        Assert.Equal(2, await page.Locator("[data-testid^=item-]").CountAsync());
        await using var db = await app.Factory.Services.GetRequiredService<IDbContextFactory<DxDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.HearingSessions.CountAsync(h => h.DepartmentId == setup.DepartmentId));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_department_head_cannot_open_the_hearing_form_but_reads_the_log()
    {
        var setup = await CreateDepartmentAsync(app);
        var page = await app.SignInAsync(setup.HeadEmail);
        Assert.Equal(1, await page.Locator("[data-testid=nav] a[href='/hearings']").CountAsync());
        var refused = await page.GotoAsync("/hearings/new");
        Assert.Equal(403, refused!.Status);
        Assert.Equal("この画面を表示する権限がありません", (await page.TextContentAsync("h1"))?.Trim());

        await page.GotoInteractiveAsync("/hearings");
        await page.WaitForSelectorAsync("[data-testid=hearings-table]");
        // Settled: the page has read the user's role (the same render decides the new-hearing button).
        await page.WaitForSelectorAsync("[data-testid=hearings-header][data-role=DepartmentHead]");
        Assert.Equal(0, await page.Locator("[data-testid=hearing-new]").CountAsync());
        await page.Context.CloseAsync();
    }
}
