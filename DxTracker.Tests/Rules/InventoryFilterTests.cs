using DxTracker.Domain.Procedures;

namespace DxTracker.Tests.Rules;

/// <summary>A folded filter panel (on a phone) says how many conditions narrow the list: each condition counts once, the search
/// (always shown) not at all. The search is held trimmed, and a blank one is none.</summary>
[Trait("Kind", "Pure")]
public sealed class InventoryFilterTests
{
    public static TheoryData<InventoryFilter> OneCondition =>
    [
        new InventoryFilter { DivisionId = 1 },
        new InventoryFilter { DepartmentId = 2 },
        new InventoryFilter { Statuses = [ProcedureStatus.UnderReview, ProcedureStatus.InProgress] },
        new InventoryFilter { ObjectionCategory = ObjectionCategory.Seal },
        new InventoryFilter { HasOpenObjection = false },
        new InventoryFilter { StalledOnly = true },
        new InventoryFilter { TargetFiscalYear = 2027 },
        new InventoryFilter { LifeEvent = LifeEvents.Moving },
        new InventoryFilter { Telework = Telework.Possible },
    ];

    [Theory]
    [MemberData(nameof(OneCondition))]
    public void Each_condition_counts_once(InventoryFilter filter)
    {
        Assert.Equal(1, filter.ConditionCount);
        Assert.Equal(1, (filter with { Search = "転入" }).ConditionCount);
    }

    [Fact]
    public void No_condition_but_the_search_counts_none_and_all_count_nine()
    {
        Assert.Equal(0, new InventoryFilter { Search = "転入" }.ConditionCount);
        var all = new InventoryFilter
        {
            Search = "転入", DivisionId = 1, DepartmentId = 2, Statuses = [ProcedureStatus.UnderReview], ObjectionCategory = ObjectionCategory.Seal,
            HasOpenObjection = true, StalledOnly = true, TargetFiscalYear = 2027, LifeEvent = LifeEvents.Moving, Telework = Telework.Possible,
        };
        Assert.Equal(9, all.ConditionCount);
    }

    [Theory]
    [InlineData("  証明 ", "証明")]
    [InlineData("証明　書", "証明　書")]
    [InlineData("　\t ", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void The_search_is_held_trimmed_and_a_blank_one_is_none(string? typed, string? held)
    {
        Assert.Equal(held, new InventoryFilter { Search = typed }.Search);
        Assert.Equal(held, (new InventoryFilter { Search = "転入" } with { Search = typed }).Search);
        Assert.Equal(held, InventoryFilter.SearchOf(typed));
    }
}
