using System.Globalization;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Extensions.Logging;

namespace DxTracker.Domain.Excel;

/// <summary>A problem with one cell (or a missing column: row 1) of an imported inventory.</summary>
public sealed record ImportIssue(int Row, string Column, string Reason);

/// <summary>The file as a whole cannot be imported (too many rows, no rows, unreadable). The message is localised.</summary>
public sealed class InventoryFileException(string message) : Exception(message);

/// <summary>The cells of an uploaded sheet (the inventory, the organisation), read as text by header from the named sheet (else the first),
/// forward-only with <see cref="OpenXmlReader"/>: one row in memory at a time, so 10,000 rows cost well under a second.
/// A formula is read as its text ("=HYPERLINK(...)"), never evaluated; a number as its digits ("2025", "0.5"); a number
/// in a date format as yyyy-MM-dd; rich text without its furigana (phonetic runs).</summary>
internal sealed partial class InventorySheet
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

    /// <summary>Reads an upload behind <see cref="XlsxGuard"/>: at most <see cref="XlsxGuard.MaxFileBytes"/>, no zip bomb, a
    /// readable workbook with rows. Either the sheet, or the localised reason the whole file is refused.</summary>
    public static async Task<(InventorySheet? Sheet, string? Refusal)> LoadAsync(Stream file, string sheetName, int maxRows, ILogger logger, string userId, CancellationToken ct)
    {
        await using var copy = await XlsxGuard.ReadLimitedAsync(file, ct);
        if (copy is null)
            return (null, XlsxGuard.TooLargeMessage);
        if (XlsxGuard.Check(copy) is { } refusal)
            return (null, refusal);
        try
        {
            return (Read(copy, sheetName, maxRows), null);
        }
        catch (InventoryFileException e)
        {
            return (null, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogInformation(e, "Unreadable {Sheet} upload by {UserId}", sheetName, userId);
            return (null, ExcelText.Get("File_NotXlsx"));
        }
    }

    public static InventorySheet Read(Stream file, string sheetName, int maxRows)
    {
        using var document = SpreadsheetDocument.Open(file, isEditable: false);
        var workbook = document.WorkbookPart ?? throw new InvalidDataException("No workbook part.");
        var sheets = workbook.Workbook.Sheets?.Elements<Sheet>().ToList() ?? [];
        var sheet = sheets.FirstOrDefault(s => s.Name?.Value == sheetName) ?? sheets.First();
        var cells = new CellText(workbook);

        var columns = new Dictionary<string, int>();
        var headerOf = new Dictionary<int, string>();
        var years = new SortedSet<int>();
        var rows = new List<(int, Dictionary<string, string>)>();
        var rowNumber = 0;
        using var reader = OpenXmlReader.Create((WorksheetPart)workbook.GetPartById(sheet.Id!.Value!));
        while (reader.Read())
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
                continue;
            var row = (Row)reader.LoadCurrentElement()!;
            rowNumber = (int?)row.RowIndex?.Value ?? rowNumber + 1;
            var columnNumber = 0;
            var values = new Dictionary<string, string>();
            foreach (var cell in row.Elements<Cell>())
            {
                columnNumber = cell.CellReference?.Value is { } reference ? ColumnNumber(reference) : columnNumber + 1;
                if (cell.CellValue is null && cell.CellFormula is null && cell.InlineString is null)
                    continue;
                if (rowNumber - 1 > maxRows)
                    throw new InventoryFileException(ExcelText.Format("File_TooManyRows", maxRows));
                var text = cells.Text(cell);
                if (rowNumber == 1)
                {
                    if (text.Length == 0 || columns.ContainsKey(text))
                        continue;
                    columns[text] = columnNumber;
                    headerOf[columnNumber] = text;
                    if (InventoryColumns.ParseVolumeHeader(text) is { } volume)
                        years.Add(volume.FiscalYear);
                }
                else if (text.Length > 0 && headerOf.TryGetValue(columnNumber, out var header))
                {
                    values[header] = text;
                }
            }
            if (rowNumber > 1 && values.Count > 0)
                rows.Add((rowNumber, values));
        }
        if (rows.Count == 0)
            throw new InventoryFileException(ExcelText.Get("File_Empty"));
        return new InventorySheet(columns, years.ToList(), rows);
    }

    /// <summary>"AB12" → 28.</summary>
    private static int ColumnNumber(string reference)
    {
        var number = 0;
        foreach (var ch in reference)
        {
            if (!char.IsAsciiLetter(ch))
                break;
            number = number * 26 + (char.ToUpperInvariant(ch) - 'A' + 1);
        }
        return number;
    }

    /// <summary>A cell's trimmed text, with the workbook's shared strings, its date styles and the shared formulas seen so far.</summary>
    private sealed partial class CellText(WorkbookPart workbook)
    {
        private readonly string[] _shared = workbook.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(RichText).ToArray() ?? [];
        private readonly bool[] _dateStyles = DateStyles(workbook.WorkbookStylesPart?.Stylesheet);
        private readonly Dictionary<uint, string> _sharedFormulas = [];

        public string Text(Cell cell)
        {
            if (cell.CellFormula is { } f)
            {
                var formula = f.Text;
                if (f.FormulaType?.Value == CellFormulaValues.Shared && f.SharedIndex?.Value is { } index)
                {
                    // The first cell of a shared formula holds its text; the others refer to it.
                    if (formula.Length > 0)
                        _sharedFormulas[index] = formula;
                    else
                        formula = _sharedFormulas.GetValueOrDefault(index, "");
                }
                return formula.StartsWith('=') ? formula : "=" + formula;
            }
            var value = cell.CellValue?.Text ?? "";
            var type = cell.DataType?.Value;
            if (type == CellValues.SharedString)
                return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < _shared.Length ? _shared[i].Trim() : "";
            if (type == CellValues.InlineString)
                return cell.InlineString is { } inline ? RichText(inline).Trim() : "";
            if (type is null || type == CellValues.Number)
                return Number(value, cell.StyleIndex?.Value is { } style && style < _dateStyles.Length && _dateStyles[style]);
            return value.Trim();
        }

        private static string Number(string value, bool isDate)
        {
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
                return value.Trim();
            if (isDate && d is >= -657435 and < 2958466)
                return DateTime.FromOADate(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            return d == Math.Floor(d) && Math.Abs(d) < 1e15
                ? ((long)d).ToString(CultureInfo.InvariantCulture)
                : d.ToString("R", CultureInfo.InvariantCulture);
        }

        /// <summary>The text of a shared or inline string: its plain text or its runs, not its phonetic guide (furigana).</summary>
        private static string RichText(OpenXmlElement item) =>
            string.Concat(item.ChildElements.Select(e => e switch
            {
                DocumentFormat.OpenXml.Spreadsheet.Text t => t.Text,
                Run r => r.Text?.Text,
                _ => null,
            }));

        /// <summary>Per cell style (cellXfs index): whether its number format shows a date — a built-in date format
        /// (including the Japanese era ones), or a custom format whose first date letter (y m d h s) comes before any
        /// digit placeholder (# 0 ?), outside quotes, brackets and escapes.</summary>
        private static bool[] DateStyles(Stylesheet? styles)
        {
            var custom = styles?.NumberingFormats?.Elements<NumberingFormat>()
                .Where(n => n.NumberFormatId?.Value is not null)
                .DistinctBy(n => n.NumberFormatId!.Value)
                .ToDictionary(n => n.NumberFormatId!.Value, n => n.FormatCode?.Value ?? "") ?? [];
            return styles?.CellFormats?.Elements<CellFormat>()
                .Select(x => x.NumberFormatId?.Value is { } id && (custom.TryGetValue(id, out var code)
                    ? FirstPlaceholder().Match(NotShown().Replace(code, "")) is { Success: true } m && char.IsAsciiLetter(m.Value[0])
                    : id is >= 14 and <= 22 or >= 27 and <= 36 or >= 45 and <= 47 or >= 50 and <= 58))
                .ToArray() ?? [];
        }

        /// <summary>Quoted text, [colour]/[locale] sections and escaped characters of a number format.</summary>
        [GeneratedRegex("\"[^\"]*\"|\\[[^\\]]*\\]|\\\\.")]
        private static partial Regex NotShown();

        [GeneratedRegex("[#0?ymdhs]", RegexOptions.IgnoreCase)]
        private static partial Regex FirstPlaceholder();
    }
}
