using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace DxTracker.Domain.Excel;

/// <summary>A difference of two rates (fractions) shown in percentage points: 0.051 → "+5.1ポイント".</summary>
public readonly record struct Points(double? Value);

/// <summary>A change of a count shown with its sign: "+12", "-3".</summary>
public readonly record struct Change(long Value);

/// <summary>The trend beside the summary: per fiscal year (oldest first) its label and the three metrics as fractions (null
/// when there is nothing to divide), with the chart's title and its description for screen readers.</summary>
public sealed record TrendBlock(string ChartTitle, string ChartDescription, string YearHeader, IReadOnlyList<string> SeriesNames,
    IReadOnlyList<(string Year, double?[] Values)> Rows);

/// <summary>A workbook written forward-only with DocumentFormat.OpenXml's <see cref="OpenXmlWriter"/>: each sheet's rows go
/// straight into its part, so a 10,000-procedure report costs seconds, not ClosedXML's in-memory model. Each sheet is a real
/// table (header row frozen, autofilter) with typed cells like <see cref="SheetWriter"/>'s: numbers as numbers, dates as
/// date serials in Japan time with a date format, percentages formatted, text as inline strings — never formulas; text a
/// spreadsheet would read as a formula gets the quote-prefix style, its value untouched. Widths are fixed from the text of
/// the first rows. Every sheet prints with the workbook's <see cref="PrintLayout"/>; the summary sheet carries a native line
/// chart of the trend (<see cref="ReportChart"/>).</summary>
public sealed class ReportWorkbook : IDisposable
{
    // Cell formats (indexes into cellXfs): one per CellKind, percent for Percent values, quote-prefixed text, then the
    // summary's own: signed changes, differences in points, the trend's header and the note.
    private const uint NumberStyle = 1;
    private const uint YearStyle = 2;
    private const uint DateStyle = 3;
    private const uint DateTimeStyle = 4;
    private const uint PercentStyle = 5;
    private const uint QuotedTextStyle = 6;
    private const uint ChangeStyle = 7;
    private const uint PointsStyle = 8;
    private const uint HeadingStyle = 9;
    private const uint NoteStyle = 10;

    /// <summary>The summary table's cells are ruled (a thin grey line under each row, so the eye follows a row across a
    /// print, where readers do not draw table styles): each base style → its ruled twin, the xfs after <see cref="NoteStyle"/>.</summary>
    private static readonly Dictionary<uint, uint> Ruled = new[] { 0u, NumberStyle, PercentStyle, ChangeStyle, PointsStyle, QuotedTextStyle }
        .Select((style, i) => (style, ruled: NoteStyle + 1 + (uint)i)).ToDictionary(x => x.style, x => x.ruled);

    /// <summary>A count's change: +12, -3, 0.</summary>
    public const string ChangeFormat = "+#,##0;-#,##0;0";

    /// <summary>The cell padding a stored width includes beyond the characters shown (ClosedXML adds it when saving and
    /// takes it off when reading).</summary>
    private const double ColumnPadding = 0.7109375;

    /// <summary>Width of a difference in points ("+12.3ポイント").</summary>
    private const double PointsWidth = 15;

    private readonly SpreadsheetDocument _document;
    private readonly WorkbookPart _workbook;
    private readonly PrintLayout _layout;
    private readonly List<(string Name, string RelationshipId)> _sheets = [];

    /// <summary>A workbook whose every sheet prints with <paramref name="layout"/>.</summary>
    public ReportWorkbook(Stream stream, PrintLayout layout)
    {
        _layout = layout;
        _document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook);
        _workbook = _document.AddWorkbookPart();
        string[] formats = [SheetWriter.NumberFormat, SheetWriter.YearFormat, SheetWriter.DateFormat, SheetWriter.DateTimeFormat,
            SheetWriter.PercentFormat, ChangeFormat, PointsFormat];
        var styles = _workbook.AddNewPart<WorkbookStylesPart>();
        static Font Font(double size, bool bold = false) =>
            bold ? new Font(new Bold(), new FontSize { Val = size }, new FontName { Val = "Yu Gothic" }, new FontFamilyNumbering { Val = 3 }, new FontCharSet { Val = 128 })
                 : new Font(new FontSize { Val = size }, new FontName { Val = "Yu Gothic" }, new FontFamilyNumbering { Val = 3 }, new FontCharSet { Val = 128 });
        static CellFormat Format(uint numberFormat = 0, uint font = 0, uint fill = 0, uint border = 0) => new()
        {
            NumberFormatId = numberFormat, FontId = font, FillId = fill, BorderId = border, FormatId = 0,
            ApplyNumberFormat = numberFormat != 0 ? true : null, ApplyFont = font != 0 ? true : null,
            ApplyFill = fill != 0 ? true : null, ApplyBorder = border != 0 ? true : null,
        };
        var quoted = Format();
        quoted.QuotePrefix = true;
        CellFormat[] cellFormatsBase =
        [
            Format(),
            .. formats.Take(5).Select((_, i) => Format(164u + (uint)i)),
            quoted,
            Format(169),
            Format(170),
            Format(font: 1, fill: 2, border: 1),
            Format(font: 2),
        ];
        CellFormat[] cellFormats =
        [
            .. cellFormatsBase,
            .. Ruled.Keys.Select(style =>
            {
                var ruled = (CellFormat)(style == 0 ? Format() : cellFormatsBase[style]).CloneNode(true);
                ruled.BorderId = 2;
                ruled.ApplyBorder = true;
                return ruled;
            }),
        ];
        // Valid defaults throughout (the Normal cell style over the first style format), so no reader repairs or warns.
        styles.Stylesheet = new Stylesheet(
            new NumberingFormats(formats.Select((f, i) => new NumberingFormat { NumberFormatId = 164u + (uint)i, FormatCode = f })) { Count = (uint)formats.Length },
            new Fonts(Font(11), Font(11, bold: true), Font(10)) { Count = 3 },
            new Fills(
                new Fill(new PatternFill { PatternType = PatternValues.None }),
                new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
                new Fill(new PatternFill(new ForegroundColor { Rgb = "FFDDEBF7" }, new BackgroundColor { Indexed = 64 }) { PatternType = PatternValues.Solid })) { Count = 3 },
            new Borders(
                new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()),
                new Border(new LeftBorder(), new RightBorder(), new TopBorder(),
                    new BottomBorder(new Color { Indexed = 64 }) { Style = BorderStyleValues.Thin }, new DiagonalBorder()),
                new Border(new LeftBorder(), new RightBorder(), new TopBorder(),
                    new BottomBorder(new Color { Rgb = "FFA6A6A6" }) { Style = BorderStyleValues.Thin }, new DiagonalBorder())) { Count = 3 },
            new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
            new CellFormats(cellFormats) { Count = (uint)cellFormats.Length },
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 },
            new DifferentialFormats { Count = 0 },
            new TableStyles { Count = 0, DefaultTableStyle = "TableStyleMedium2", DefaultPivotStyle = "PivotStyleLight16" });
    }

    /// <summary>A difference of two rates in percentage points ("+5.1ポイント"), in the UI language.</summary>
    public static string PointsFormat => ExcelText.Get("PointsFormat");

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

            using var writer = StartSheet(part, Widths(columns, sample));
            var letters = Enumerable.Range(1, columns.Count).Select(Column).ToArray();
            WriteHeaderRow(writer, columns);
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
            EndSheet(writer, part, null);
        }
        DefineTable(table, tableName, columns, written);
        _sheets.Add((sheetName, _workbook.GetIdOfPart(part)));
    }

    /// <summary>The summary sheet, printed on one page: the table <paramref name="tableName"/> of <paramref name="rows"/> from
    /// A1, the <paramref name="notes"/> under it (the first one a heading), and beside it the <paramref name="trend"/>'s line
    /// chart over the table's height with the chart's figures under the chart.</summary>
    public void AddSummary(string sheetName, string tableName, IReadOnlyList<SheetColumn> columns, IReadOnlyList<object?[]> rows,
        IReadOnlyList<string> notes, TrendBlock trend)
    {
        var part = _workbook.AddNewPart<WorksheetPart>();
        var table = part.AddNewPart<TableDefinitionPart>();
        var tableHeight = rows.Count + 1;
        var trendColumn = columns.Count + 2;
        var trendHeaderRow = tableHeight + 2;

        var cells = new List<(int Row, int Column, object? Value, CellKind Kind, uint TextStyle)>();
        for (var r = 0; r < rows.Count; r++)
        {
            // Empty cells too: the rule runs under the whole row.
            for (var c = 0; c < columns.Count; c++)
                cells.Add((r + 2, c + 1, rows[r][c], columns[c].Kind, Ruled[0]));
        }
        cells.AddRange(notes.Select((note, i) => (tableHeight + 2 + i, 1, (object?)note, CellKind.Text, i == 0 ? HeadingStyle : NoteStyle)));
        cells.AddRange(new[] { trend.YearHeader }.Concat(trend.SeriesNames)
            .Select((header, i) => (trendHeaderRow, trendColumn + i, (object?)header, CellKind.Text, HeadingStyle)));
        for (var y = 0; y < trend.Rows.Count; y++)
        {
            var (year, values) = trend.Rows[y];
            cells.Add((trendHeaderRow + 1 + y, trendColumn, year, CellKind.Text, 0));
            cells.AddRange(values.Select((v, i) => (trendHeaderRow + 1 + y, trendColumn + 1 + i, (object?)new Percent(v), CellKind.Percent, 0u)));
        }

        var trendWidths = new[] { Math.Max(SheetWriter.DisplayWidth(trend.YearHeader), trend.Rows.Select(r => SheetWriter.DisplayWidth(r.Year)).DefaultIfEmpty(0).Max()) + 2 }
            .Concat(trend.SeriesNames.Select(n => Math.Max(SheetWriter.DisplayWidth(n) + 2, 16)));
        var drawings = ReportChart.Add(part, sheetName, trend, trendColumn, trendHeaderRow, tableHeight);
        using (var writer = StartSheet(part, Widths(columns, rows).Append(2).Concat(trendWidths)))
        {
            WriteHeaderRow(writer, columns);
            foreach (var row in cells.GroupBy(c => c.Row).OrderBy(g => g.Key))
            {
                var number = row.Key.ToString(CultureInfo.InvariantCulture);
                writer.WriteStartElement(new Row { RowIndex = (uint)row.Key });
                foreach (var cell in row.OrderBy(c => c.Column))
                {
                    var reference = Column(cell.Column) + number;
                    if (cell.Value is null)
                        writer.WriteElement(new Cell { CellReference = reference, StyleIndex = cell.TextStyle });
                    else
                        WriteCell(writer, reference, cell.Kind, cell.Value, cell.TextStyle);
                }
                writer.WriteEndElement();
            }
            EndSheet(writer, part, drawings);
        }
        DefineTable(table, tableName, columns, rows.Count);
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
            // Every sheet's header row repeats on each printed page.
            writer.WriteElement(new DefinedNames(_sheets.Select((s, i) => PrintLayout.PrintTitles(s.Name, i))));
            writer.WriteEndElement();
        }
        _document.Dispose();
    }

    /// <summary>The height of every row, in points.</summary>
    public const double RowHeight = 18.75;

    /// <summary>Opens the worksheet and its data: fit to page (the page setup says how), header row frozen, fixed widths.</summary>
    private static OpenXmlWriter StartSheet(WorksheetPart part, IEnumerable<double> widths)
    {
        var writer = OpenXmlWriter.Create(part);
        writer.WriteStartElement(new Worksheet());
        writer.WriteElement(PrintLayout.FitToPageProperties());
        writer.WriteElement(new SheetViews(new SheetView(new Pane
        {
            VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen,
        }) { WorkbookViewId = 0 }));
        // Rows as tall as Excel makes them for 11-point Yu Gothic (18.75 pt): an application without that font (LibreOffice)
        // would otherwise keep its own default height, shorter than its substitute's glyphs, and print each row's text
        // over the row above (the first data row under the repeated header).
        writer.WriteElement(new SheetFormatProperties { DefaultRowHeight = RowHeight, CustomHeight = true });
        writer.WriteElement(new Columns(widths.Select((w, i) =>
            new DocumentFormat.OpenXml.Spreadsheet.Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = w + ColumnPadding, CustomWidth = true })));
        writer.WriteStartElement(new SheetData());
        return writer;
    }

    private static void WriteHeaderRow(OpenXmlWriter writer, IReadOnlyList<SheetColumn> columns)
    {
        writer.WriteStartElement(new Row { RowIndex = 1 });
        for (var c = 0; c < columns.Count; c++)
            WriteText(writer, Column(c + 1) + "1", columns[c].Header, HeadingStyle);
        writer.WriteEndElement();
    }

    /// <summary>Closes the data, then the page setup, the drawing (when there is one) and the sheet's one table.</summary>
    private void EndSheet(OpenXmlWriter writer, WorksheetPart part, DrawingsPart? drawings)
    {
        writer.WriteEndElement(); // SheetData
        foreach (var element in _layout.PageElements())
            writer.WriteElement(element);
        if (drawings is not null)
            writer.WriteElement(new Drawing { Id = part.GetIdOfPart(drawings) });
        writer.WriteElement(new TableParts(new TablePart { Id = part.GetIdOfPart(part.TableDefinitionParts.Single()) }) { Count = 1 });
        writer.WriteEndElement(); // Worksheet
    }

    private void DefineTable(TableDefinitionPart table, string tableName, IReadOnlyList<SheetColumn> columns, int rowCount)
    {
        var lastRow = Math.Max(rowCount + 1, 2);
        var reference = $"A1:{Column(columns.Count)}{lastRow.ToString(CultureInfo.InvariantCulture)}";
        table.Table = new Table(
            new AutoFilter { Reference = reference },
            new TableColumns(columns.Select((c, i) => new TableColumn { Id = (uint)i + 1, Name = c.Header })) { Count = (uint)columns.Count },
            new TableStyleInfo { Name = "TableStyleMedium2", ShowRowStripes = true })
        {
            Id = (uint)_sheets.Count + 1, Name = tableName, DisplayName = tableName, Reference = reference, TotalsRowShown = false,
        };
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
                else if (row[c] is Points)
                    width = Math.Max(width, PointsWidth);
            }
            return SheetWriter.ClampWidth(column.Kind, width);
        });

    private static void WriteCell(OpenXmlWriter writer, string reference, CellKind kind, object value, uint textStyle = 0)
    {
        var (number, style) = value switch
        {
            string => (null, 0u),
            DateTime d => (d.ToOADate(), kind == CellKind.Date ? DateStyle : DateTimeStyle),
            DateOnly d => (d.ToDateTime(TimeOnly.MinValue).ToOADate(), DateStyle),
            Percent p => (p.Value, PercentStyle),
            Points p => (p.Value * 100, PointsStyle),
            Change c => (c.Value, ChangeStyle),
            int or long or double or decimal => (Convert.ToDouble(value, CultureInfo.InvariantCulture), kind switch
            {
                CellKind.Number => NumberStyle,
                CellKind.Year => YearStyle,
                CellKind.Percent => PercentStyle,
                _ => 0u,
            }),
            _ => ((double?)null, 0u),
        };
        if (value is Percent or Points && number is null)
        {
            if (textStyle != 0)
                writer.WriteElement(new Cell { CellReference = reference, StyleIndex = textStyle });
            return;
        }
        if (number is not { } n)
        {
            WriteText(writer, reference, value as string ?? Convert.ToString(value, CultureInfo.CurrentCulture) ?? "", textStyle);
            return;
        }
        var cell = new Cell(new CellValue(n.ToString("R", CultureInfo.InvariantCulture))) { CellReference = reference };
        if (textStyle == Ruled[0])
            style = Ruled.GetValueOrDefault(style, style);
        if (style != 0)
            cell.StyleIndex = style;
        writer.WriteElement(cell);
    }

    private static void WriteText(OpenXmlWriter writer, string reference, string text, uint style = 0)
    {
        var cell = new Cell(new InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text(text) { Space = SpaceProcessingModeValues.Preserve })) { CellReference = reference, DataType = CellValues.InlineString };
        if (SheetWriter.NeedsQuotePrefix(text))
            cell.StyleIndex = style == Ruled[0] ? Ruled[QuotedTextStyle] : QuotedTextStyle;
        else if (style != 0)
            cell.StyleIndex = style;
        writer.WriteElement(cell);
    }

    /// <summary>1 → "A", 28 → "AB".</summary>
    internal static string Column(int number)
    {
        var name = "";
        for (var n = number; n > 0; n = (n - 1) / 26)
            name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }
}
