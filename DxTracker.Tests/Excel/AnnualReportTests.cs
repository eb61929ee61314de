using System.Globalization;
using ClosedXML.Excel;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DxTracker.Domain.Excel;
using DxTracker.Domain.Hearings;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reporting;
using DxTracker.Domain.Resources;
using DxTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static DxTracker.Tests.Excel.ExcelFixtures;
using A = DocumentFormat.OpenXml.Drawing;
using C = DocumentFormat.OpenXml.Drawing.Charts;

namespace DxTracker.Tests.Excel;

public sealed class AnnualReportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly FiscalYear Fy2025 = new(2025);
    private const string Formula = "=HYPERLINK(\"http://evil.example/\",\"x\")";

    /// <summary>Japan-time wall clock → UTC.</summary>
    private static DateTime Jst(int y, int m, int d, int h = 10) => new DateTime(y, m, d, h, 0, 0, DateTimeKind.Utc) - FiscalYear.JapanOffset;

    /// <summary>FY2025 (令和7年度) as of 2026-03-31: P1 digitized in the year, P2 not considered (FY2024 volume only),
    /// P3 exempted in the year, P4 in progress then (digitized after the year), P5 created in the year with unknown volume,
    /// P6 created after the year.</summary>
    internal static async Task<(TestDatabase Db, Actor Dx)> SeedAsync()
    {
        var database = await TestDatabase.CreateAsync();
        var departments = await database.AddDepartmentsAsync("A01", "B02");
        var (a, b) = (departments[0].Id, departments[1].Id);
        var dx = await database.AddUserAsync(Role.DxTeam, name: "山田 花子");
        await using var db = database.CreateDbContext();
        Procedure New(int department, string code, string name, DateTime created) =>
            Procedure.Create(department, new ProcedureFields { Code = code, Name = name, TargetFiscalYear = 2026 }, dx, created);

        var p1 = New(a, "P1", "転入届", Jst(2024, 6, 1));
        p1.MoveTo(ProcedureStatus.InProgress, dx, Jst(2024, 10, 1));
        p1.MoveTo(ProcedureStatus.Digitized, dx, Jst(2025, 5, 10), new MoveDetails(OnlineFormUrl: "https://example.jp/p1"));
        p1.SetVolume(2025, 1000, 400, dx, Jst(2025, 5, 10));
        var p2 = New(a, "P2", "犬の登録", Jst(2024, 6, 1));
        p2.SetVolume(2024, 500, 0, dx, Jst(2024, 6, 1));
        p2.RaiseObjection(new NewObjection(ObjectionCategory.Seal, "押印が必要"), dx, Jst(2025, 8, 1));
        var p3 = New(b, "P3", "道路占用許可", Jst(2024, 6, 1));
        p3.MoveTo(ProcedureStatus.UnderReview, dx, Jst(2025, 6, 1));
        p3.MoveTo(ProcedureStatus.Exempt, dx, Jst(2025, 7, 1), new MoveDetails(ExemptReason: "現地確認が必須"));
        var p4 = New(b, "P4", "児童手当", Jst(2024, 6, 1));
        p4.MoveTo(ProcedureStatus.InProgress, dx, Jst(2024, 8, 1));
        p4.MoveTo(ProcedureStatus.Digitized, dx, Jst(2026, 5, 1), new MoveDetails(OnlineFormUrl: "https://example.jp/p4"));
        p4.SetVolume(2025, 300, null, dx, Jst(2024, 8, 1));
        var p5 = New(b, "P5", Formula, Jst(2025, 10, 1));
        var p6 = New(b, "P6", "新制度の申請", Jst(2026, 4, 10));
        db.Procedures.AddRange(p1, p2, p3, p4, p5, p6);
        db.HearingSessions.Add(new HearingSession { DepartmentId = a, HeldOn = new DateOnly(2025, 9, 1), Summary = "-押印の廃止を相談", DxTeamMembers = "山田", DepartmentAttendees = "課長", RecordedByName = "山田" });
        db.HearingSessions.Add(new HearingSession { DepartmentId = b, HeldOn = new DateOnly(2025, 3, 31), Summary = "前年度", RecordedByName = "山田" });
        await db.SaveChangesAsync(Ct);
        return (database, dx);
    }

    private static async Task<XLWorkbook> ReportAsync(TestDatabase database) =>
        new(new MemoryStream(await Reports(database).BuildAsync(Fy2025, Ct)));

    private static IXLRangeRow RowWith(IXLWorksheet sheet, int column, string text) =>
        sheet.RangeUsed().Rows().First(r => r.Cell(column).GetString() == text);

    [Fact]
    public async Task The_report_has_eight_sheets_each_a_filtered_table_with_a_frozen_header()
    {
        Japanese();
        var (database, _) = await SeedAsync();
        await using var _ = database;
        using var workbook = await ReportAsync(database);
        Assert.Equal(["概要", "課別", "在宅勤務・BPRの指標", "手続一覧", "在宅勤務・BPR", "ヒアリング", "課題・異議", "状態変更"], workbook.Worksheets.Select(w => w.Name));
        foreach (var sheet in workbook.Worksheets)
        {
            var table = Assert.Single(sheet.Tables);
            Assert.True(table.ShowAutoFilter);
            Assert.Equal(1, sheet.SheetView.SplitRow);
            Assert.Equal(1, table.RangeAddress.FirstAddress.RowNumber);
            Assert.Equal(table.Fields.Select(f => f.Name), sheet.Row(1).Cells(1, table.ColumnCount()).Select(c => c.GetString()));
            Assert.All(Enumerable.Range(1, table.ColumnCount()), c => Assert.InRange(sheet.Column(c).Width, 6, 60));
        }
    }

    [Fact]
    public async Task The_summary_shows_the_metrics_as_of_March_31_beside_the_previous_year()
    {
        Japanese();
        var (database, _) = await SeedAsync();
        await using var _ = database;
        using var workbook = await ReportAsync(database);
        var summary = workbook.Worksheet("概要");
        Assert.Equal(["項目", "令和7年度", "令和6年度"], summary.Row(1).Cells(1, 3).Select(c => c.GetString()));

        var byCount = RowWith(summary, 1, "オンライン化率（種類数ベース）");
        Assert.Equal(XLDataType.Number, byCount.Cell(2).DataType);
        Assert.Equal(SheetWriter.PercentFormat, byCount.Cell(2).Style.NumberFormat.Format);
        Assert.Equal(0.25, byCount.Cell(2).GetDouble(), 6);   // 1 digitized of 4 non-exempt
        Assert.Equal(0.0, byCount.Cell(3).GetDouble(), 6);    // 0 of 4 a year earlier
        Assert.Equal((1.0, 4.0), (byCount.Cell(5).GetDouble(), byCount.Cell(6).GetDouble()));
        Assert.Equal(1000.0 / 1800, RowWith(summary, 1, "オンライン化率（件数ベース）").Cell(2).GetDouble(), 6);
        Assert.Equal(0.4, RowWith(summary, 1, "オンライン利用率").Cell(2).GetDouble(), 6);
        Assert.Equal((5.0, 4.0), (RowWith(summary, 1, "手続数（3月31日時点）").Cell(2).GetDouble(), RowWith(summary, 1, "手続数（3月31日時点）").Cell(3).GetDouble()));
        Assert.Equal(1.0, RowWith(summary, 1, "件数不明の手続数").Cell(2).GetDouble());
        Assert.Equal(1.0, RowWith(summary, 1, "年度中に電子化済へ移った手続数").Cell(2).GetDouble());
        Assert.Equal((2.0, 2.0), (RowWith(summary, 1, "状態別：未検討").Cell(2).GetDouble(), RowWith(summary, 1, "状態別：未検討").Cell(3).GetDouble()));
        Assert.Equal(1.0, RowWith(summary, 1, "ヒアリング回数").Cell(2).GetDouble());
        Assert.Equal(1.0, RowWith(summary, 1, "ヒアリング回数").Cell(3).GetDouble());
    }

    [Fact]
    public async Task The_summary_metrics_equal_the_Metrics_functions_over_the_database()
    {
        Japanese();
        var (database, _) = await SeedAsync();
        await using var _ = database;
        await using var db = database.CreateDbContext();
        var procedures = await db.Procedures.Include(p => p.History).Include(p => p.Volumes).AsNoTracking().ToListAsync(Ct);
        var expected = Metrics.Compute(procedures
            .Select(p => (p, Status: Metrics.StatusAsOf(p.CreatedAtUtc, p.Status, p.History.Select(h => (h.AtUtc, h.FromStatus, h.ToStatus)), Fy2025.EndUtc)))
            .Where(x => x.Status is not null)
            .Select(x =>
            {
                var (total, online) = Metrics.VolumeFor(2025, x.p.Volumes.Select(v => (v.FiscalYear, v.Total, v.Online)));
                return new ProcedureFacts(x.Status!.Value, total, online);
            }));
        using var workbook = await ReportAsync(database);
        var summary = workbook.Worksheet("概要");
        Assert.Equal(expected.ShareByCount.Value!.Value, RowWith(summary, 1, "オンライン化率（種類数ベース）").Cell(2).GetDouble(), 9);
        Assert.Equal(expected.ShareByVolume.Value!.Value, RowWith(summary, 1, "オンライン化率（件数ベース）").Cell(2).GetDouble(), 9);
        Assert.Equal(expected.UsageRate.Value!.Value, RowWith(summary, 1, "オンライン利用率").Cell(2).GetDouble(), 9);
    }

    [Fact]
    public async Task The_summary_and_by_department_sheets_show_the_boards_figures_for_the_year_and_the_year_before()
    {
        Japanese();
        var (database, _) = await SeedAsync();
        await using var _ = database;
        var board = await Board(database).LoadAsync(Fy2025, ct: Ct);
        var previous = await Board(database).LoadAsync(Fy2025.Previous, ct: Ct);
        using var workbook = await ReportAsync(database);

        var summary = workbook.Worksheet("概要");
        foreach (var (label, now, before) in new[]
                 {
                     ("オンライン化率（種類数ベース）", board.Total.Metrics.ShareByCount, previous.Total.Metrics.ShareByCount),
                     ("オンライン化率（件数ベース）", board.Total.Metrics.ShareByVolume, previous.Total.Metrics.ShareByVolume),
                     ("オンライン利用率", board.Total.Metrics.UsageRate, previous.Total.Metrics.UsageRate),
                 })
        {
            var row = RowWith(summary, 1, label);
            Assert.Equal(now.Value!.Value, row.Cell(2).GetDouble(), 9);
            if (before.Value is { } b)
                Assert.Equal(b, row.Cell(3).GetDouble(), 9);
            else
                Assert.True(row.Cell(3).IsEmpty());
            Assert.Equal(((double)now.Numerator, (double)now.Denominator), (row.Cell(5).GetDouble(), row.Cell(6).GetDouble()));
        }
        Assert.Equal((board.Total.Metrics.ProcedureCount, previous.Total.Metrics.ProcedureCount),
            ((int)RowWith(summary, 1, "手続数（3月31日時点）").Cell(2).GetDouble(), (int)RowWith(summary, 1, "手続数（3月31日時点）").Cell(3).GetDouble()));
        Assert.Equal((board.Total.DigitizedInYear, previous.Total.DigitizedInYear),
            ((int)RowWith(summary, 1, "年度中に電子化済へ移った手続数").Cell(2).GetDouble(), (int)RowWith(summary, 1, "年度中に電子化済へ移った手続数").Cell(3).GetDouble()));
        foreach (var status in Enum.GetValues<ProcedureStatus>())
        {
            var row = RowWith(summary, 1, "状態別：" + DomainText.Status(status));
            Assert.Equal((board.Total.Count(status), previous.Total.Count(status)), ((int)row.Cell(2).GetDouble(), (int)row.Cell(3).GetDouble()));
        }

        var byDepartment = workbook.Worksheet("課別");
        var departments = board.Divisions.SelectMany(d => d.Departments).ToList();
        Assert.Equal(departments.Select(d => d.Code), byDepartment.Tables.Single().DataRange.Rows().Select(r => r.Cell(2).GetString()));
        foreach (var department in departments)
        {
            var row = RowWith(byDepartment, 2, department.Code);
            var f = department.Figures;
            Assert.Equal(f.Metrics.ProcedureCount, (int)row.Cell(4).GetDouble());
            Assert.Equal(f.StatusCounts, Enum.GetValues<ProcedureStatus>().Select((_, i) => (int)row.Cell(5 + i).GetDouble()));
            var after = 5 + f.StatusCounts.Count;
            Assert.Equal(f.DigitizedInYear, (int)row.Cell(after).GetDouble());
            Assert.Equal(f.Metrics.ShareByCount.Value ?? -1, row.Cell(after + 1).IsEmpty() ? -1 : row.Cell(after + 1).GetDouble(), 9);
            Assert.Equal(f.Metrics.UnknownVolumeCount, (int)row.Cell(after + 4).GetDouble());
        }
    }

    [Fact]
    public async Task Procedures_list_every_procedure_with_its_status_then_and_now_typed()
    {
        Japanese();
        var (database, _) = await SeedAsync();
        await using var _ = database;
        using var workbook = await ReportAsync(database);
        var sheet = workbook.Worksheet("手続一覧");
        await using var db = database.CreateDbContext();
        Assert.Equal(await db.Procedures.CountAsync(Ct), sheet.Tables.Single().DataRange.RowCount());
        var headers = sheet.Row(1).CellsUsed().Select(c => c.GetString()).ToList();
        int Col(string h) => headers.IndexOf(h) + 1;

        var p4 = RowWith(sheet, 1, "P4");
        Assert.Equal(("電子化作業中", "電子化済"), (p4.Cell(Col("状態（3月31日時点）")).GetString(), p4.Cell(Col("状態（現在）")).GetString()));
        var changedAt = p4.Cell(Col("状態変更日時"));
        Assert.Equal(XLDataType.DateTime, changedAt.DataType);
        Assert.Equal(new DateTime(2026, 5, 1, 10, 0, 0), changedAt.GetDateTime());
        var total = p4.Cell(Col("総件数 令和7年度"));
        Assert.Equal((XLDataType.Number, 300.0), (total.DataType, total.GetDouble()));
        Assert.True(p4.Cell(Col("オンライン件数 令和7年度")).IsEmpty());
        Assert.Equal((XLDataType.Number, 2026.0), (p4.Cell(Col("実施時期（年度）")).DataType, p4.Cell(Col("実施時期（年度）")).GetDouble()));
        Assert.True(RowWith(sheet, 1, "P6").Cell(Col("状態（3月31日時点）")).IsEmpty());

        var name = RowWith(sheet, 1, "P5").Cell(Col("手続名"));
        Assert.False(name.HasFormula);
        Assert.Equal((XLDataType.Text, Formula, true), (name.DataType, name.GetString(), name.Style.IncludeQuotePrefix));
    }

    [Fact]
    public async Task Procedures_status_and_volume_at_March_31_equal_the_Metrics_functions_on_random_histories()
    {
        Japanese();
        var random = new Random(20261128);
        await using var database = await TestDatabase.CreateAsync();
        var departments = await database.AddDepartmentsAsync("A01", "B02");
        var dx = await database.AddUserAsync(Role.DxTeam);
        var yearEnds = new[] { new FiscalYear(2023).EndUtc, new FiscalYear(2024).EndUtc, Fy2025.EndUtc };
        await using (var db = database.CreateDbContext())
        {
            // More rows than the workbook reads ahead for the column widths, so the rest of the sheet is streamed.
            for (var i = 0; i < ReportWorkbook.WidthSampleRows + 50; i++)
            {
                var createdAt = new DateTime(2022, 4, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(random.Next(0, 4 * 365 * 24 * 60));
                var p = Procedure.Create(departments[random.Next(2)].Id, new ProcedureFields { Code = $"R{i:D5}", Name = $"手続{i}" }, dx, createdAt);
                foreach (var year in Enumerable.Range(2021, 6).Where(_ => random.Next(3) == 0))
                {
                    var total = random.Next(5) == 0 ? (long?)null : random.Next(0, 10_000);
                    p.SetVolume(year, total, total is { } t && random.Next(3) > 0 ? random.Next(0, (int)t + 1) : null, dx, createdAt);
                }
                var at = createdAt;
                for (var m = random.Next(0, 7); m > 0; m--)
                {
                    // Some moves share an instant (ties go by insertion), some fall exactly on a year's end (the next year's).
                    at = random.Next(6) switch
                    {
                        0 => at,
                        1 => yearEnds.FirstOrDefault(e => e > at, at),
                        _ => at.AddMinutes(random.Next(1, 200 * 24 * 60)),
                    };
                    var targets = Workflow.AllowedTargets(p.Status);
                    var to = targets[random.Next(targets.Count)];
                    p.MoveTo(to, dx, at, to switch
                    {
                        ProcedureStatus.Digitized => new MoveDetails(OnlineFormUrl: "https://form.example.jp/" + i),
                        ProcedureStatus.Exempt => new MoveDetails(ExemptReason: "法令で対面が必要"),
                        ProcedureStatus.ObjectionRaised => new MoveDetails(Objection: new NewObjection(ObjectionCategory.Other, "紙の原本が必要")),
                        _ => null,
                    });
                }
                db.Procedures.Add(p);
            }
            await db.SaveChangesAsync(Ct);
        }

        await using var read = database.CreateDbContext();
        var procedures = await read.Procedures.AsNoTracking().Include(p => p.History).Include(p => p.Volumes).ToDictionaryAsync(p => p.Code, Ct);
        var statusesSeen = new HashSet<string>();
        foreach (var year in new[] { new FiscalYear(2023), Fy2025, new FiscalYear(2026) })
        {
            using var workbook = new XLWorkbook(new MemoryStream(await Reports(database).BuildAsync(year, Ct)));
            var sheet = workbook.Worksheet("手続一覧");
            var headers = sheet.Row(1).CellsUsed().Select(c => c.GetString()).ToList();
            var label = year.Label(CultureInfo.CurrentUICulture, new EraSettings());
            // FY2026 is the year in progress on 2026-06-01: its status column is as of today.
            var statusThen = year == new FiscalYear(2026) ? "状態（本日時点）" : "状態（3月31日時点）";
            var (then, total, online) = (headers.IndexOf(statusThen) + 1, headers.IndexOf("総件数 " + label) + 1, headers.IndexOf("オンライン件数 " + label) + 1);
            var rows = sheet.Tables.Single().DataRange.Rows().ToList();
            Assert.Equal(procedures.Count, rows.Count);
            foreach (var row in rows)
            {
                var p = procedures[row.Cell(1).GetString()];
                var expected = Metrics.StatusAsOf(p.CreatedAtUtc, p.Status, p.History.OrderBy(h => h.Id).Select(h => (h.AtUtc, h.FromStatus, h.ToStatus)), year.EndUtc);
                var (expectedTotal, expectedOnline) = expected is null ? (null, null) : Metrics.VolumeFor(year.Year, p.Volumes.Select(v => (v.FiscalYear, v.Total, v.Online)));
                Assert.Equal(expected is { } s ? DomainText.Status(s) : "", row.Cell(then).GetString());
                Assert.Equal(expectedTotal, row.Cell(total).IsEmpty() ? null : (long)row.Cell(total).GetDouble());
                Assert.Equal(expectedOnline, row.Cell(online).IsEmpty() ? null : (long)row.Cell(online).GetDouble());
                statusesSeen.Add(row.Cell(then).GetString());
            }
        }
        // The data must exercise what the test claims to check: every status then, procedures not yet created, ties.
        Assert.Equal(Enum.GetValues<ProcedureStatus>().Length + 1, statusesSeen.Count);
        Assert.Contains(procedures.Values, p => p.History.GroupBy(h => h.AtUtc).Any(g => g.Count() > 1));
        Assert.Contains(procedures.Values, p => p.History.Any(h => yearEnds.Contains(h.AtUtc)));
    }

    [Fact]
    public async Task Departments_hearings_objections_and_status_changes_cover_the_year()
    {
        Japanese();
        var (database, _) = await SeedAsync();
        await using var _ = database;
        using var workbook = await ReportAsync(database);

        var a01 = RowWith(workbook.Worksheet("課別"), 2, "A01");
        Assert.Equal(2.0, a01.Cell(4).GetDouble());
        var share = a01.Cell(4 + Enum.GetValues<ProcedureStatus>().Length + 2);
        Assert.Equal((0.5, SheetWriter.PercentFormat), (share.GetDouble(), share.Style.NumberFormat.Format));

        var hearings = workbook.Worksheet("ヒアリング");
        var hearing = Assert.Single(hearings.Tables.Single().DataRange.Rows());
        Assert.Equal((XLDataType.DateTime, new DateTime(2025, 9, 1)), (hearing.Cell(1).DataType, hearing.Cell(1).GetDateTime()));
        // A summary starting with "-" stays text a spreadsheet will not read as a formula: typed text, quote-prefixed.
        var summary = hearing.Cell(6);
        Assert.Equal(("-押印の廃止を相談", XLDataType.Text, true, false), (summary.GetString(), summary.DataType, summary.Style.IncludeQuotePrefix, summary.HasFormula));

        var objection = Assert.Single(workbook.Worksheet("課題・異議").Tables.Single().DataRange.Rows());
        // 課題の根拠 not recorded: 未設定, not a guessed rule.
        Assert.Equal(("P2", "押印", "未設定", "未解決"),
            (objection.Cell(1).GetString(), objection.Cell(4).GetString(), objection.Cell(5).GetString(), objection.Cell(10).GetString()));

        var changes = workbook.Worksheet("状態変更").Tables.Single().DataRange.Rows().ToList();
        Assert.Equal(["P1", "P3", "P3"], changes.Select(r => r.Cell(2).GetString()));
        Assert.Equal(new DateTime(2025, 5, 10, 10, 0, 0), changes[0].Cell(1).GetDateTime());
        Assert.Equal(("電子化作業中", "電子化済", "山田 花子"), (changes[0].Cell(5).GetString(), changes[0].Cell(6).GetString(), changes[0].Cell(7).GetString()));
    }

    [Fact]
    public async Task The_summary_has_one_line_chart_of_the_three_metrics_over_the_boards_years_to_the_reports_with_the_boards_values()
    {
        Japanese();
        var (database, _) = await SeedAsync();
        await using var _ = database;
        // The board's trend runs to the current year (FY2026); the FY2025 report's chart stops at FY2025.
        var trend = (await Board(database).TrendAsync(Ct)).ToList();
        Assert.Equal([2024, 2025, 2026], trend.Select(t => t.Year.Year));
        trend.RemoveAt(trend.Count - 1);
        var board = await Board(database).LoadAsync(Fy2025, ct: Ct);
        Assert.Equal(board.Total.Metrics, trend[^1].Metrics);
        var file = await Reports(database).BuildAsync(Fy2025, Ct);

        using var document = SpreadsheetDocument.Open(new MemoryStream(file), isEditable: false);
        var workbookPart = document.WorkbookPart!;
        var summaryPart = (WorksheetPart)workbookPart.GetPartById(workbookPart.Workbook.Sheets!.Elements<Sheet>().First().Id!.Value!);
        var chart = Assert.Single(workbookPart.WorksheetParts.SelectMany(w => w.DrawingsPart?.ChartParts ?? []));
        Assert.Same(chart, Assert.Single(summaryPart.DrawingsPart!.ChartParts));
        Assert.NotNull(summaryPart.Worksheet.GetFirstChild<Drawing>());
        Assert.Equal("オンライン化率と利用率の推移", string.Concat(chart.ChartSpace.GetFirstChild<C.Chart>()!.Title!.Descendants<A.Text>().Select(t => t.Text)));
        var series = Assert.Single(chart.ChartSpace.Descendants<C.LineChart>()).Elements<C.LineChartSeries>().ToList();
        Assert.Equal(["種類数ベース", "件数ベース", "オンライン利用率"], series.Select(s => s.SeriesText!.Descendants<C.NumericValue>().Single().Text));

        using var workbook = new XLWorkbook(new MemoryStream(file));
        Func<MetricSet, Ratio>[] metrics = [m => m.ShareByCount, m => m.ShareByVolume, m => m.UsageRate];
        var labels = trend.Select(t => t.Year.Label(CultureInfo.CurrentUICulture, new EraSettings())).ToList();
        Assert.Equal(["令和6年度", "令和7年度"], labels);
        for (var s = 0; s < series.Count; s++)
        {
            var categories = series[s].GetFirstChild<C.CategoryAxisData>()!.StringReference!;
            Assert.Equal(labels, categories.StringCache!.Elements<C.StringPoint>().OrderBy(p => p.Index!.Value).Select(p => p.NumericValue!.Text));
            Assert.Equal(labels, workbook.Range(categories.Formula!.Text).Cells().Select(c => c.GetString()));

            // The cached points are the board's figures (a year with nothing to divide has no point), and the cells the
            // series refers to hold the same.
            var values = series[s].GetFirstChild<C.Values>()!.NumberReference!;
            var cached = values.NumberingCache!.Elements<C.NumericPoint>()
                .ToDictionary(p => (int)p.Index!.Value, p => (double?)double.Parse(p.NumericValue!.Text, CultureInfo.InvariantCulture));
            var expected = trend.Select(t => metrics[s](t.Metrics).Value).ToList();
            Assert.Equal(expected, Enumerable.Range(0, expected.Count).Select(i => cached.GetValueOrDefault(i)));
            var cells = workbook.Range(values.Formula!.Text).Cells().ToList();
            Assert.Equal(expected.Count, cells.Count);
            for (var i = 0; i < cells.Count; i++)
            {
                if (expected[i] is { } v)
                    Assert.Equal(v, cells[i].GetDouble(), 12);
                else
                    Assert.True(cells[i].IsEmpty());
            }
        }
        Assert.Contains(trend, t => t.Metrics.UsageRate.Value is null);
    }

    [Fact]
    public async Task Rates_change_in_points_the_year_in_progress_is_as_of_today_and_a_note_names_sources_and_definitions()
    {
        Japanese();
        var (database, _) = await SeedAsync();
        await using var _ = database;
        using var past = await ReportAsync(database);
        var summary = past.Worksheet("概要");
        Assert.Equal("前年度差", summary.Cell(1, 4).GetString());
        var byCount = RowWith(summary, 1, "オンライン化率（種類数ベース）");
        Assert.Equal(25.0, byCount.Cell(4).GetDouble(), 9); // 25.0% − 0.0% = 25.0 points, not a ratio
        Assert.Equal(ReportWorkbook.PointsFormat, byCount.Cell(4).Style.NumberFormat.Format);
        Assert.Contains("ポイント", ReportWorkbook.PointsFormat);
        var procedures = RowWith(summary, 1, "手続数（3月31日時点）");
        Assert.Equal((1.0, ReportWorkbook.ChangeFormat), (procedures.Cell(4).GetDouble(), procedures.Cell(4).Style.NumberFormat.Format));

        var tableEnd = summary.Tables.Single().RangeAddress.LastAddress.RowNumber;
        var notes = summary.Column(1).CellsUsed().Where(c => c.Address.RowNumber > tableEnd).Select(c => c.GetString()).ToList();
        Assert.Equal("注記", notes[0]);
        foreach (var term in new[] { "出典：", "種類数ベース：", "件数ベース：", "オンライン利用率：", "件数不明の手続：", "前年度差：" })
            Assert.Single(notes, n => n.StartsWith(term, StringComparison.Ordinal));
        Assert.Equal(tableEnd + 2, summary.Column(1).CellsUsed().First(c => c.GetString() == "注記").Address.RowNumber);

        // The year in progress (FY2026 on 2026-06-01) is counted as of today, not as of a March 31 still to come.
        using var current = new XLWorkbook(new MemoryStream(await Reports(database).BuildAsync(new FiscalYear(2026), Ct)));
        var currentSummary = current.Worksheet("概要");
        var labels = currentSummary.Tables.Single().DataRange.Rows().Select(r => r.Cell(1).GetString()).Append(currentSummary.Cell(1, 2).GetString()).ToList();
        Assert.Equal("令和8年度（本日時点）", currentSummary.Cell(1, 2).GetString());
        Assert.Contains("手続数（本日時点）", labels);
        Assert.DoesNotContain(labels, l => l.Contains("3月31日", StringComparison.Ordinal));
        var headers = current.Worksheet("手続一覧").Row(1).CellsUsed().Select(c => c.GetString()).ToList();
        Assert.Contains("状態（本日時点）", headers);
        Assert.DoesNotContain(headers, h => h.Contains("3月31日", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Headers_and_file_name_follow_the_UI_language()
    {
        Japanese();
        var (database, _) = await SeedAsync();
        await using var _ = database;
        Assert.Equal("DxTracker_令和7年度_年次報告.xlsx", Reports(database).FileName(Fy2025));
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-US");
        using var workbook = await ReportAsync(database);
        Assert.Equal(["Summary", "By department", "Telework and BPR figures", "Procedures", "Telework and BPR", "Hearings", "Objections", "Status changes"], workbook.Worksheets.Select(w => w.Name));
        Assert.Equal("Digitized", RowWith(workbook.Worksheet("Procedures"), 1, "P1").Cell(21).GetString());
        Assert.Equal("DxTracker_FY2025_report.xlsx", Reports(database).FileName(Fy2025));
        Assert.Equal("DxTracker_FY2025_report.xlsx", AnnualReportService.AsciiFileName(Fy2025));
    }
}
