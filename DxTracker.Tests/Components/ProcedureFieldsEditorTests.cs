using System.Security.Claims;
using AngleSharp.Dom;
using Bunit;
using DxTracker.App.Features.Admin;
using DxTracker.App.Features.Procedures;
using DxTracker.App.Hosting;
using DxTracker.Domain.Identity;
using DxTracker.Domain.National;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reporting;

using DxTracker.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace DxTracker.Tests.Components;

/// <summary>The procedure page and the DX team's procedure dialog edit a procedure with one editor, and behave alike:
/// the same fields and rules, and the same merge after someone else saved first.</summary>
public sealed class ProcedureFieldsEditorTests : IAsyncLifetime
{
    /// <summary>How long a wait for a render may take on a loaded machine (the page reads the database first).</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private TestDatabase _database = default!;
    private readonly CultureScope _culture = new("ja-JP");
    private Actor _dx = default!, _other = default!;
    private int _procedureId;
    /// <summary>Each context's popover provider: where an open select lists its items.</summary>
    private readonly Dictionary<BunitContext, IRenderedComponent<MudPopoverProvider>> _popovers = [];

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var department = (await _database.AddDepartmentsAsync("D01"))[0];
        _dx = await _database.AddUserAsync(Role.DxTeam, name: "山田 花子");
        _other = await _database.AddUserAsync(Role.DxTeam, name: "佐藤 健");
        await using var db = _database.CreateDbContext();
        var procedure = Procedure.Create(department.Id, new ProcedureFields { Code = "P-000001", Name = "住民票の写しの交付申請", LawName = "住民基本台帳法", TargetFiscalYear = 2027 },
            _dx, AdminServices.Now.UtcDateTime);
        db.Procedures.Add(procedure);
        await db.SaveChangesAsync();
        _procedureId = procedure.Id;
    }

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        _culture.Dispose();
    }

    private BunitContext NewContext()
    {
        var ctx = MudContext.Create();
        ctx.Services.AddAdminOn(_database);
        ctx.Services.AddScoped<ProcedureService>();
        ctx.Services.AddDxReads();
        ctx.Services.AddSingleton(new EraSettings());
        ctx.Services.AddSingleton<NationalMatcherCache>();
        ctx.Services.AddScoped<NationalLinkService>();
        ctx.Services.AddScoped<CurrentUser>();
        var auth = ctx.AddAuthorization();
        auth.SetAuthorized("dx");
        auth.SetRoles(nameof(Role.DxTeam));
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, _dx.UserId), new Claim(IdentitySetup.DisplayNameClaim, _dx.DisplayName));
        _popovers[ctx] = ctx.Render<MudPopoverProvider>();
        return ctx;
    }

    /// <summary>An editor as a host shows it: its root element, and how to click the host's save button.</summary>
    private sealed record Host(IRenderedComponent<IComponent> Rendered, IRenderedComponent<MudPopoverProvider> Popovers, string SaveSelector)
    {
        public IElement Editor => Rendered.Find("[data-testid=procedure-fields-editor]");
        public IElement Input(string testId) => Rendered.Find($"[data-testid={testId}] input, input[data-testid={testId}], [data-testid={testId}] textarea, textarea[data-testid={testId}]");
        public Task SaveAsync() => Rendered.Find(SaveSelector).ClickAsync(new());
    }

    private async Task<Host> OpenOnPageAsync(BunitContext ctx)
    {
        var page = ctx.Render<ProcedurePage>(p => p.Add(x => x.Id, _procedureId));
        await page.WaitForElement("[data-testid=edit-open]", Deadline).ClickAsync(new());
        page.WaitForElement("[data-testid=procedure-fields-editor]", Deadline);
        return new Host(page, _popovers[ctx], "[data-testid=edit-save]");
    }

    private async Task<Host> OpenInDialogAsync(BunitContext ctx)
    {
        var provider = ctx.Render<MudDialogProvider>();
        await using var db = _database.CreateDbContext();
        var procedure = await db.Procedures.AsNoTracking().SingleAsync(p => p.Id == _procedureId);
        var parameters = new DialogParameters<ProcedureDialog>
        {
            { d => d.ProcedureId, procedure.Id },
            { d => d.Version, procedure.Version },
            { d => d.Fields, procedure.Fields },
        };
        await provider.InvokeAsync(() => ctx.Services.GetRequiredService<IDialogService>().ShowAsync<ProcedureDialog>("手続を編集", parameters));
        provider.WaitForElement("[data-testid=procedure-fields-editor]", Deadline);
        return new Host(provider, _popovers[ctx], "[data-testid=procedure-save]");
    }

    /// <summary>What the editor offers: each field's label, in order, and the target years it lists.</summary>
    private static async Task<(string[] Labels, string[] Years)> OfferedAsync(Host host)
    {
        var labels = host.Editor.QuerySelectorAll("label").Select(l => l.TextContent.Trim()).Where(t => t.Length > 0).ToArray();
        await host.Rendered.Find("[data-testid=field-target-year] .mud-select-input, [data-testid=field-target-year]").MouseDownAsync(new());
        var years = host.Popovers.WaitForElements(".mud-popover-open .mud-list-item", Deadline).Select(i => i.TextContent.Trim()).ToArray();
        return (labels, years);
    }

    [Fact]
    public async Task Page_and_dialog_render_the_same_editor_with_the_same_fields_and_year_choices()
    {
        await using var pageContext = NewContext();
        var page = await OpenOnPageAsync(pageContext);
        await using var dialogContext = NewContext();
        var dialog = await OpenInDialogAsync(dialogContext);

        Assert.Single(page.Rendered.FindComponents<ProcedureFieldsEditor>());
        Assert.Single(dialog.Rendered.FindComponents<ProcedureFieldsEditor>());
        var (pageLabels, pageYears) = await OfferedAsync(page);
        var (dialogLabels, dialogYears) = await OfferedAsync(dialog);
        Assert.Equal(pageLabels, dialogLabels);
        Assert.Contains("電子申請URL", pageLabels);
        Assert.Contains("実施時期（目標年度）", pageLabels);
        // Five fiscal years either side of the current one (FY2026 on 2026-06-01), as era labels, in both.
        Assert.Equal(pageYears, dialogYears);
        Assert.Equal(11, pageYears.Length);
        Assert.Equal("令和3年度", pageYears[0]);
        Assert.Equal("令和13年度", pageYears[^1]);
    }

    [Theory]
    [InlineData("page")]
    [InlineData("dialog")]
    public async Task A_concurrent_edit_is_refused_then_merged_keeping_the_users_input(string where)
    {
        await using var ctx = NewContext();
        var host = where == "page" ? await OpenOnPageAsync(ctx) : await OpenInDialogAsync(ctx);
        await host.Input("field-name").InputAsync(new() { Value = "住民票の写しの交付申請（修正）" });
        await host.Input("field-law").InputAsync(new() { Value = "住民基本台帳法施行令" });

        // Someone else saves first: new notes, and a different law name.
        await using (var scope = ctx.Services.CreateAsyncScope())
        {
            var procedures = scope.ServiceProvider.GetRequiredService<ProcedureService>();
            await using var db = _database.CreateDbContext();
            var saved = await db.Procedures.AsNoTracking().SingleAsync(p => p.Id == _procedureId);
            await procedures.UpdateAsync(_other.UserId, _procedureId, saved.Version, saved.Fields with { Notes = "佐藤のメモ", LawName = "住民基本台帳法（別案）" });
        }

        await host.SaveAsync();
        await host.Rendered.WaitForAssertionAsync(() => Assert.Contains("佐藤 健さんが", host.Rendered.Find("[data-testid=conflict]").TextContent), Deadline);
        Assert.Equal("住民票の写しの交付申請（修正）", host.Input("field-name").GetAttribute("value"));

        await host.Rendered.Find("[data-testid=reload-latest]").ClickAsync(new());
        await host.Rendered.WaitForAssertionAsync(() => Assert.Equal("佐藤のメモ", host.Input("field-notes").TextContent), Deadline);
        Assert.Empty(host.Rendered.FindAll("[data-testid=conflict]"));
        Assert.NotNull(host.Rendered.Find("[data-testid=rebased]"));
        Assert.Equal("住民票の写しの交付申請（修正）", host.Input("field-name").GetAttribute("value"));
        // Both changed the law: the user's value stays, the latest shows beneath it.
        Assert.Equal("住民基本台帳法施行令", host.Input("field-law").GetAttribute("value"));
        Assert.Contains("最新の値：住民基本台帳法（別案）", host.Editor.TextContent);

        await host.SaveAsync();
        await host.Rendered.WaitForAssertionAsync(() => Assert.Empty(host.Rendered.FindAll("[data-testid=procedure-fields-editor]")), Deadline);
        await using var check = _database.CreateDbContext();
        var merged = await check.Procedures.AsNoTracking().SingleAsync(p => p.Id == _procedureId);
        Assert.Equal(("住民票の写しの交付申請（修正）", "住民基本台帳法施行令", "佐藤のメモ"), (merged.Name, merged.LawName, merged.Notes));
    }
}
