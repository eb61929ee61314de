using ClosedXML.Excel;
using DxTracker.Domain.Excel;
using C = DxTracker.Domain.Excel.InventoryColumns;

namespace DxTracker.Tests.Excel;

/// <summary>The import's forward-only reader against workbooks written by ClosedXML (as Excel would store them): each cell
/// comes back as the text a person sees in it.</summary>
public sealed class InventorySheetTests
{
    [Fact]
    public void Cells_read_as_their_text_with_formulas_as_text_dates_as_dates_and_without_furigana()
    {
        ExcelFixtures.Japanese();
        using var workbook = new XLWorkbook();
        workbook.AddWorksheet("メモ").Cell(1, 1).SetValue("この表は読みません");
        var sheet = workbook.AddWorksheet(C.SheetName);
        string[] headers = [C.Code, C.Name, C.TargetFiscalYear, C.Total(2025), C.Notes, C.Name];
        for (var i = 0; i < headers.Length; i++)
            sheet.Cell(1, i + 1).SetValue(headers[i]);
        sheet.Cell(2, 1).SetValue("P001");
        sheet.Cell(2, 2).FormulaA1 = "HYPERLINK(\"http://evil.example/\",\"click\")";
        sheet.Cell(2, 3).SetValue(2026);
        sheet.Cell(2, 4).SetValue(1234.0);
        sheet.Cell(2, 5).SetValue("  前後の空白  ");
        sheet.Cell(2, 6).SetValue("同じ見出しの二つ目の列は読まない");
        sheet.Cell(4, 1).SetValue(42);
        var name = sheet.Cell(4, 2);
        name.RichText.AddText("転入");
        name.RichText.AddText("届").SetBold();
        name.RichText.Phonetics.Add("テンニュウ", 0, 2);
        sheet.Cell(4, 3).SetValue(new DateTime(2026, 4, 1));
        sheet.Cell(4, 4).SetValue(0.5);
        sheet.Cell(4, 5).SetValue(45000).Style.NumberFormat.Format = "yyyy\"年\"m\"月\"d\"日\"";
        sheet.Cell(5, 1).SetValue("P005");
        sheet.Cell(5, 4).SetValue(12345).Style.NumberFormat.Format = "#,##0\"件\"";
        using var file = new MemoryStream();
        workbook.SaveAs(file);
        file.Position = 0;

        var read = InventorySheet.Read(file, InventoryColumns.SheetName, maxRows: 10);

        Assert.Equal([2025], read.Years);
        Assert.True(read.Has(C.Notes));
        Assert.False(read.Has(C.Url));
        Assert.Equal([2, 4, 5], read.Rows.Select(r => r.Row));
        Assert.Equal(new Dictionary<string, string>
        {
            [C.Code] = "P001",
            [C.Name] = "=HYPERLINK(\"http://evil.example/\",\"click\")",
            [C.TargetFiscalYear] = "2026",
            [C.Total(2025)] = "1234",
            [C.Notes] = "前後の空白",
        }, read.Rows[0].Cells);
        Assert.Equal(new Dictionary<string, string>
        {
            [C.Code] = "42",
            [C.Name] = "転入届",
            [C.TargetFiscalYear] = "2026-04-01",
            [C.Total(2025)] = "0.5",
            [C.Notes] = "2023-03-15",
        }, read.Rows[1].Cells);
        Assert.Equal(new Dictionary<string, string> { [C.Code] = "P005", [C.Total(2025)] = "12345" }, read.Rows[2].Cells);
    }

    [Fact]
    public void A_sheet_with_headers_only_is_refused_as_empty()
    {
        ExcelFixtures.Japanese();
        using var workbook = new XLWorkbook();
        workbook.AddWorksheet(C.SheetName).Cell(1, 1).SetValue(C.Code);
        using var file = new MemoryStream();
        workbook.SaveAs(file);
        file.Position = 0;

        var refusal = Assert.Throws<InventoryFileException>(() => InventorySheet.Read(file, InventoryColumns.SheetName, maxRows: 10));
        Assert.Equal(ExcelText.Get("File_Empty"), refusal.Message);
    }
}
