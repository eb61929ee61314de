using System.Globalization;
using ClosedXML.Excel;

namespace DxTracker.Domain.Excel;

/// <summary>A problem with one cell (or a missing column: row 1) of an imported inventory.</summary>
public sealed record ImportIssue(int Row, string Column, string Reason);

/// <summary>The file as a whole cannot be imported (too many rows, no rows, unreadable). The message is localised.</summary>
public sealed class InventoryFileException(string message) : Exception(message);

/// <summary>The cells of an uploaded inventory, read as text by header (ClosedXML, first worksheet or 手続棚卸し表).
/// A formula is read as its text ("=HYPERLINK(...)"), never evaluated.</summary>
internal sealed class InventorySheet
{
    private readonly Dictionary<string, int> _columns;

    private InventorySheet(Dictionary<string, int> columns, List<int> years, List<(int Row, Dictionary<string, string> Cells)> rows)
    {
        _columns = columns;
        Years = years;
        Rows = rows;
    }

    public IReadOnlyList<int> Years { get; }

    /// <summary>Non-empty data rows: the Excel row number and the trimmed non-empty cells by header.</summary>
    public IReadOnlyList<(int Row, Dictionary<string, string> Cells)> Rows { get; }

    public bool Has(string header) => _columns.ContainsKey(header);

    public static InventorySheet Read(Stream file, int maxRows)
    {
        using var workbook = new XLWorkbook(file);
        var sheet = workbook.Worksheets.FirstOrDefault(w => w.Name == InventoryColumns.SheetName) ?? workbook.Worksheets.First();
        var lastRow = sheet.LastRowUsed()?.RowNumber() ?? 0;
        if (lastRow - 1 > maxRows)
            throw new InventoryFileException(ExcelText.Format("File_TooManyRows", maxRows));
        var lastColumn = sheet.LastColumnUsed()?.ColumnNumber() ?? 0;

        var columns = new Dictionary<string, int>();
        var years = new SortedSet<int>();
        for (var c = 1; c <= lastColumn; c++)
        {
            var header = Text(sheet.Cell(1, c));
            if (header.Length == 0 || columns.ContainsKey(header))
                continue;
            columns[header] = c;
            if (InventoryColumns.ParseVolumeHeader(header) is { } volume)
                years.Add(volume.FiscalYear);
        }

        var rows = new List<(int, Dictionary<string, string>)>();
        for (var r = 2; r <= lastRow; r++)
        {
            var cells = new Dictionary<string, string>();
            foreach (var (header, c) in columns)
            {
                var text = Text(sheet.Cell(r, c));
                if (text.Length > 0)
                    cells[header] = text;
            }
            if (cells.Count > 0)
                rows.Add((r, cells));
        }
        if (rows.Count == 0)
            throw new InventoryFileException(ExcelText.Get("File_Empty"));
        return new InventorySheet(columns, years.ToList(), rows);
    }

    private static string Text(IXLCell cell)
    {
        if (cell.HasFormula)
        {
            var formula = cell.FormulaA1;
            return formula.StartsWith('=') ? formula : "=" + formula;
        }
        return (cell.DataType switch
        {
            XLDataType.Number => cell.GetDouble() is var d && d == Math.Floor(d) && Math.Abs(d) < 1e15
                ? ((long)d).ToString(CultureInfo.InvariantCulture)
                : cell.GetDouble().ToString("R", CultureInfo.InvariantCulture),
            XLDataType.DateTime => cell.GetDateTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ => cell.GetString(),
        }).Trim();
    }
}
