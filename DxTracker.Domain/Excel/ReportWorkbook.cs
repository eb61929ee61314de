using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace DxTracker.Domain.Excel;

/// <summary>A workbook written forward-only with DocumentFormat.OpenXml's <see cref="OpenXmlWriter"/>: each sheet's rows go
/// straight into its part, so a 10,000-procedure report costs seconds, not ClosedXML's in-memory model. Each sheet is a real
/// table (header row frozen, autofilter) with typed cells like <see cref="SheetWriter"/>'s: numbers as numbers, dates as
/// date serials in Japan time with a date format, percentages formatted, text as inline strings — never formulas; text a
/// spreadsheet would read as a formula gets the quote-prefix style, its value untouched. Widths are fixed from the text of
/// the first rows.</summary>
public sealed class ReportWorkbook : IDisposable
{
    // Cell formats (indexes into cellXfs), one per CellKind, then percent for Percent values and quote-prefixed text.
    private const uint NumberStyle = 1;
    private const uint YearStyle = 2;
    private const uint DateStyle = 3;
    private const uint DateTimeStyle = 4;
    private const uint PercentStyle = 5;
    private const uint QuotedTextStyle = 6;

    /// <summary>The cell padding a stored width includes beyond the characters shown (ClosedXML adds it when saving and
    /// takes it off when reading).</summary>
    private const double ColumnPadding = 0.7109375;

    private readonly SpreadsheetDocument _document;
    private readonly WorkbookPart _workbook;
    private readonly List<(string Name, string RelationshipId)> _sheets = [];

    public ReportWorkbook(Stream stream)
    {
        _document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook);
        _workbook = _document.AddWorkbookPart();
        string[] formats = [SheetWriter.NumberFormat, SheetWriter.YearFormat, SheetWriter.DateFormat, SheetWriter.DateTimeFormat, SheetWriter.PercentFormat];
        var styles = _workbook.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = new Stylesheet(
            new NumberingFormats(formats.Select((f, i) => new NumberingFormat { NumberFormatId = 164u + (uint)i, FormatCode = f })) { Count = (uint)formats.Length },
            new Fonts(new Font(new FontSize { Val = 11 }, new FontName { Val = "Yu Gothic" })) { Count = 1 },
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
            new Borders(new Border()) { Count = 1 },
            new CellStyleFormats(new CellFormat()) { Count = 1 },
            new CellFormats(
                new[] { new CellFormat { FormatId = 0 } }
                    .Concat(formats.Select((_, i) => new CellFormat { NumberFormatId = 164u + (uint)i, ApplyNumberFormat = true, FormatId = 0 }))
                    .Append(new CellFormat { QuotePrefix = true, FormatId = 0 })) { Count = (uint)formats.Length + 2 });
    }

    /// <summary>Rows read ahead to fix the column widths before the rest stream through (the widths are written before the
    /// rows; a longer text further down stays within its cell's width, as in any fixed-width sheet).</summary>
    public const int WidthSampleRows = 1000;

    /// <summary>Writes one sheet as the table <paramref name="tableName"/> (unique in the workbook), each row written as it
    /// arrives: at most <see cref="WidthSampleRows"/> rows are held at once. Values as for <see cref="SheetWriter.AddTable"/>:
    /// string, DateTime (already Japan time), DateOnly, <see cref="Percent"/>, numbers; null leaves the cell empty.</summary>
    public async Task AddTableAsync(string sheetName, string tableName, IReadOnlyList<SheetColumn> columns, IAsyncEnumerable<object?[]> rows,
        CancellationToken ct = default)
    {
        var part = _workbook.AddNewPart<WorksheetPart>();
        // The table's part exists before the rows are written (the sheet refers to it); its range is known after them.
        var table = part.AddNewPart<TableDefinitionPart>();
        var written = 0;
        await using (var next = rows.GetAsyncEnumerator(ct))
        {
            var sample = new List<object?[]>();
            var more = true;
            while (sample.Count < WidthSampleRows && (more = await next.MoveNextAsync()))
                sample.Add(next.Current);

            using var writer = OpenXmlWriter.Create(part);
            writer.WriteStartElement(new Worksheet());
            writer.WriteElement(new SheetViews(new SheetView(new Pane
            {
                VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen,
            }) { WorkbookViewId = 0 }));
            writer.WriteElement(new Columns(Widths(columns, sample).Select((w, i) =>
                new DocumentFormat.OpenXml.Spreadsheet.Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = w + ColumnPadding, CustomWidth = true })));
            writer.WriteStartElement(new SheetData());
            var letters = Enumerable.Range(1, columns.Count).Select(Column).ToArray();
            writer.WriteStartElement(new Row { RowIndex = 1 });
            for (var c = 0; c < columns.Count; c++)
                WriteText(writer, letters[c] + "1", columns[c].Header);
            writer.WriteEndElement();
            void WriteRow(object?[] row)
            {
                var index = (uint)++written + 1;
                var number = index.ToString(CultureInfo.InvariantCulture);
                writer.WriteStartElement(new Row { RowIndex = index });
                for (var c = 0; c < columns.Count; c++)
                {
                    if (row[c] is { } value)
                        WriteCell(writer, letters[c] + number, columns[c].Kind, value);
                }
                writer.WriteEndElement();
            }
            foreach (var row in sample)
                WriteRow(row);
            sample.Clear();
            while (more && await next.MoveNextAsync())
                WriteRow(next.Current);
            writer.WriteEndElement(); // SheetData
            writer.WriteElement(new TableParts(new TablePart { Id = part.GetIdOfPart(table) }) { Count = 1 });
            writer.WriteEndElement(); // Worksheet
        }

        var lastRow = Math.Max(written + 1, 2);
        var reference = $"A1:{Column(columns.Count)}{lastRow.ToString(CultureInfo.InvariantCulture)}";
        table.Table = new Table(
            new AutoFilter { Reference = reference },
            new TableColumns(columns.Select((c, i) => new TableColumn { Id = (uint)i + 1, Name = c.Header })) { Count = (uint)columns.Count },
            new TableStyleInfo { Name = "TableStyleMedium2", ShowRowStripes = true })
        {
            Id = (uint)_sheets.Count + 1, Name = tableName, DisplayName = tableName, Reference = reference, TotalsRowShown = false,
        };
        _sheets.Add((sheetName, _workbook.GetIdOfPart(part)));
    }

    public void Dispose()
    {
        using (var writer = OpenXmlWriter.Create(_workbook))
        {
            writer.WriteStartElement(new Workbook());
            writer.WriteStartElement(new Sheets());
            uint id = 1;
            foreach (var (name, relationshipId) in _sheets)
                writer.WriteElement(new Sheet { Name = name, SheetId = id++, Id = relationshipId });
            writer.WriteEndElement();
            writer.WriteEndElement();
        }
        _document.Dispose();
    }

    private static IEnumerable<double> Widths(IReadOnlyList<SheetColumn> columns, IReadOnlyList<object?[]> rows) =>
        columns.Select((column, c) =>
        {
            // Room for the filter button beside the header.
            var width = SheetWriter.DisplayWidth(column.Header) + 3;
            foreach (var row in rows)
            {
                if (row[c] is string s)
                    width = Math.Max(width, SheetWriter.DisplayWidth(s) + 1);
            }
            return SheetWriter.ClampWidth(column.Kind, width);
        });

    private static void WriteCell(OpenXmlWriter writer, string reference, CellKind kind, object value)
    {
        var (number, style) = value switch
        {
            string s => (null, 0u),
            DateTime d => (d.ToOADate(), kind == CellKind.Date ? DateStyle : DateTimeStyle),
            DateOnly d => (d.ToDateTime(TimeOnly.MinValue).ToOADate(), DateStyle),
            Percent p => (p.Value, PercentStyle),
            int or long or double or decimal => (Convert.ToDouble(value, CultureInfo.InvariantCulture), kind switch
            {
                CellKind.Number => NumberStyle,
                CellKind.Year => YearStyle,
                CellKind.Percent => PercentStyle,
                _ => 0u,
            }),
            _ => ((double?)null, 0u),
        };
        if (value is Percent && number is null)
            return;
        if (number is not { } n)
        {
            WriteText(writer, reference, value as string ?? Convert.ToString(value, CultureInfo.CurrentCulture) ?? "");
            return;
        }
        var cell = new Cell(new CellValue(n.ToString("R", CultureInfo.InvariantCulture))) { CellReference = reference };
        if (style != 0)
            cell.StyleIndex = style;
        writer.WriteElement(cell);
    }

    private static void WriteText(OpenXmlWriter writer, string reference, string text)
    {
        var cell = new Cell(new InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text(text) { Space = SpaceProcessingModeValues.Preserve })) { CellReference = reference, DataType = CellValues.InlineString };
        if (SheetWriter.NeedsQuotePrefix(text))
            cell.StyleIndex = QuotedTextStyle;
        writer.WriteElement(cell);
    }

    private static string Column(int count)
    {
        var name = "";
        for (var n = count; n > 0; n = (n - 1) / 26)
            name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }
}
