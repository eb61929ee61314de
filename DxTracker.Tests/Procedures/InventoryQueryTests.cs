using DxTracker.Domain.Identity;
using DxTracker.Domain.Hearings;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reminders;
using DxTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Tests.Procedures;

/// <summary>The inventory query on a real SQLite file: every filter, sorting, paging and text search run in SQL.</summary>
public sealed class InventoryQueryTests : IAsyncLifetime
{
    private static readonly DateTime Now = new(2026, 6, 1, 3, 0, 0, DateTimeKind.Utc);
    private TestDatabase _database = default!;
    private int _own, _other, _otherDivision;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var first = await _database.AddDepartmentsAsync("A1", "A2");
        var second = await _database.AddDepartmentsAsync("B1");
        (_own, _other, _otherDivision) = (first[0].Id, first[1].Id, second[0].Id);
        var dx = await _database.AddUserAsync(Role.DxTeam);
        await using var db = _database.CreateDbContext();
        db.StallThresholds.AddRange(StallThreshold.Defaults.Select(d => new StallThreshold { Status = d.Key, Days = d.Value }));
        Procedure Add(int department, string code, string name, string? law = null, int? target = null, int daysAgo = 0)
        {
            var p = Procedure.Create(department, new ProcedureFields { Code = code, Name = name, LawName = law, TargetFiscalYear = target }, dx, Now.AddDays(-daysAgo));
            db.Procedures.Add(p);
            return p;
        }
        // P-001: NotConsidered for 100 days (stalled: threshold 60), volume known for 2024 only (2025 unknown).
        var p1 = Add(_own, "P-001", "転入届", "住民基本台帳法", 2026, daysAgo: 100);
        p1.SetVolume(2024, 500, 10, dx, Now.AddDays(-100));
        p1.SetVolume(2025, null, null, dx, Now.AddDays(-100));
        // P-002: ObjectionRaised (seal, open) for 10 days: not stalled.
        var p2 = Add(_own, "P-002", "印鑑登録申請", "条例", 2027, daysAgo: 50);
        p2.MoveTo(ProcedureStatus.ObjectionRaised, dx, Now.AddDays(-10), new MoveDetails(Objection: new NewObjection(ObjectionCategory.Seal, "押印")));
        p2.SetVolume(2025, 3000, null, dx, Now.AddDays(-10));
        // P-003: InProgress, a closed NoSystem objection.
        var p3 = Add(_other, "P-003", "犬の登録", "狂犬病予防法", 2026, daysAgo: 40);
        var noSystem = p3.RaiseObjection(new NewObjection(ObjectionCategory.NoSystem, "システムがない"), dx, Now.AddDays(-40));
        p3.CloseObjection(noSystem, ObjectionOutcome.Countered, dx, Now.AddDays(-39));
        p3.MoveTo(ProcedureStatus.InProgress, dx, Now.AddDays(-30));
        p3.SetVolume(2025, 40, 0, dx, Now.AddDays(-30));
        // P-004: another division, Digitized long ago (not active: never stalled). Name contains an underscore and a percent sign.
        var p4 = Add(_otherDivision, "P-004", "補助金_申請 100%", null, null, daysAgo: 400);
        p4.MoveTo(ProcedureStatus.InProgress, dx, Now.AddDays(-300));
        p4.MoveTo(ProcedureStatus.Digitized, dx, Now.AddDays(-200), new MoveDetails(OnlineFormUrl: "https://example.jp/form"));
        await db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    private async Task<InventoryPage> Query(InventoryFilter filter, InventorySort sort = InventorySort.Code, bool descending = false, int skip = 0, int take = 50)
    {
        await using var db = _database.CreateDbContext();
        return await InventoryQuery.PageAsync(db, filter, sort, descending, skip, take, Now);
    }

    private async Task<string[]> Codes(InventoryFilter filter, InventorySort sort = InventorySort.Code, bool descending = false) =>
        (await Query(filter, sort, descending)).Rows.Select(r => r.Code).ToArray();

    [Fact]
    public async Task Department_and_division_filters_narrow_the_list()
    {
        Assert.Equal(["P-001", "P-002"], await Codes(new InventoryFilter { DepartmentId = _own }));
        var divisionOfOwn = await _database.CreateDbContext().Departments.Where(d => d.Id == _own).Select(d => d.DivisionId).SingleAsync();
        Assert.Equal(["P-001", "P-002", "P-003"], await Codes(new InventoryFilter { DivisionId = divisionOfOwn }));
        Assert.Equal(["P-004"], await Codes(new InventoryFilter { DepartmentId = _otherDivision }));
    }

    [Fact]
    public async Task Status_filter_takes_several_statuses()
    {
        Assert.Equal(["P-001", "P-003"], await Codes(new InventoryFilter { Statuses = [ProcedureStatus.NotConsidered, ProcedureStatus.InProgress] }));
        Assert.Empty(await Codes(new InventoryFilter { Statuses = [ProcedureStatus.Exempt] }));
    }

    [Fact]
    public async Task Objection_filters_tell_open_from_closed_objections()
    {
        Assert.Equal(["P-002"], await Codes(new InventoryFilter { HasOpenObjection = true }));
        Assert.Equal(["P-001", "P-003", "P-004"], await Codes(new InventoryFilter { HasOpenObjection = false }));
        Assert.Equal(["P-003"], await Codes(new InventoryFilter { ObjectionCategory = ObjectionCategory.NoSystem }));
        Assert.Empty(await Codes(new InventoryFilter { ObjectionCategory = ObjectionCategory.NoSystem, HasOpenObjection = true }));
        Assert.Equal(["P-002"], await Codes(new InventoryFilter { ObjectionCategory = ObjectionCategory.Seal, HasOpenObjection = true }));
    }

    [Fact]
    public async Task Stalled_uses_the_thresholds_in_the_database()
    {
        // NotConsidered stalls only once the department has had its first hearing (the one stall rule).
        Assert.Empty(await Codes(new InventoryFilter { StalledOnly = true }));
        await using (var db = _database.CreateDbContext())
        {
            db.HearingSessions.Add(new HearingSession { DepartmentId = _own, HeldOn = DateOnly.FromDateTime(Now.AddDays(-90)), Summary = "ヒアリング" });
            await db.SaveChangesAsync();
        }
        Assert.Equal(["P-001"], await Codes(new InventoryFilter { StalledOnly = true }));
        await using (var db = _database.CreateDbContext())
        {
            await db.StallThresholds.Where(t => t.Status == ProcedureStatus.InProgress).ExecuteUpdateAsync(s => s.SetProperty(t => t.Days, 20));
        }
        Assert.Equal(["P-001", "P-003"], await Codes(new InventoryFilter { StalledOnly = true }));
    }

    [Fact]
    public async Task Target_fiscal_year_filter_matches_exactly()
    {
        Assert.Equal(["P-001", "P-003"], await Codes(new InventoryFilter { TargetFiscalYear = 2026 }));
    }

    [Theory]
    [InlineData("転入", new[] { "P-001" })]
    [InlineData("p-00", new[] { "P-001", "P-002", "P-003", "P-004" })]
    [InlineData("狂犬病", new[] { "P-003" })]
    [InlineData("_", new[] { "P-004" })]
    [InlineData("100%", new[] { "P-004" })]
    [InlineData("存在しない", new string[0])]
    public async Task Text_search_covers_code_name_and_law_and_treats_wildcards_literally(string search, string[] expected)
    {
        Assert.Equal(expected, await Codes(new InventoryFilter { Search = search }));
    }

    [Theory]
    [InlineData("ａｂｃ", new[] { "P-101" })]
    [InlineData("ÉCOLE", new[] { "P-102" })]
    [InlineData("école", new[] { "P-102" })]
    [InlineData("Ｑ-ｘ", new[] { "Ｑ-Ｘ1" })]
    public async Task Text_search_ignores_case_beyond_ASCII_on_both_databases(string search, string[] expected)
    {
        var dx = await _database.AddUserAsync(Role.DxTeam);
        await using (var db = _database.CreateDbContext())
        {
            db.Procedures.Add(Procedure.Create(_own, new ProcedureFields { Code = "P-101", Name = "ＡＢＣ認定申請" }, dx, Now));
            db.Procedures.Add(Procedure.Create(_own, new ProcedureFields { Code = "P-102", Name = "補助金", LawName = "École条例" }, dx, Now));
            db.Procedures.Add(Procedure.Create(_own, new ProcedureFields { Code = "Ｑ-Ｘ1", Name = "全角コード" }, dx, Now));
            await db.SaveChangesAsync();
        }

        Assert.Equal(expected, await Codes(new InventoryFilter { Search = search }));
    }

    [Fact]
    public async Task Sorting_by_each_column_runs_in_the_database()
    {
        Assert.Equal(["P-004", "P-003", "P-002", "P-001"], await Codes(new InventoryFilter(), InventorySort.Code, descending: true));
        // Workflow order: NotConsidered, ObjectionRaised, InProgress, Digitized.
        Assert.Equal(["P-001", "P-002", "P-003", "P-004"], await Codes(new InventoryFilter(), InventorySort.Status));
        // Longest in status first when descending.
        Assert.Equal(["P-004", "P-001", "P-003", "P-002"], await Codes(new InventoryFilter(), InventorySort.DaysInStatus, descending: true));
        Assert.Equal(["P-002", "P-001", "P-003", "P-004"], await Codes(new InventoryFilter(), InventorySort.AnnualVolume, descending: true));
        Assert.Equal(["P-003", "P-001", "P-002", "P-004"], await Codes(new InventoryFilter(), InventorySort.AnnualVolume));
        Assert.Equal("P-002", (await Codes(new InventoryFilter(), InventorySort.OpenObjections, descending: true))[0]);
    }

    [Fact]
    public async Task Paging_returns_one_page_and_the_total()
    {
        var page = await Query(new InventoryFilter(), skip: 2, take: 1);
        Assert.Equal(4, page.TotalCount);
        Assert.Equal("P-003", Assert.Single(page.Rows).Code);
    }

    /// <summary>The total is counted only when the page cannot tell it (a full page, or an empty one past the start): each
    /// way gives the same total.</summary>
    [Theory]
    [InlineData(0, 50, 4, 4)]
    [InlineData(0, 4, 4, 4)]
    [InlineData(0, 3, 3, 4)]
    [InlineData(3, 2, 1, 4)]
    [InlineData(4, 2, 0, 4)]
    [InlineData(10, 2, 0, 4)]
    public async Task The_total_is_the_same_whether_the_page_ends_the_matches_or_not(int skip, int take, int rows, int total)
    {
        var page = await Query(new InventoryFilter(), skip: skip, take: take);
        Assert.Equal((rows, total), (page.Rows.Count, page.TotalCount));
        var none = await Query(new InventoryFilter { Search = "該当しない語" }, skip: skip, take: take);
        Assert.Equal((0, 0), (none.Rows.Count, none.TotalCount));
    }

    [Fact]
    public async Task Rows_carry_the_latest_known_volume_days_in_status_and_open_objections()
    {
        var rows = (await Query(new InventoryFilter())).Rows.ToDictionary(r => r.Code);
        Assert.Equal((500L, 2024), (rows["P-001"].AnnualVolume!.Value, rows["P-001"].AnnualVolumeFiscalYear!.Value));
        Assert.Null(rows["P-004"].AnnualVolume);
        Assert.Equal(100, rows["P-001"].DaysInStatus(Now));
        Assert.Equal((1, 0), (rows["P-002"].OpenObjections, rows["P-003"].OpenObjections));
        Assert.Equal("A1課", rows["P-001"].DepartmentName);
    }
}
