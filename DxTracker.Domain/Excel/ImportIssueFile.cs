using ClosedXML.Excel;

namespace DxTracker.Domain.Excel;

/// <summary>The problems of an import as a workbook the user can keep beside the file while fixing it.</summary>
public static class ImportIssueFile
{
    public static byte[] Build(IReadOnlyList<ImportIssue> issues)
    {
        using var workbook = new XLWorkbook();
        SheetWriter.AddTable(workbook, ExcelText.Get("Sheet_Issues"), "Issues",
            [new(ExcelText.Get("Col_Row"), CellKind.Number), new(ExcelText.Get("Col_Column")), new(ExcelText.Get("Col_Reason"))],
            issues.Select(i => new object?[] { i.Row, i.Column, i.Reason }));
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }
}
