using System.Data.Common;
using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace DxTracker.App.Bench;

/// <summary>How a baseline report column is written.</summary>
internal enum CellKind
{
    Text,
    Number,
    /// <summary>A UTC instant shown in Japan time as an Excel date-time.</summary>
    DateTime,
    Date,
}

/// <summary>The report baseline's writer: DocumentFormat.OpenXml's forward-only <see cref="OpenXmlWriter"/> (each row is written
/// as it is read and then forgotten), typed cells (numbers and dates as numbers), a frozen header row and an autofilter per
/// sheet, and text starting with = + - @ neutralised with a leading apostrophe.</summary>
internal sealed class StreamingWorkbook : IDisposable
{
    private const uint DateTimeStyle = 1;
    private const uint DateStyle = 2;

    private readonly SpreadsheetDocument _document;
    private readonly WorkbookPart _workbook;
    private readonly List<(string Name, string RelationshipId)> _sheets = [];

    public StreamingWorkbook(Stream stream)
    {
        _document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook);
        _workbook = _document.AddWorkbookPart();
        var styles = _workbook.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = new Stylesheet(
            new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy/mm/dd hh:mm" }) { Count = 1 },
            new Fonts(new Font()) { Count = 1 },
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
            new Borders(new Border()) { Count = 1 },
            new CellFormats(
                new CellFormat(),
                new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true },
                new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true }) { Count = 3 });
    }

    /// <summary>Writes one sheet from a data reader, row by row; <paramref name="map"/> turns a column's value into what is shown.</summary>
    public Task AddSheetAsync(string name, IReadOnlyList<(string Header, CellKind Kind)> columns, DbDataReader reader, Func<int, object?, object?>? map = null) =>
        WriteAsync(name, columns, () => reader.ReadAsync(), c => reader.IsDBNull(c) ? null : reader.GetValue(c), map);

    /// <summary>Writes one sheet from rows already in memory (the small summary).</summary>
    public Task AddSheetAsync(string name, IReadOnlyList<(string Header, CellKind Kind)> columns, IReadOnlyList<object?[]> rows)
    {
        var i = -1;
        return WriteAsync(name, columns, () => Task.FromResult(++i < rows.Count), c => rows[i][c], null);
    }

    private async Task WriteAsync(string name, IReadOnlyList<(string Header, CellKind Kind)> columns, Func<Task<bool>> next, Func<int, object?> read,
        Func<int, object?, object?>? map)
    {
        var part = _workbook.AddNewPart<WorksheetPart>();
        using (var writer = OpenXmlWriter.Create(part))
        {
            writer.WriteStartElement(new Worksheet());
            writer.WriteElement(new SheetViews(new SheetView(new Pane
            {
                VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen,
            }) { WorkbookViewId = 0 }));
            writer.WriteStartElement(new SheetData());
            var letters = Enumerable.Range(1, columns.Count).Select(Column).ToArray();
            writer.WriteStartElement(new Row { RowIndex = 1 });
            for (var c = 0; c < columns.Count; c++)
                WriteText(writer, letters[c] + "1", columns[c].Header);
            writer.WriteEndElement();
            var rows = 1;
            while (await next())
            {
                rows++;
                var number = rows.ToString(CultureInfo.InvariantCulture);
                writer.WriteStartElement(new Row { RowIndex = (uint)rows });
                for (var c = 0; c < columns.Count; c++)
                {
                    var value = read(c);
                    WriteCell(writer, letters[c] + number, columns[c].Kind, map is null ? value : map(c, value));
                }
                writer.WriteEndElement();
            }
            writer.WriteEndElement(); // SheetData
            writer.WriteElement(new AutoFilter { Reference = $"A1:{Column(columns.Count)}{rows.ToString(CultureInfo.InvariantCulture)}" });
            writer.WriteEndElement(); // Worksheet
        }
        _sheets.Add((name, _workbook.GetIdOfPart(part)));
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

    private static void WriteCell(OpenXmlWriter writer, string reference, CellKind kind, object? value)
    {
        switch (value)
        {
            case null:
                break;
            case string s when kind == CellKind.Text:
                WriteText(writer, reference, s);
                break;
            default:
                var (number, style) = kind switch
                {
                    CellKind.DateTime => (SqlBaselines.ToUtc(value).AddHours(9).ToOADate(), DateTimeStyle),
                    CellKind.Date => (SqlBaselines.ToDate(value).ToDateTime(TimeOnly.MinValue).ToOADate(), DateStyle),
                    _ => (Convert.ToDouble(value, CultureInfo.InvariantCulture), 0u),
                };
                var cell = new Cell(new CellValue(number.ToString("R", CultureInfo.InvariantCulture))) { CellReference = reference, DataType = CellValues.Number };
                if (style != 0)
                    cell.StyleIndex = style;
                writer.WriteElement(cell);
                break;
        }
    }

    private static void WriteText(OpenXmlWriter writer, string reference, string text)
    {
        if (DxTracker.Domain.Excel.SheetWriter.NeedsQuotePrefix(text))
            text = "'" + text;
        writer.WriteElement(new Cell(new InlineString(new Text(text))) { CellReference = reference, DataType = CellValues.InlineString });
    }

    private static string Column(int count)
    {
        var name = "";
        for (var n = count; n > 0; n = (n - 1) / 26)
            name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }
}
