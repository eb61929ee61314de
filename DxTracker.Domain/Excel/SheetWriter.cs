using System.Globalization;
using ClosedXML.Excel;
using DxTracker.Domain.Reporting;

namespace DxTracker.Domain.Excel;

/// <summary>How a column's cells are typed and formatted in Excel.</summary>
public enum CellKind
{
    Text,
    Number,
    Year,
    Date,
    DateTime,
    Percent,
}

public sealed record SheetColumn(string Header, CellKind Kind = CellKind.Text);

/// <summary>A percentage in a column that is not a percent column (the summary's mixed rows): written as a number with a percent format.</summary>
public readonly record struct Percent(double? Value);

/// <summary>Writes one worksheet as a real Excel table: header row frozen, filters, typed cells (numbers as numbers,
/// dates as dates in Japan time, percentages formatted), formats applied per column range rather than per cell, and
/// fixed widths measured from the text (a CJK character counts as two). Text is always written as text: a value
/// starting with = + - @ (half- or full-width), tab or CR gets a quote prefix so no spreadsheet treats it as a formula.</summary>
public static class SheetWriter
{
    public const string NumberFormat = "#,##0";
    public const string YearFormat = "0";
    public const string DateFormat = "yyyy/m/d";
    public const string DateTimeFormat = "yyyy/m/d h:mm";
    public const string PercentFormat = "0.0%";
    private const double MinWidth = 6;
    private const double MaxWidth = 60;

    public static IXLWorksheet AddTable(XLWorkbook workbook, string sheetName, string tableName,
        IReadOnlyList<SheetColumn> columns, IEnumerable<object?[]> rows, IProgress<int>? rowsWritten = null)
    {
        var sheet = workbook.AddWorksheet(sheetName);
        var widths = new double[columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            WriteText(sheet.Cell(1, c + 1), columns[c].Header);
            // Room for the filter button.
            widths[c] = DisplayWidth(columns[c].Header) + 3;
        }
        var r = 1;
        foreach (var row in rows)
        {
            r++;
            for (var c = 0; c < columns.Count; c++)
            {
                // No pattern variables here: Stryker's mutants of a pattern's condition would not compile (unassigned local).
                var value = row[c];
                if (value is null)
                    continue;
                var cell = sheet.Cell(r, c + 1);
                Write(cell, value);
                var text = value as string;
                if (text is not null)
                    widths[c] = Math.Max(widths[c], DisplayWidth(text) + 1);
            }
            // Every 500 rows written (row 1 is the header).
            if ((r - 1) % 500 == 0)
                rowsWritten?.Report(r - 1);
        }
        var lastRow = Math.Max(r, 2);
        for (var c = 0; c < columns.Count; c++)
        {
            var format = columns[c].Kind switch
            {
                CellKind.Number => NumberFormat,
                CellKind.Year => YearFormat,
                CellKind.Date => DateFormat,
                CellKind.DateTime => DateTimeFormat,
                CellKind.Percent => PercentFormat,
                _ => null,
            };
            if (format is not null)
                sheet.Range(2, c + 1, lastRow, c + 1).Style.NumberFormat.Format = format;
            sheet.Column(c + 1).Width = ClampWidth(columns[c].Kind, widths[c]);
        }
        sheet.Range(1, 1, lastRow, columns.Count).CreateTable(tableName);
        sheet.SheetView.FreezeRows(1);
        rowsWritten?.Report(r - 1);
        return sheet;
    }

    /// <summary>A measured width within bounds: room for a date or a number at least, never wider than <see cref="MaxWidth"/>.</summary>
    public static double ClampWidth(CellKind kind, double width)
    {
        var minimum = kind switch
        {
            CellKind.DateTime => 16,
            CellKind.Date => 11,
            CellKind.Number or CellKind.Percent => 10,
            _ => MinWidth,
        };
        return Math.Clamp(width, minimum, MaxWidth);
    }

    /// <summary>A UTC instant as the Japan-time wall clock Excel shows (Excel dates have no time zone).</summary>
    public static DateTime? Japan(DateTime? utc) => utc is { } u ? DateTime.SpecifyKind(FiscalYear.ToJapan(u), DateTimeKind.Unspecified) : null;

    /// <summary>Writes user text so it stays text: typed as a string, never parsed, and quote-prefixed when it starts
    /// with a character a spreadsheet would read as the start of a formula.</summary>
    public static void WriteText(IXLCell cell, string text)
    {
        cell.SetValue(text);
        if (!NeedsQuotePrefix(text))
            return;
        cell.DataType = XLDataType.Text;
        cell.Style.IncludeQuotePrefix = true;
    }

    /// <summary>Whether text starts like a formula: = + - @ (also full-width ＝ ＋ － ＠, which Japanese Excel turns into a
    /// formula when the cell is edited), a tab or a carriage return.</summary>
    public static bool NeedsQuotePrefix(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '＝' or '＋' or '－' or '＠';

    /// <summary>Column width in Excel's character units: CJK and other wide characters count as two.</summary>
    public static double DisplayWidth(string text)
    {
        double width = 0;
        foreach (var ch in text)
        {
            if (ch is '\r' or '\n')
                break;
            width += ch > 0x2E7F ? 2 : 1;
        }
        return width;
    }

    private static void Write(IXLCell cell, object value)
    {
        switch (value)
        {
            case string s:
                WriteText(cell, s);
                break;
            case DateTime d:
                cell.SetValue(d);
                break;
            case DateOnly d:
                cell.SetValue(d.ToDateTime(TimeOnly.MinValue));
                break;
            case Percent p:
                if (p.Value is { } v)
                {
                    cell.SetValue(v);
                    cell.Style.NumberFormat.Format = PercentFormat;
                }
                break;
            case int or long or double or decimal:
                cell.SetValue(Convert.ToDouble(value, CultureInfo.InvariantCulture));
                break;
            default:
                WriteText(cell, Convert.ToString(value, CultureInfo.CurrentCulture) ?? "");
                break;
        }
    }
}
