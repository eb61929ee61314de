using AngleSharp.Dom;
using Bunit;
using DxTracker.App.Features.Procedures;
using DxTracker.Domain.Data;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reporting;
using DxTracker.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DxTracker.Tests.Components;

/// <summary>The inventory's list (our own markup since MudDataGrid left it) on a real database: the count, the pager's
/// words and buttons, sorting by a header (with aria-sort), the page size, and the empty message.</summary>
public sealed class InventoryGridTests : IAsyncLifetime
{
    private static readonly DateTime Now = new(2026, 6, 1, 3, 0, 0, DateTimeKind.Utc);
    private TestDatabase _database = default!;
    private readonly CultureScope _culture = new("ja-JP");

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var department = (await _database.AddDepartmentsAsync("A1"))[0];
        var dx = await _database.AddUserAsync(Role.DxTeam);
        await using var db = _database.CreateDbContext();
        // Codes P-001…P-060 with names in the opposite order: sorting by name puts P-060 first.
        for (var i = 1; i <= 60; i++)
            db.Procedures.Add(Procedure.Create(department.Id, new ProcedureFields { Code = $"P-{i:D3}", Name = $"手続{61 - i:D3}" }, dx, Now.AddDays(-i)));
        await db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        _culture.Dispose();
    }

    [Fact]
    public async Task The_list_counts_pages_sorts_and_says_when_nothing_matches()
    {
        await using var ctx = MudContext.Create();
        ctx.Services.AddSingleton<IDbContextFactory<DxDbContext>>(_database);
        ctx.Services.AddSingleton<ProcedureQueries>();
        ctx.Services.AddSingleton(TimeProvider.System);
        ctx.Services.AddSingleton(new EraSettings());
        var grid = ctx.Render<InventoryGrid>(p => p.Add(c => c.Filter, new InventoryFilter()));

        grid.WaitForAssertion(() => Assert.Equal(50, Codes(grid).Count));
        Assert.Equal("60件", grid.Find("[data-testid=inventory-count]").TextContent);
        Assert.Equal("1～50件 / 全60件", PagerInfo(grid));
        Assert.Equal("ascending", Header(grid, InventorySort.Code).GetAttribute("aria-sort"));
        Assert.Equal(["最初のページ", "前のページ", "次のページ", "最後のページ"], PagerButtons(grid).Select(b => b.GetAttribute("aria-label")));
        Assert.Equal([true, true, false, false], PagerButtons(grid).Select(b => b.HasAttribute("disabled")));

        await PagerButtons(grid)[2].ClickAsync(new());
        grid.WaitForAssertion(() => Assert.Equal("51～60件 / 全60件", PagerInfo(grid)));
        Assert.Equal(Enumerable.Range(51, 10).Select(i => $"P-{i:D3}"), Codes(grid));
        Assert.Equal([false, false, true, true], PagerButtons(grid).Select(b => b.HasAttribute("disabled")));

        // A header sorts from the first page; pressed again, the other way.
        await Header(grid, InventorySort.Name).QuerySelector("button")!.ClickAsync(new());
        grid.WaitForAssertion(() => Assert.Equal("P-060", Codes(grid)[0]));
        Assert.Equal("1～50件 / 全60件", PagerInfo(grid));
        Assert.Equal("ascending", Header(grid, InventorySort.Name).GetAttribute("aria-sort"));
        Assert.Null(Header(grid, InventorySort.Code).GetAttribute("aria-sort"));
        await Header(grid, InventorySort.Name).QuerySelector("button")!.ClickAsync(new());
        grid.WaitForAssertion(() => Assert.Equal("P-001", Codes(grid)[0]));
        Assert.Equal("descending", Header(grid, InventorySort.Name).GetAttribute("aria-sort"));

        await grid.Find("[data-testid=inventory-page-size]").ChangeAsync(new ChangeEventArgs { Value = "25" });
        grid.WaitForAssertion(() => Assert.Equal(25, Codes(grid).Count));
        Assert.Equal("1～25件 / 全60件", PagerInfo(grid));

        grid.Render(p => p.Add(c => c.Filter, new InventoryFilter { Search = "該当しない語" }));
        grid.WaitForAssertion(() => Assert.Equal("0件", grid.Find("[data-testid=inventory-count]").TextContent));
        Assert.Empty(Codes(grid));
        Assert.Equal("条件に合う手続はありません。絞り込みを変えてください。", grid.Find("[data-testid=inventory-empty]").TextContent);
        Assert.Equal([true, true, true, true], PagerButtons(grid).Select(b => b.HasAttribute("disabled")));
    }

    private static List<string> Codes(IRenderedComponent<InventoryGrid> grid) =>
        grid.FindAll("tbody td.inventory-code").Select(td => td.TextContent).ToList();

    private static string PagerInfo(IRenderedComponent<InventoryGrid> grid) =>
        grid.FindAll(".inventory-pager p.mud-table-pagination-caption").Single().TextContent;

    private static IReadOnlyList<IElement> PagerButtons(IRenderedComponent<InventoryGrid> grid) =>
        grid.FindAll(".mud-table-pagination-actions button");

    private static IElement Header(IRenderedComponent<InventoryGrid> grid, InventorySort sort) =>
        grid.Find($"th:has(button[data-sort={sort}])");
}
