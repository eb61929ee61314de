using Bunit;
using DxTracker.App.Features.Procedures;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reporting;
using DxTracker.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace DxTracker.Tests.Components;

/// <summary>The inventory's single-choice filters are the browser's selects (no component per select or option: eight
/// MudSelects were half of an idle inventory circuit's memory): each is labelled, shows the chosen value, offers "指定なし"
/// first, and applies what is picked; the department list follows the chosen division.</summary>
public sealed class InventoryFiltersTests
{
    private static readonly InventoryChoices Choices = new(
        [(1, "総務部"), (2, "福祉部")],
        [.. Enumerable.Range(1, 40).Select(i => (i, i <= 20 ? 1 : 2, $"第{i}課"))],
        [2026, 2027]);

    [Fact]
    public async Task A_filter_is_a_labelled_native_select_that_shows_and_applies_its_choice()
    {
        using var _ = new CultureScope("ja-JP");
        await using var ctx = MudContext.Create();
        ctx.Services.AddSingleton(new EraSettings());
        ctx.Render<MudPopoverProvider>();
        InventoryFilter? applied = null;
        var filter = new InventoryFilter { DepartmentId = 23, Statuses = [ProcedureStatus.Digitized], TargetFiscalYear = 2027 };
        var filters = ctx.Render<InventoryFilters>(p => p
            .Add(c => c.Filter, filter)
            .Add(c => c.Choices, Choices)
            .Add(c => c.ShowAll, true)
            .Add(c => c.Apply, EventCallback.Factory.Create<InventoryFilter>(this, f => applied = f)));

        // Only the statuses (several at once) are still a MudSelect.
        Assert.Single(filters.FindComponents<MudSelect<ProcedureStatus>>());
        var department = filters.Find("select[data-testid=filter-department]");
        Assert.Equal("課", filters.Find($"label[for={department.Id}]").TextContent);
        Assert.Equal("23", department.GetAttribute("value"));
        var options = department.QuerySelectorAll("option").Select(o => (o.GetAttribute("value"), o.TextContent)).ToList();
        Assert.Equal(("", "指定なし"), options[0]);
        Assert.Equal(41, options.Count);
        Assert.Contains(("23", "第23課"), options);
        Assert.Equal("2027", filters.Find("select[data-testid=filter-year]").GetAttribute("value"));
        Assert.Equal(["", "2026", "2027"], filters.FindAll("select[data-testid=filter-year] option").Select(o => o.GetAttribute("value")));
        Assert.Equal("", filters.Find("select[data-testid=filter-division]").GetAttribute("value"));

        // Picking applies the filter with the other conditions kept; "指定なし" turns it off.
        await department.ChangeAsync(new ChangeEventArgs { Value = "5" });
        Assert.Equal(filter with { DepartmentId = 5 }, applied);
        await filters.Find("select[data-testid=filter-category]").ChangeAsync(new ChangeEventArgs { Value = nameof(ObjectionCategory.Seal) });
        Assert.Equal(filter with { ObjectionCategory = ObjectionCategory.Seal }, applied);
        await filters.Find("select[data-testid=filter-open]").ChangeAsync(new ChangeEventArgs { Value = "false" });
        Assert.False(applied!.HasOpenObjection);
        await filters.Find("select[data-testid=filter-year]").ChangeAsync(new ChangeEventArgs { Value = "" });
        Assert.Null(applied!.TargetFiscalYear);
        // A division replaces the department (which may not be in it).
        await filters.Find("select[data-testid=filter-division]").ChangeAsync(new ChangeEventArgs { Value = "1" });
        Assert.Equal((1, (int?)null), (applied!.DivisionId, applied.DepartmentId));

        // With a division chosen, the department list holds its departments only.
        filters.Render(p => p.Add(c => c.Filter, new InventoryFilter { DivisionId = 2 }));
        var listed = filters.FindAll("select[data-testid=filter-department] option").Skip(1).Select(o => o.TextContent).ToList();
        Assert.Equal(Enumerable.Range(21, 20).Select(i => $"第{i}課"), listed);
    }
}
