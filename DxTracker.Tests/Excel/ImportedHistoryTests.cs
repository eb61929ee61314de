using System.Globalization;
using ClosedXML.Excel;
using DxTracker.Domain.Excel;
using DxTracker.Domain.Identity;
using DxTracker.Domain.National;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reporting;
using DxTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;
using C = DxTracker.Domain.Excel.InventoryColumns;
using static DxTracker.Tests.Excel.ExcelFixtures;

namespace DxTracker.Tests.Excel;

/// <summary>History from before the tracker: a first inventory's 電子化日 / 状態変更日 date the moves, so the board's past
/// fiscal years are right from day one; later imports never rewrite it.</summary>
public sealed class ImportedHistoryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>One inventory row: its status and the date it was reached (null: no date in the sheet).</summary>
    private sealed record Planned(string Code, string Name, string Department, ProcedureStatus Status, DateOnly? On);

    private static byte[] Inventory(IReadOnlyList<Planned> rows, bool someAsExcelDates = true)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet(C.SheetName);
        string[] headers = [C.Code, C.Name, C.DepartmentCode, C.Status, C.Url, C.DigitizedOn, C.StatusSince];
        for (var c = 0; c < headers.Length; c++)
            sheet.Cell(1, c + 1).SetValue(headers[c]);
        for (var i = 0; i < rows.Count; i++)
        {
            var (r, row) = (i + 2, rows[i]);
            sheet.Cell(r, 1).SetValue(row.Code);
            sheet.Cell(r, 2).SetValue(row.Name);
            sheet.Cell(r, 3).SetValue(row.Department);
            sheet.Cell(r, 4).SetValue(InventoryWords.Status(row.Status));
            if (row.Status == ProcedureStatus.Digitized)
                sheet.Cell(r, 5).SetValue($"https://example.jp/form/{row.Code}");
            if (row.On is not { } on)
                continue;
            var cell = sheet.Cell(r, row.Status == ProcedureStatus.Digitized ? 6 : 7);
            // Half the dates typed as text, half as Excel dates.
            if (someAsExcelDates && i % 2 == 0)
            {
                cell.SetValue(on.ToDateTime(TimeOnly.MinValue));
                cell.Style.DateFormat.Format = "yyyy/m/d";
            }
            else
            {
                cell.SetValue(on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }
        }
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    /// <summary>2,000 procedures named from the national survey (../shared/data, embedded in the Domain): half online since a day
    /// of 令和元年度–令和6年度, a quarter in progress since such a day, a quarter not considered (no date).</summary>
    private static List<Planned> Plan()
    {
        var names = NationalCatalogue.ReadEmbedded().Select(p => p.Name).Distinct().Take(2_000).ToList();
        var random = new Random(18);
        var first = new DateOnly(2019, 4, 1);
        var days = new DateOnly(2026, 3, 31).DayNumber - first.DayNumber + 1;
        return names.Select((name, i) => (i % 4) switch
        {
            0 or 1 => new Planned($"H{i:D5}", name, i % 3 == 0 ? "A01" : "B02", ProcedureStatus.Digitized, first.AddDays(random.Next(days))),
            2 => new Planned($"H{i:D5}", name, "A01", ProcedureStatus.InProgress, first.AddDays(random.Next(days))),
            _ => new Planned($"H{i:D5}", name, "B02", ProcedureStatus.NotConsidered, null),
        }).ToList();
    }

    /// <summary>The test's own count of a fiscal year's end (April 1, 00:00 in Japan): each planned procedure is in its status from
    /// its date on, 未検討 before; it exists from the earliest date of the sheet.</summary>
    private static (int[] Statuses, int DigitizedInYear) Expected(IReadOnlyList<Planned> plan, int fiscalYear)
    {
        var start = new DateOnly(fiscalYear, 4, 1);
        var end = new DateOnly(fiscalYear + 1, 4, 1);
        var existedSince = plan.Min(p => p.On)!.Value;
        var statuses = new int[Enum.GetValues<ProcedureStatus>().Length];
        if (existedSince < end)
        {
            foreach (var p in plan)
                statuses[(int)(p.On is { } on && on < end ? p.Status : ProcedureStatus.NotConsidered)]++;
        }
        var inYear = plan.Count(p => p.Status == ProcedureStatus.Digitized && p.On >= start && p.On < end);
        return (statuses, inYear);
    }

    [Fact]
    public async Task A_first_inventory_of_2000_procedures_dates_their_history_and_the_boards_past_years_match_an_independent_count()
    {
        Japanese();
        await using var database = await TestDatabase.CreateAsync();
        await database.AddDepartmentsAsync("A01", "B02");
        var dx = await database.AddUserAsync(Role.DxTeam, name: "山田 花子");
        var plan = Plan();
        Assert.Equal(2_000, plan.Count);

        var outcome = await ImportAsync(database, dx, Inventory(plan));
        Assert.True(outcome.IsValid, string.Join("\n", outcome.Issues.Take(5)));
        Assert.Equal((2_000, true), (outcome.New, outcome.Committed));

        var board = Board(database);
        for (var year = 2019; year <= 2025; year++)
        {
            var figures = await board.TotalAsync(new FiscalYear(year), Ct);
            var (statuses, inYear) = Expected(plan, year);
            Assert.Equal(statuses, figures.StatusCounts);
            Assert.Equal(inYear, figures.DigitizedInYear);
            Assert.Equal(new Ratio(statuses[(int)ProcedureStatus.Digitized], 2_000), figures.Metrics.ShareByCount);
        }
        // The year of the import: every procedure in its status.
        var now = await board.TotalAsync(new FiscalYear(2026), Ct);
        Assert.Equal(plan.Count(p => p.Status == ProcedureStatus.Digitized), now.Count(ProcedureStatus.Digitized));

        await using (var db = database.CreateDbContext())
        {
            // Each move marked as imported, by whom and when; none in the future; existence from the earliest date of the sheet.
            var moves = await db.StatusChanges.AsNoTracking().ToListAsync(Ct);
            Assert.All(moves, m => Assert.Equal(((DateTime?)Now, dx.UserId, "山田 花子"), (m.ImportedAtUtc, m.ByUserId, m.ByName)));
            Assert.All(moves, m => Assert.True(m.AtUtc <= Now));
            var earliest = plan.Min(p => p.On)!.Value;
            var created = await db.Procedures.Select(p => p.CreatedAtUtc).Distinct().ToListAsync(Ct);
            Assert.Equal(new[] { earliest.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) - FiscalYear.JapanOffset }, created);
            // A procedure online since a day of 令和2年 moved there that day (00:00 in Japan), walking the workflow's path.
            var sample = plan.First(p => p.Status == ProcedureStatus.Digitized && p.On!.Value.Year == 2020);
            var history = await db.StatusChanges.Where(s => db.Procedures.Any(p => p.Id == s.ProcedureId && p.Code == sample.Code)).OrderBy(s => s.Id).ToListAsync(Ct);
            Assert.Equal(ProcedureStatus.Digitized, history[^1].ToStatus);
            Assert.All(history, h => Assert.Equal(sample.On!.Value, DateOnly.FromDateTime(FiscalYear.ToJapan(h.AtUtc))));
        }

        // A later import never rewrites history: a changed 電子化日 is ignored, a new move is dated at that import.
        var later = Now.AddDays(30);
        var digitizedOne = plan.First(p => p.Status == ProcedureStatus.Digitized);
        var notConsidered = plan.First(p => p.Status == ProcedureStatus.NotConsidered);
        var edited = plan.Select(p => p == digitizedOne ? p with { On = new DateOnly(2019, 4, 2) }
            : p == notConsidered ? p with { Status = ProcedureStatus.UnderReview, On = new DateOnly(2020, 5, 1) } : p).ToList();
        var second = await ImportAsync(database, dx, Inventory(edited), later);
        Assert.Equal((0, 1, true), (second.New, second.Changed, second.Committed));
        var freshBoard = new BoardQuery(database, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(later)));
        for (var year = 2019; year <= 2025; year++)
            Assert.Equal(Expected(plan, year).Statuses, (await freshBoard.TotalAsync(new FiscalYear(year), Ct)).StatusCounts);
        await using (var db = database.CreateDbContext())
        {
            var move = await db.StatusChanges.Where(s => db.Procedures.Any(p => p.Id == s.ProcedureId && p.Code == notConsidered.Code)).SingleAsync(Ct);
            Assert.Equal((later, (DateTime?)later), (move.AtUtc, move.ImportedAtUtc));
        }
    }

    [Fact]
    public async Task Dates_in_the_future_unreadable_or_on_a_procedure_not_online_are_refused_by_row_and_column()
    {
        Japanese();
        await using var database = await TestDatabase.CreateAsync();
        await database.AddDepartmentsAsync("A01");
        var dx = await database.AddUserAsync(Role.DxTeam);
        var tomorrow = DateOnly.FromDateTime(FiscalYear.ToJapan(Now)).AddDays(1);
        var file = Edit(Inventory(
        [
            new("F1", "未来の電子化", "A01", ProcedureStatus.Digitized, tomorrow),
            new("F2", "読めない日付", "A01", ProcedureStatus.InProgress, new DateOnly(2021, 1, 1)),
            new("F3", "電子化していない", "A01", ProcedureStatus.InProgress, new DateOnly(2021, 1, 1)),
            new("F4", "今日", "A01", ProcedureStatus.InProgress, DateOnly.FromDateTime(FiscalYear.ToJapan(Now))),
        ], someAsExcelDates: false), s =>
        {
            s.Set(2, C.StatusSince, "令和3年ごろ");
            s.Set(3, C.DigitizedOn, "2021-01-01");
        });

        var outcome = await ValidateAsync(database, dx, file);
        Assert.Equal([(2, C.DigitizedOn), (3, C.StatusSince), (4, C.DigitizedOn)], outcome.Issues.Select(i => (i.Row, i.Column)).ToList());
        Assert.Equal($"「{tomorrow:yyyy-MM-dd}」は未来の日付です。今日以前の日付にしてください。", outcome.Issues[0].Reason);
        Assert.Equal("「令和3年ごろ」は日付として読めません（例：2021-04-01、1989年以降）。", outcome.Issues[1].Reason);
        Assert.Equal("電子化日は状態が「電子化済」の手続にだけ書けます。", outcome.Issues[2].Reason);
        Assert.False((await ImportAsync(database, dx, file)).Committed);
        await using var db = database.CreateDbContext();
        Assert.Equal(0, await db.Procedures.CountAsync(Ct));
    }
}
