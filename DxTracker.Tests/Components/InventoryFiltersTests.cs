using Bunit;
using DxTracker.App.Features.Procedures;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reporting;
using DxTracker.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace DxTracker.Tests.Components;

/// <summary>A closed select of the inventory's filters holds only its chosen item (an item is a component each circuit keeps:
/// at 200 departments, most of an idle inventory's memory); opened, it offers every choice, and picking one applies it.</summary>
public sealed class InventoryFiltersTests
{
    private static readonly InventoryChoices Choices = new(
        [(1, "総務部"), (2, "福祉部")],
        [.. Enumerable.Range(1, 40).Select(i => (i, i <= 20 ? 1 : 2, $"第{i}課"))],
        [2026, 2027]);

    [Fact]
    public async Task A_closed_select_holds_its_chosen_item_only_and_an_open_one_every_choice()
    {
        using var _ = new CultureScope("ja-JP");
        await using var ctx = MudContext.Create();
        ctx.Services.AddSingleton(new EraSettings());
        ctx.Render<MudPopoverProvider>();
        InventoryFilter? applied = null;
        var filters = ctx.Render<InventoryFilters>(p => p
            .Add(c => c.Filter, new InventoryFilter { DepartmentId = 23, Statuses = [ProcedureStatus.Digitized] })
            .Add(c => c.Choices, Choices)
            .Add(c => c.ShowAll, true)
            .Add(c => c.Apply, EventCallback.Factory.Create<InventoryFilter>(this, f => applied = f)));

        // Closed: the chosen department and status, no division (none chosen), and the chosen department's name shown.
        Assert.Equal([23], Items<int?>(filters).Select(i => i.Instance.Value));
        Assert.Equal([ProcedureStatus.Digitized], Items<ProcedureStatus>(filters).Select(i => i.Instance.Value));
        Assert.Contains("第23課", filters.Find("[data-testid=filter-department]").OuterHtml);

        // Opened: every department (no division chosen: all 40); closed again: the chosen one only.
        var department = filters.FindComponents<MudSelect<int?>>().Single(s => s.Instance.Label == "課");
        await department.InvokeAsync(() => department.Instance.OpenMenu());
        filters.WaitForAssertion(() => Assert.Equal(40, Items<int?>(filters).Count));
        await department.InvokeAsync(() => department.Instance.SelectOption((int?)5));
        Assert.Equal(5, applied?.DepartmentId);
        await department.InvokeAsync(() => department.Instance.CloseMenu(false));
        filters.WaitForAssertion(() => Assert.Equal([23], Items<int?>(filters).Select(i => i.Instance.Value)));
    }

    private static IReadOnlyList<IRenderedComponent<MudSelectItem<T>>> Items<T>(IRenderedComponent<InventoryFilters> filters) =>
        filters.FindComponents<MudSelectItem<T>>();
}
