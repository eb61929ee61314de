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
    public void The_import_issues_file_keeps_a_typed_value_quoted_in_its_reason_as_text()
    {
        var issues = FormulaText.Hostile.Select((h, i) => new ImportIssue(i + 2, h, h)).ToList();
        FormulaText.CheckAll(FormulaText.Open(ImportIssueFile.Build(issues)), FormulaText.Hostile.Length * 2);
    }
}
