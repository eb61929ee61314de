using ClosedXML.Excel;
using DxTracker.Domain.Excel;
using DxTracker.Tests.Support;

namespace DxTracker.Tests.Rules;

/// <summary>The sheet writer on its own (no database): formula-like text stays text, cells are typed, widths bounded.</summary>
[Trait("Kind", "Pure")]
public sealed class SheetWriterTests
{
    [Fact]
    public void Every_formula_start_is_recognised_and_ordinary_text_is_not()
    {
        Assert.All(FormulaText.Hostile, h => Assert.True(SheetWriter.NeedsQuotePrefix(h), h));
        foreach (var text in new[] { "", "転入届", "a=1", " =1", "1-2", "'=1", "（＝）", "\n=1" })
            Assert.False(SheetWriter.NeedsQuotePrefix(text), text);
    }

    [Fact]
    public void A_table_written_by_the_sheet_writer_keeps_each_as_text()
    {
        using var workbook = new XLWorkbook();
        SheetWriter.AddTable(workbook, "S", "T", [new("列"), new("数", CellKind.Number)], FormulaText.Hostile.Select((h, i) => new object?[] { h, i }));
        FormulaText.CheckAll(FormulaText.Reopen(workbook), FormulaText.Hostile.Length);
    }

    [Fact]
    public void A_table_has_its_headers_a_filter_table_a_frozen_header_row_and_reports_its_rows_every_500()
    {
        using var workbook = new XLWorkbook();
        var reported = new List<int>();
        var sheet = SheetWriter.AddTable(workbook, "S", "Things", [new("手続の名称（正式名）"), new("件数", CellKind.Number)],
            Enumerable.Range(1, 1001).Select(i => new object?[] { i == 7 ? null : "手続" + i, i }), new SyncProgress(reported));

        Assert.Equal(("手続の名称（正式名）", "件数"), (sheet.Cell(1, 1).GetString(), sheet.Cell(1, 2).GetString()));
        Assert.True(sheet.Cell(8, 1).IsEmpty());
        Assert.Equal("手続1001", sheet.Cell(1002, 1).GetString());
        var table = Assert.Single(sheet.Tables);
        Assert.Equal(("Things", "A1:B1002"), (table.Name, table.RangeAddress.ToString()));
        Assert.Equal(1, sheet.SheetView.SplitRow);
        // Every 500 rows, then the total once more at the end.
        Assert.Equal([500, 1000, 1001], reported);
        // A column whose header is its widest text: the header's width plus room for the filter button.
        Assert.Equal(SheetWriter.DisplayWidth("手続の名称（正式名）") + 3, sheet.Column(1).Width);
    }

    /// <summary>Progress reported on the writer's own thread (<see cref="Progress{T}"/> would post it later).</summary>
    private sealed class SyncProgress(List<int> reported) : IProgress<int>
    {
        public void Report(int value) => reported.Add(value);
    }

    [Fact]
    public void The_import_issues_file_keeps_a_typed_value_quoted_in_its_reason_as_text()
    {
        var issues = FormulaText.Hostile.Select((h, i) => new ImportIssue(i + 2, h, h)).ToList();
        FormulaText.CheckAll(FormulaText.Open(ImportIssueFile.Build(issues)), FormulaText.Hostile.Length * 2);
    }

    [Theory]
    [InlineData("Code", 4)]
    [InlineData("転入届", 6)]
    [InlineData("ABC転入", 7)]
    [InlineData("\u2E7F", 1)] // the last narrow code point before the CJK radicals
    [InlineData("\u2E80", 2)] // the first CJK radical: wide
    [InlineData("住所\n番地まで", 4)] // the first line only
    [InlineData("ab\rcd", 2)]
    [InlineData("", 0)]
    public void Display_width_counts_wide_characters_twice_up_to_the_first_line_end(string text, double width) =>
        Assert.Equal(width, SheetWriter.DisplayWidth(text));

    [Theory]
    [InlineData(CellKind.Text, 2, 6)]
    [InlineData(CellKind.Text, 20, 20)]
    [InlineData(CellKind.Text, 200, 60)]
    [InlineData(CellKind.Year, 2, 6)]
    [InlineData(CellKind.Date, 2, 11)] // 2026/12/31
    [InlineData(CellKind.DateTime, 2, 16)] // 2026/12/31 23:59
    [InlineData(CellKind.Number, 2, 10)]
    [InlineData(CellKind.Percent, 2, 10)]
    [InlineData(CellKind.Date, 100, 60)]
    public void A_column_is_wide_enough_for_its_kind_and_never_wider_than_60(CellKind kind, double measured, double width) =>
        Assert.Equal(width, SheetWriter.ClampWidth(kind, measured));

    [Fact]
    public void Each_value_is_written_as_its_type_with_its_columns_format_as_a_spreadsheet_reads_it()
    {
        var at = new DateTime(2026, 4, 1, 9, 30, 0);
        SheetColumn[] columns =
        [
            new("手続名"), new("作成日時", CellKind.DateTime), new("日付", CellKind.Date), new("件数", CellKind.Number), new("率", CellKind.Percent),
            new("年度", CellKind.Year), new("混在"),
        ];
        object?[][] rows =
        [
            ["住民票の写しの交付申請", at, new DateOnly(2026, 4, 1), 1_200, 0.25, 2026, new Percent(0.125)],
            ["犬の登録申請", at, new DateOnly(2026, 5, 6), 3_000_000_000L, 0.5m, 2025, new Percent(null)],
            ["a", null, null, 12.5, null, null, new Uri("https://example.jp/form")],
        ];
        using var written = new XLWorkbook();
        SheetWriter.AddTable(written, "S", "T", columns, rows);
        using var workbook = FormulaText.Reopen(written);
        var sheet = workbook.Worksheet("S");

        // Ordinary text is plain text: no quote prefix.
        Assert.Equal((XLDataType.Text, "住民票の写しの交付申請", false), (sheet.Cell(2, 1).DataType, sheet.Cell(2, 1).GetString(), sheet.Cell(2, 1).Style.IncludeQuotePrefix));
        // Dates are dates (a DateOnly at midnight), in the column's format.
        Assert.Equal((XLDataType.DateTime, at, SheetWriter.DateTimeFormat), (sheet.Cell(2, 2).DataType, sheet.Cell(2, 2).GetDateTime(), sheet.Cell(2, 2).Style.NumberFormat.Format));
        Assert.Equal((XLDataType.DateTime, new DateTime(2026, 5, 6), SheetWriter.DateFormat), (sheet.Cell(3, 3).DataType, sheet.Cell(3, 3).GetDateTime(), sheet.Cell(3, 3).Style.NumberFormat.Format));
        // Every kind of number is a number: int, long, double, decimal.
        Assert.Equal((XLDataType.Number, 1_200d, SheetWriter.NumberFormat), (sheet.Cell(2, 4).DataType, sheet.Cell(2, 4).GetDouble(), sheet.Cell(2, 4).Style.NumberFormat.Format));
        Assert.Equal((XLDataType.Number, 3_000_000_000d), (sheet.Cell(3, 4).DataType, sheet.Cell(3, 4).GetDouble()));
        Assert.Equal((XLDataType.Number, 12.5), (sheet.Cell(4, 4).DataType, sheet.Cell(4, 4).GetDouble()));
        Assert.Equal((XLDataType.Number, 0.5, SheetWriter.PercentFormat), (sheet.Cell(3, 5).DataType, sheet.Cell(3, 5).GetDouble(), sheet.Cell(3, 5).Style.NumberFormat.Format));
        Assert.Equal((XLDataType.Number, 2026d, SheetWriter.YearFormat), (sheet.Cell(2, 6).DataType, sheet.Cell(2, 6).GetDouble(), sheet.Cell(2, 6).Style.NumberFormat.Format));
        // A percentage in a mixed column is a number with the percent format of its own; an unknown one is left empty.
        Assert.Equal((XLDataType.Number, 0.125, SheetWriter.PercentFormat), (sheet.Cell(2, 7).DataType, sheet.Cell(2, 7).GetDouble(), sheet.Cell(2, 7).Style.NumberFormat.Format));
        Assert.True(sheet.Cell(3, 7).IsEmpty());
        Assert.True(sheet.Cell(4, 2).IsEmpty());
        // Anything else is written as its text.
        Assert.Equal((XLDataType.Text, "https://example.jp/form"), (sheet.Cell(4, 7).DataType, sheet.Cell(4, 7).GetString()));
        // Widths from the text: the longest name (11 wide characters + 1), the header with room for the filter button (2 + 3,
        // raised to a number's 10).
        Assert.Equal(23, sheet.Column(1).Width);
        Assert.Equal(10, sheet.Column(4).Width);
    }
}
