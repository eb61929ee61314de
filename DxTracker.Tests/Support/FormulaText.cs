using ClosedXML.Excel;

namespace DxTracker.Tests.Support;

/// <summary>Text a user may type that a spreadsheet reads as a formula.</summary>
public static class FormulaText
{
    /// <summary>Each starts like a formula in Excel or LibreOffice.</summary>
    public static readonly string[] Hostile =
    [
        "=HYPERLINK(\"http://evil.example/\",\"x\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1",
        "＝HYPERLINK(\"http://evil.example/\")", "＋1", "－1", "＠SUM(A1)",
    ];

    /// <summary>Every cell holding one of the texts is text, no formula, quote-prefixed; at least <paramref name="atLeast"/> such cells.</summary>
    public static void CheckAll(XLWorkbook workbook, int atLeast)
    {
        var cells = workbook.Worksheets.SelectMany(s => s.CellsUsed()).Where(c => Hostile.Any(h => Same(c.GetString(), h))).ToList();
        Assert.All(workbook.Worksheets.SelectMany(s => s.CellsUsed()), c => Assert.False(c.HasFormula, $"{c.Address}: {c.FormulaA1}"));
        Assert.True(cells.Count >= atLeast, $"{cells.Count} cells hold the texts, expected at least {atLeast}");
        Assert.All(cells, c => Assert.Equal((XLDataType.Text, true), (c.DataType, c.Style.IncludeQuotePrefix)));
        Assert.All(Hostile, h => Assert.Contains(cells, c => Same(c.GetString(), h)));
    }

    /// <summary>The same text; a carriage return may come back as a line feed (XML's end-of-line handling), and text that
    /// went through the domain comes back trimmed (a leading tab or CR removed, leaving the = behind it).</summary>
    private static bool Same(string read, string written) => read == written || read == written.Replace('\r', '\n') || read == written.Trim();

    public static XLWorkbook Open(byte[] bytes) => new(new MemoryStream(bytes));

    public static XLWorkbook Reopen(XLWorkbook workbook)
    {
        var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return new XLWorkbook(new MemoryStream(stream.ToArray()));
    }
}
