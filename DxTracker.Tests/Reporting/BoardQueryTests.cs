using DxTracker.Domain.Identity;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reporting;
using DxTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using static DxTracker.Domain.Procedures.ProcedureStatus;

namespace DxTracker.Tests.Reporting;

/// <summary>The board's SQL path on hand-built data in a real SQLite file.</summary>
public sealed class BoardQueryTests : IAsyncLifetime
{
    /// <summary>Today is in FY2026 (令和8年度).</summary>
    private static readonly DateTime Now = new(2026, 11, 27, 3, 0, 0, DateTimeKind.Utc);

    private static readonly FiscalYear Fy2024 = new(2024), Fy2025 = new(2025), Fy2026 = new(2026);

    private TestDatabase _database = default!;
    private Actor _dx = default!;
    private int _dept, _otherDept;
    private int _serial;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(Now));

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var departments = await _database.AddDepartmentsAsync("B1", "B2");
        (_dept, _otherDept) = (departments[0].Id, departments[1].Id);
        _dx = await _database.AddUserAsync(Role.DxTeam);
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private BoardQuery Query => new(_database, _clock);

    [Fact]
    public async Task Exempt_procedures_leave_every_denominator()
    {
        await AddAsync(Utc(2025, 5, 1), [(Utc(2025, 6, 1), InProgress), (Utc(2025, 7, 1), Digitized)], [(2026, 1000, 400)]);
        await AddAsync(Utc(2025, 5, 1), [(Utc(2025, 6, 1), UnderReview)], [(2026, 3000, null)]);
        await AddAsync(Utc(2025, 5, 1), [(Utc(2025, 6, 1), UnderReview), (Utc(2025, 8, 1), Exempt)], [(2026, 50_000, 0)]);

        var total = await Query.TotalAsync(Fy2026);

        Assert.Equal(new Ratio(1, 2), total.Metrics.ShareByCount);
        Assert.Equal(new Ratio(1000, 4000), total.Metrics.ShareByVolume);
        Assert.Equal(new Ratio(400, 1000), total.Metrics.UsageRate);
        Assert.Equal((3, 1), (total.Metrics.ProcedureCount, total.Metrics.ExemptCount));
    }

    [Fact]
    public async Task Unknown_volume_counts_in_the_count_metric_only()
    {
        await AddAsync(Utc(2025, 5, 1), [(Utc(2025, 6, 1), InProgress), (Utc(2025, 7, 1), Digitized)], []);
        await AddAsync(Utc(2025, 5, 1), [(Utc(2025, 6, 1), InProgress), (Utc(2025, 7, 1), Digitized)], [(2026, 200, 50)]);
        await AddAsync(Utc(2025, 5, 1), [], [(2026, 600, null), (2025, null, null)]);
        await AddAsync(Utc(2025, 5, 1), [], [(2026, null, null)]);

        var total = await Query.TotalAsync(Fy2026);

        Assert.Equal(new Ratio(2, 4), total.Metrics.ShareByCount);
        Assert.Equal(new Ratio(200, 800), total.Metrics.ShareByVolume);
        Assert.Equal(new Ratio(50, 200), total.Metrics.UsageRate);
        Assert.Equal(2, total.Metrics.UnknownVolumeCount);
    }

    [Fact]
    public async Task A_missing_year_uses_the_latest_earlier_volume_and_never_a_later_one()
    {
        await AddAsync(Utc(2023, 5, 1), [(Utc(2023, 6, 1), InProgress), (Utc(2023, 7, 1), Digitized)], [(2023, 100, 10), (2025, 300, 30), (2026, null, null)]);
        await AddAsync(Utc(2023, 5, 1), [], [(2025, 700, null)]);

        Assert.Equal(new Ratio(100, 100), (await Query.TotalAsync(Fy2024)).Metrics.ShareByVolume);
        Assert.Equal(1, (await Query.TotalAsync(Fy2024)).Metrics.UnknownVolumeCount);
        Assert.Equal(new Ratio(300, 1000), (await Query.TotalAsync(Fy2025)).Metrics.ShareByVolume);
        var fy2026 = await Query.TotalAsync(Fy2026);
        Assert.Equal(new Ratio(300, 1000), fy2026.Metrics.ShareByVolume);
        Assert.Equal(new Ratio(30, 300), fy2026.Metrics.UsageRate);
    }

    [Fact]
    public async Task Each_year_counts_the_state_of_March_31_after_a_digitize_then_withdraw_history()
    {
        await AddAsync(Utc(2023, 5, 1),
            [(Utc(2023, 9, 1), InProgress), (Utc(2024, 2, 1), Digitized), (Utc(2025, 7, 1), InProgress)],
            [(2023, 1000, 100)]);
        await AddAsync(Utc(2023, 5, 1), [], [(2023, 1000, null)]);
        // Created after FY2023 ended: not part of that year.
        await AddAsync(Utc(2024, 5, 1), [], [(2024, 2000, null)]);

        var query = Query;
        Assert.Equal(new Ratio(1, 2), (await query.TotalAsync(new FiscalYear(2023))).Metrics.ShareByCount);
        var fy2024 = await query.TotalAsync(Fy2024);
        Assert.Equal(new Ratio(1, 3), fy2024.Metrics.ShareByCount);
        Assert.Equal(new Ratio(1000, 4000), fy2024.Metrics.ShareByVolume);
        Assert.Equal(1, fy2024.Count(Digitized));
        var fy2025 = await query.TotalAsync(Fy2025);
        Assert.Equal(new Ratio(0, 3), fy2025.Metrics.ShareByCount);
        Assert.Equal(1, fy2025.Count(InProgress));
        Assert.Equal(2, fy2025.Count(NotConsidered));
        Assert.Equal(0, fy2025.DigitizedInYear);
        Assert.Equal(1, (await query.TotalAsync(new FiscalYear(2023))).DigitizedInYear);
    }

    [Fact]
    public async Task A_move_at_March_31_2359_JST_belongs_to_the_old_year_and_one_at_April_1_0000_JST_to_the_new()
    {
        // 2026-03-31 23:59 JST = 2026-03-31 14:59 UTC; 2026-04-01 00:00 JST = 2026-03-31 15:00 UTC.
        var lastMinute = new DateTime(2026, 3, 31, 14, 59, 0, DateTimeKind.Utc);
        var firstMinute = new DateTime(2026, 3, 31, 15, 0, 0, DateTimeKind.Utc);
        Assert.Equal(Fy2025.EndUtc, firstMinute);
        await AddAsync(Utc(2025, 5, 1), [(Utc(2025, 6, 1), InProgress), (lastMinute, Digitized)], [(2025, 100, 10)]);
        await AddAsync(Utc(2025, 5, 1), [(Utc(2025, 6, 1), InProgress), (firstMinute, Digitized)], [(2025, 100, 10)]);

        var fy2025 = await Query.TotalAsync(Fy2025);
        var fy2026 = await Query.TotalAsync(Fy2026);

        Assert.Equal(new Ratio(1, 2), fy2025.Metrics.ShareByCount);
        Assert.Equal((1, 1), (fy2025.Count(Digitized), fy2025.Count(InProgress)));
        Assert.Equal(1, fy2025.DigitizedInYear);
        Assert.Equal(new Ratio(2, 2), fy2026.Metrics.ShareByCount);
        Assert.Equal(1, fy2026.DigitizedInYear);
    }

    [Fact]
    public async Task The_board_splits_by_department_and_lists_wins_objections_and_stalls()
    {
        var big = await AddAsync(Utc(2025, 5, 1), [(Utc(2025, 6, 1), ObjectionRaised)], [(2026, 9000, null)], ObjectionCategory.Seal);
        await AddAsync(Utc(2025, 5, 1), [(Utc(2025, 6, 1), InProgress), (Utc(2026, 5, 1), Digitized)], [(2026, 20_000, 5000)]);
        var small = await AddAsync(Utc(2025, 5, 1), [(Now.AddDays(-10), UnderReview)], [(2025, 500, null)], department: _otherDept);
        await AddAsync(Utc(2025, 5, 1), [(Utc(2025, 6, 1), UnderReview), (Utc(2025, 7, 1), Exempt)], [(2026, 90_000, null)], department: _otherDept);

        var board = await Query.LoadAsync();

        Assert.Equal(Fy2026, board.Year);
        Assert.True(board.IsCurrentYear);
        Assert.Equal([Fy2025, Fy2026], board.Years);
        var division = Assert.Single(board.Divisions);
        Assert.Equal([_dept, _otherDept], division.Departments.Select(d => d.Id));
        var first = division.Departments[0].Figures;
        Assert.Equal(new Ratio(1, 2), first.Metrics.ShareByCount);
        Assert.Equal((1, 1, 1), (first.OpenObjections, first.StalledNow, first.DigitizedInYear));
        var second = division.Departments[1].Figures;
        Assert.Equal(new Ratio(0, 1), second.Metrics.ShareByCount);
        Assert.Equal((0, 0), (second.OpenObjections, second.StalledNow));
        Assert.Equal(new Ratio(20_000, 29_500), board.Total.Metrics.ShareByVolume);
        Assert.Equal([big, small], board.NextWins.Select(w => w.Id));
        Assert.Equal([ObjectionCategory.Seal], board.NextWins[0].OpenObjectionCategories);
        Assert.Equal(Fy2025, board.NextWins[1].VolumeYear);
        Assert.Equal([new CategoryCount(ObjectionCategory.Seal, 1)], board.OpenObjectionsByCategory);
        var trend = await Query.TrendAsync(TestContext.Current.CancellationToken);
        Assert.Equal([Fy2025, Fy2026], trend.Select(t => t.Year));
        Assert.Equal(board.Total.Metrics, trend[^1].Metrics);
        Assert.Equal(1, trend[^1].DigitizedInYear);
    }

    [Fact]
    public async Task A_procedure_created_at_April_1_0000_JST_belongs_to_the_new_year_and_not_to_the_old()
    {
        // 2026-04-01 00:00 JST = 2026-03-31 15:00 UTC, the first instant of FY2026.
        var firstInstant = new DateTime(2026, 3, 31, 15, 0, 0, DateTimeKind.Utc);
        await AddAsync(Utc(2025, 5, 1), [], [(2025, 100, null)]);
        await AddAsync(firstInstant, [], [(2025, 300, null)]);
        await AddAsync(firstInstant.AddSeconds(-1), [(firstInstant, UnderReview)], [(2025, 500, null)]);

        var fy2025 = await Query.TotalAsync(Fy2025);
        var fy2026 = await Query.TotalAsync(Fy2026);

        Assert.Equal((2, 2), (fy2025.Metrics.ProcedureCount, fy2025.Count(NotConsidered)));
        Assert.Equal(new Ratio(0, 600), fy2025.Metrics.ShareByVolume);
        Assert.Equal((3, 2, 1), (fy2026.Metrics.ProcedureCount, fy2026.Count(NotConsidered), fy2026.Count(UnderReview)));
        Assert.Equal(new Ratio(0, 900), fy2026.Metrics.ShareByVolume);
    }

    [Fact]
    public async Task The_SQL_path_and_the_pure_functions_agree_with_the_naive_model_on_random_histories()
    {
        var departments = new[] { _dept, _otherDept };
        var histories = MetricsOracle.RandomHistories(new Random(20261127), 120, 2021, 2026, Now, departments);
        foreach (var h in histories)
            await AddAsync(h.CreatedAtUtc, h.Moves.Select(m => (m.AtUtc, m.To)), h.Volumes.Select(v => (v.Key, v.Value.Total, v.Value.Online)), department: h.DepartmentId);

        await using var db = _database.CreateDbContext();
        var procedures = await db.Procedures.AsNoTracking().Include(p => p.History).Include(p => p.Volumes).ToListAsync(TestContext.Current.CancellationToken);
        var board = await Query.LoadAsync(ct: TestContext.Current.CancellationToken);
        var trend = await Query.TrendAsync(TestContext.Current.CancellationToken);
        var firstYear = procedures.SelectMany(p => p.History.Select(h => FiscalYear.Of(h.AtUtc).Year)
            .Concat(p.Volumes.Where(v => v.Total is not null).Select(v => v.FiscalYear))).Min();
        Assert.Equal(Enumerable.Range(firstYear, 2026 - firstYear + 1).Select(y => new FiscalYear(y)), board.Years);
        foreach (var year in board.Years)
        {
            var yearBoard = await Query.LoadAsync(year, ct: TestContext.Current.CancellationToken);
            foreach (var department in departments.Select(d => (int?)d).Append(null))
            {
                var expected = Metrics.Compute(procedures.Where(p => department is null || p.DepartmentId == department)
                    .Select(p => (p, Status: year == Fy2026 ? p.Status : Metrics.StatusAsOf(p.CreatedAtUtc, p.Status, p.History.OrderBy(h => h.Id).Select(h => (h.AtUtc, h.FromStatus, h.ToStatus)), year.EndUtc)))
                    .Where(x => x.Status is not null)
                    .Select(x =>
                    {
                        var (total, online) = Metrics.VolumeFor(year.Year, x.p.Volumes.Select(v => (v.FiscalYear, v.Total, v.Online)));
                        return new ProcedureFacts(x.Status!.Value, total, online);
                    }));
                var expectedDigitized = procedures.Count(p => (department is null || p.DepartmentId == department)
                    && p.History.Any(h => h.ToStatus == Digitized && year.Contains(h.AtUtc)));
                var actual = department is { } id ? yearBoard.Divisions.SelectMany(d => d.Departments).Single(d => d.Id == id).Figures : yearBoard.Total;
                var model = histories.Where(h => department is null || h.DepartmentId == department).ToList();
                Assert.Equal(MetricsOracle.Figures(model, year.Year), expected);
                Assert.Equal(MetricsOracle.Figures(model, year.Year), actual.Metrics);
                Assert.Equal(MetricsOracle.DigitizedDuring(model, year.Year), expectedDigitized);
                Assert.Equal(expectedDigitized, actual.DigitizedInYear);
            }
            Assert.Equal(yearBoard.Total.Metrics, trend.Single(t => t.Year == year).Metrics);
        }
        // The data must exercise what the test claims to check.
        Assert.Contains(procedures, p => p.Status == Exempt);
        Assert.Contains(procedures, p => p.History.Any(h => h.FromStatus == Digitized));
        Assert.Contains(histories, h => h.CreatedAtUtc == FiscalYear.Of(h.CreatedAtUtc).StartUtc);
        Assert.Contains(histories, h => h.Moves.Any(m => m.AtUtc == FiscalYear.Of(m.AtUtc).StartUtc));
        Assert.True(trend.Select(t => t.Metrics).Distinct().Count() > 3);
    }

    [Fact]
    public async Task A_closed_year_is_stored_on_first_use_and_then_read_from_the_store()
    {
        await AddAsync(Utc(2024, 5, 1), [(Utc(2024, 6, 1), InProgress), (Utc(2025, 7, 1), Digitized)], [(2025, 1000, 400)]);
        await AddAsync(Utc(2024, 5, 1), [], [(2025, 3000, null)], department: _otherDept);
        var ct = TestContext.Current.CancellationToken;

        var computed = await Query.LoadAsync(Fy2025, ct: ct);

        await using var db = _database.CreateDbContext();
        var stamp = await db.HistoryStamps.Select(s => s.Value).SingleAsync(ct);
        var stored = await db.ClosedYearFigures.AsNoTracking().OrderBy(f => f.DepartmentId).ToListAsync(ct);
        Assert.All(stored, f => Assert.Equal((2025, stamp), (f.Year, f.Stamp)));
        Assert.Equal([_dept, _otherDept], stored.Select(f => f.DepartmentId));
        Assert.Equal((1, 1, 1000L), (stored[0].Digitized, stored[0].DigitizedInYear, stored[0].VolumeDigitized));
        // The current year is never stored: it changes with every move.
        await Query.LoadAsync(Fy2026, ct: ct);
        Assert.False(await db.ClosedYearFigures.AnyAsync(f => f.Year == 2026, ct));

        // A second load answers from the stored rows (altered here behind the app's back to tell the two apart).
        await db.ClosedYearFigures.Where(f => f.DepartmentId == _otherDept).ExecuteUpdateAsync(u => u.SetProperty(f => f.VolumeAll, 5000L), ct);
        var read = await Query.LoadAsync(Fy2025, ct: ct);
        Assert.Equal(new Ratio(1000, 4000), computed.Total.Metrics.ShareByVolume);
        Assert.Equal(new Ratio(1000, 6000), read.Total.Metrics.ShareByVolume);
        Assert.Equal(computed.Total.Metrics.ShareByCount, read.Total.Metrics.ShareByCount);
    }

    [Fact]
    public async Task Setting_a_volume_of_a_closed_year_afterwards_invalidates_the_stored_year()
    {
        var id = await AddAsync(Utc(2024, 5, 1), [(Utc(2024, 6, 1), InProgress), (Utc(2025, 7, 1), Digitized)], [(2025, 1000, 400)]);
        await AddAsync(Utc(2024, 5, 1), [], [(2025, 3000, null)]);
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(new Ratio(1000, 4000), (await Query.TotalAsync(Fy2025, ct)).Metrics.ShareByVolume);
        var stampBefore = await StampAsync();

        // In FY2026 the department enters FY2025's corrected figure (the usual April chore).
        await Service.SetVolumeAsync(_dx.UserId, id, await VersionAsync(id), 2025, 2000, 500, ct);

        Assert.NotEqual(stampBefore, await StampAsync());
        var fy2025 = await Query.TotalAsync(Fy2025, ct);
        Assert.Equal(new Ratio(2000, 5000), fy2025.Metrics.ShareByVolume);
        Assert.Equal(new Ratio(500, 2000), fy2025.Metrics.UsageRate);
        var trend = await Query.TrendAsync(ct);
        Assert.Equal(fy2025.Metrics, trend.Single(t => t.Year == Fy2025).Metrics);
    }

    [Fact]
    public async Task Writes_to_the_current_year_keep_the_stored_years()
    {
        var id = await AddAsync(Utc(2024, 5, 1), [(Utc(2024, 6, 1), InProgress)], [(2025, 1000, null)]);
        var ct = TestContext.Current.CancellationToken;
        var fy2025 = await Query.TotalAsync(Fy2025, ct);
        var stampBefore = await StampAsync();

        await Service.SetVolumeAsync(_dx.UserId, id, await VersionAsync(id), 2026, 1500, 700, ct);
        await Service.MoveStatusAsync(_dx.UserId, id, await VersionAsync(id), Digitized, new MoveDetails(OnlineFormUrl: "https://form.example.jp/x"), ct);

        Assert.Equal(stampBefore, await StampAsync());
        var again = await Query.TotalAsync(Fy2025, ct);
        Assert.Equal(fy2025.Metrics, again.Metrics);
        Assert.Equal(fy2025.StatusCounts, again.StatusCounts);
        Assert.Equal(1, again.Count(InProgress));
        Assert.Equal(new Ratio(1500, 1500), (await Query.TotalAsync(Fy2026, ct)).Metrics.ShareByVolume);
    }

    [Fact]
    public async Task Moving_a_procedure_to_another_department_invalidates_the_stored_years()
    {
        var id = await AddAsync(Utc(2024, 5, 1), [(Utc(2024, 6, 1), InProgress), (Utc(2024, 7, 1), Digitized)], [(2024, 1000, 400)]);
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(new Ratio(1, 1), DepartmentFigures(await Query.LoadAsync(Fy2024, ct: ct), _dept).Metrics.ShareByCount);
        var audit = _database.Audit(_clock);
        var admin = new ProcedureAdminService(_database, _clock, audit, Microsoft.Extensions.Logging.Abstractions.NullLogger<ProcedureAdminService>.Instance);

        await admin.AssignAsync(_dx.UserId, id, await VersionAsync(id), _otherDept, ct);

        var fy2024 = await Query.LoadAsync(Fy2024, ct: ct);
        Assert.Equal(0, DepartmentFigures(fy2024, _dept).Metrics.ProcedureCount);
        Assert.Equal(new Ratio(1, 1), DepartmentFigures(fy2024, _otherDept).Metrics.ShareByCount);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // DxDbContext.SaveChanges asks the database the same question as SaveChangesAsync
    public async Task A_move_recorded_with_a_time_inside_a_stored_year_invalidates_it(bool synchronousSave)
    {
        // A writer whose clock still reads FY2025 (e.g. a late save around the year's end) after the board stored FY2025.
        await AddAsync(Utc(2024, 5, 1), [(Utc(2024, 6, 1), InProgress)], [(2025, 1000, null)]);
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(0, (await Query.TotalAsync(Fy2025, ct)).Count(Digitized));

        await AddAsync(Utc(2024, 5, 1), [(Utc(2025, 6, 1), InProgress), (Utc(2026, 3, 1), Digitized)], [(2025, 10, 1)], synchronousSave: synchronousSave);

        var fy2025 = await Query.TotalAsync(Fy2025, ct);
        Assert.Equal((1, 1), (fy2025.Count(Digitized), fy2025.DigitizedInYear));
    }

    [Fact]
    public async Task A_stale_stored_year_is_computed_again_and_replaced_under_the_new_stamp()
    {
        var id = await AddAsync(Utc(2024, 5, 1), [(Utc(2024, 6, 1), InProgress)], [(2025, 1000, null)]);
        var ct = TestContext.Current.CancellationToken;
        await Query.TotalAsync(Fy2025, ct);
        await using var db = _database.CreateDbContext();
        var storedUnder = await db.ClosedYearFigures.Select(f => f.Stamp).Distinct().ToListAsync(ct);

        await Service.SetVolumeAsync(_dx.UserId, id, await VersionAsync(id), 2025, 4000, null, ct);
        var stamp = await StampAsync();

        Assert.NotEqual(stamp, Assert.Single(storedUnder)); // nothing stored counts any more
        Assert.Equal(4000, (await Query.TotalAsync(Fy2025, ct)).Metrics.ShareByVolume.Denominator);
        Assert.Equal([stamp], await db.ClosedYearFigures.Select(f => f.Stamp).Distinct().ToListAsync(ct));
    }

    [Fact]
    public async Task Boards_storing_the_same_closed_year_at_once_both_answer_and_leave_one_set_of_rows()
    {
        await AddAsync(Utc(2024, 5, 1), [(Utc(2024, 6, 1), InProgress), (Utc(2025, 7, 1), Digitized)], [(2025, 1000, 400)]);
        await AddAsync(Utc(2024, 5, 1), [], [(2025, 3000, null)], department: _otherDept);
        var ct = TestContext.Current.CancellationToken;
        // The four boards overlap for sure: each stops before the transaction that stores the year until all four have
        // found it missing and computed it.
        var rendezvous = new Rendezvous(4, "boards about to store the closed year", TimeSpan.FromSeconds(60));
        var factory = rendezvous.Factory(_database, Rendezvous.Point.FirstTransaction);

        var totals = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => new BoardQuery(factory, _clock).TotalAsync(Fy2025, ct), ct)));

        Assert.True(rendezvous.Met, "the four boards were storing the year at once");
        Assert.All(totals, t => Assert.Equal(new Ratio(1000, 4000), t.Metrics.ShareByVolume));
        await using var db = _database.CreateDbContext();
        Assert.Equal([_dept, _otherDept], await db.ClosedYearFigures.Where(f => f.Year == 2025).OrderBy(f => f.DepartmentId).Select(f => f.DepartmentId).ToListAsync(ct));
    }

    private ProcedureService Service => new(_database, _clock, _database.Audit(_clock));

    private static UnitFigures DepartmentFigures(ProgressBoard board, int departmentId) =>
        board.Divisions.SelectMany(d => d.Departments).Single(d => d.Id == departmentId).Figures;

    private async Task<Guid> StampAsync()
    {
        await using var db = _database.CreateDbContext();
        return await db.HistoryStamps.Select(s => s.Value).SingleAsync();
    }

    private async Task<int> VersionAsync(int procedureId)
    {
        await using var db = _database.CreateDbContext();
        return await db.Procedures.Where(p => p.Id == procedureId).Select(p => p.Version).SingleAsync();
    }

    /// <summary>Adds a procedure created at <paramref name="createdAt"/> that makes <paramref name="moves"/> (each with what the
    /// move needs; a move into ObjectionRaised raises an open objection), with its volumes. Returns its id.</summary>
    private Task<int> AddAsync(DateTime createdAt, IEnumerable<(DateTime At, ProcedureStatus To)> moves,
        IEnumerable<(int Year, long? Total, long? Online)> volumes, ObjectionCategory? openObjection = null, int? department = null, bool synchronousSave = false)
    {
        ++_serial;
        return Histories.AddAsync(_database, _dx, department ?? _dept, $"P-{_serial:D4}", $"手続{_serial}", createdAt, moves, volumes, openObjection, synchronousSave);
    }

    private static DateTime Utc(int y, int m, int d) => new(y, m, d, 0, 0, 0, DateTimeKind.Utc);
}
