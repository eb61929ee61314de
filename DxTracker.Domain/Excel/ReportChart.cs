using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using A = DocumentFormat.OpenXml.Drawing;
using C = DocumentFormat.OpenXml.Drawing.Charts;
using Xdr = DocumentFormat.OpenXml.Drawing.Spreadsheet;

namespace DxTracker.Domain.Excel;

/// <summary>The summary's trend as a native line chart (a DrawingML chart part, so any spreadsheet draws and prints it): one
/// line per metric over the fiscal years, from the trend's cells on the sheet (each reference carries its cached values, so a
/// reader that does not recalculate shows the same). The lines differ in colour, dash and marker, so they stay apart on a
/// black-and-white print; the percent axis runs from 0% to 100%, as the board's.</summary>
internal static class ReportChart
{
    private const uint CategoryAxisId = 500_000_001;
    private const uint ValueAxisId = 500_000_002;

    private static readonly (string Colour, A.PresetLineDashValues Dash, C.MarkerStyleValues Marker)[] Looks =
    [
        ("1F4E79", A.PresetLineDashValues.Solid, C.MarkerStyleValues.Circle),
        ("C55A11", A.PresetLineDashValues.Dash, C.MarkerStyleValues.Square),
        ("548235", A.PresetLineDashValues.SystemDot, C.MarkerStyleValues.Triangle),
    ];

    /// <summary>Adds the chart to <paramref name="sheet"/>, anchored over the columns of the trend (from
    /// <paramref name="firstColumn"/>, 1-based) and rows 1 to <paramref name="height"/>; the trend's header row is
    /// <paramref name="headerRow"/> with the years under it. Returns the drawing the worksheet must refer to.</summary>
    public static DrawingsPart Add(WorksheetPart sheet, string sheetName, TrendBlock trend, int firstColumn, int headerRow, int height)
    {
        var drawings = sheet.AddNewPart<DrawingsPart>();
        var chart = drawings.AddNewPart<ChartPart>();
        var language = CultureInfo.CurrentUICulture.Name;
        var quoted = "'" + sheetName.Replace("'", "''", StringComparison.Ordinal) + "'!";
        string Range(int column, int firstRow, int lastRow) =>
            string.Create(CultureInfo.InvariantCulture, $"{quoted}${ReportWorkbook.Column(column)}${firstRow}:${ReportWorkbook.Column(column)}${lastRow}");
        var (first, last) = (headerRow + 1, headerRow + trend.Rows.Count);
        var years = new C.StringCache(new C.PointCount { Val = (uint)trend.Rows.Count });
        years.Append(trend.Rows.Select((r, i) => new C.StringPoint(new C.NumericValue(r.Year)) { Index = (uint)i }));

        var lines = trend.SeriesNames.Select((name, s) =>
        {
            var column = firstColumn + 1 + s;
            var values = new C.NumberingCache(new C.FormatCode(SheetWriter.PercentFormat), new C.PointCount { Val = (uint)trend.Rows.Count });
            values.Append(trend.Rows.Select((r, i) => (r.Values[s], i)).Where(p => p.Item1 is not null)
                .Select(p => new C.NumericPoint(new C.NumericValue(p.Item1!.Value.ToString("R", CultureInfo.InvariantCulture))) { Index = (uint)p.i }));
            var (colour, dash, marker) = Looks[s % Looks.Length];
            return new C.LineChartSeries(
                new C.Index { Val = (uint)s },
                new C.Order { Val = (uint)s },
                new C.SeriesText(new C.StringReference(
                    new C.Formula(Range(column, headerRow, headerRow)),
                    new C.StringCache(new C.PointCount { Val = 1 }, new C.StringPoint(new C.NumericValue(name)) { Index = 0 }))),
                new C.ChartShapeProperties(new A.Outline(
                    new A.SolidFill(new A.RgbColorModelHex { Val = colour }),
                    new A.PresetDash { Val = dash }) { Width = 28575 }),
                new C.Marker(
                    new C.Symbol { Val = marker },
                    new C.Size { Val = 7 },
                    new C.ChartShapeProperties(new A.SolidFill(new A.RgbColorModelHex { Val = colour }), new A.Outline(new A.SolidFill(new A.RgbColorModelHex { Val = colour })))),
                new C.CategoryAxisData(new C.StringReference(new C.Formula(Range(firstColumn, first, last)), (C.StringCache)years.CloneNode(true))),
                new C.Values(new C.NumberReference(new C.Formula(Range(column, first, last)), values)),
                new C.Smooth { Val = false });
        });

        var lineChart = new C.LineChart(new C.Grouping { Val = C.GroupingValues.Standard }, new C.VaryColors { Val = false });
        lineChart.Append(lines);
        lineChart.Append(new C.ShowMarker { Val = true }, new C.AxisId { Val = CategoryAxisId }, new C.AxisId { Val = ValueAxisId });

        chart.ChartSpace = new C.ChartSpace(
            new C.EditingLanguage { Val = language },
            new C.RoundedCorners { Val = false },
            new C.Chart(
                new C.Title(new C.ChartText(new C.RichText(
                        new A.BodyProperties(), new A.ListStyle(),
                        new A.Paragraph(
                            new A.ParagraphProperties(TextDefaults(1200, bold: true)),
                            new A.Run(new A.RunProperties { Language = language, FontSize = 1200, Bold = true }, new A.Text(trend.ChartTitle))))),
                    new C.Overlay { Val = false }),
                new C.AutoTitleDeleted { Val = false },
                new C.PlotArea(
                    new C.Layout(),
                    lineChart,
                    new C.CategoryAxis(
                        new C.AxisId { Val = CategoryAxisId },
                        new C.Scaling(new C.Orientation { Val = C.OrientationValues.MinMax }),
                        new C.Delete { Val = false },
                        new C.AxisPosition { Val = C.AxisPositionValues.Bottom },
                        new C.NumberingFormat { FormatCode = "General", SourceLinked = true },
                        new C.MajorTickMark { Val = C.TickMarkValues.Outside },
                        new C.MinorTickMark { Val = C.TickMarkValues.None },
                        new C.TickLabelPosition { Val = C.TickLabelPositionValues.NextTo },
                        new C.CrossingAxis { Val = ValueAxisId },
                        new C.Crosses { Val = C.CrossesValues.AutoZero },
                        new C.AutoLabeled { Val = true },
                        new C.LabelAlignment { Val = C.LabelAlignmentValues.Center },
                        new C.LabelOffset { Val = 100 },
                        new C.NoMultiLevelLabels { Val = false }),
                    new C.ValueAxis(
                        new C.AxisId { Val = ValueAxisId },
                        new C.Scaling(new C.Orientation { Val = C.OrientationValues.MinMax }, new C.MaxAxisValue { Val = 1 }, new C.MinAxisValue { Val = 0 }),
                        new C.Delete { Val = false },
                        new C.AxisPosition { Val = C.AxisPositionValues.Left },
                        new C.MajorGridlines(new C.ChartShapeProperties(new A.Outline(new A.SolidFill(new A.RgbColorModelHex { Val = "D9D9D9" })))),
                        new C.NumberingFormat { FormatCode = "0%", SourceLinked = false },
                        new C.MajorTickMark { Val = C.TickMarkValues.Outside },
                        new C.MinorTickMark { Val = C.TickMarkValues.None },
                        new C.TickLabelPosition { Val = C.TickLabelPositionValues.NextTo },
                        new C.CrossingAxis { Val = CategoryAxisId },
                        new C.Crosses { Val = C.CrossesValues.AutoZero },
                        new C.CrossBetween { Val = C.CrossBetweenValues.Between },
                        new C.MajorUnit { Val = 0.2 })),
                new C.Legend(new C.LegendPosition { Val = C.LegendPositionValues.Bottom }, new C.Overlay { Val = false }),
                new C.PlotVisibleOnly { Val = true },
                new C.DisplayBlanksAs { Val = C.DisplayBlanksAsValues.Gap }),
            new C.TextProperties(new A.BodyProperties(), new A.ListStyle(), new A.Paragraph(
                new A.ParagraphProperties(TextDefaults(1000, bold: false)),
                new A.EndParagraphRunProperties { Language = language })));

        drawings.WorksheetDrawing = new Xdr.WorksheetDrawing(
            new Xdr.TwoCellAnchor(
                new Xdr.FromMarker(new Xdr.ColumnId(Zero(firstColumn - 1)), new Xdr.ColumnOffset("0"), new Xdr.RowId("0"), new Xdr.RowOffset("0")),
                new Xdr.ToMarker(new Xdr.ColumnId(Zero(firstColumn - 1 + 1 + trend.SeriesNames.Count)), new Xdr.ColumnOffset("0"),
                    new Xdr.RowId(Zero(height)), new Xdr.RowOffset("0")),
                new Xdr.GraphicFrame(
                    new Xdr.NonVisualGraphicFrameProperties(
                        new Xdr.NonVisualDrawingProperties { Id = 2, Name = trend.ChartTitle, Description = trend.ChartDescription },
                        new Xdr.NonVisualGraphicFrameDrawingProperties()),
                    new Xdr.Transform(new A.Offset { X = 0, Y = 0 }, new A.Extents { Cx = 0, Cy = 0 }),
                    new A.Graphic(new A.GraphicData(new C.ChartReference { Id = drawings.GetIdOfPart(chart) })
                    {
                        Uri = "http://schemas.openxmlformats.org/drawingml/2006/chart",
                    }))
                { Macro = "" },
                new Xdr.ClientData())
            { EditAs = Xdr.EditAsValues.OneCell });
        return drawings;
    }

    private static string Zero(int index) => index.ToString(CultureInfo.InvariantCulture);

    /// <summary>The chart's text: the size given, a Japanese font for both scripts.</summary>
    private static A.DefaultRunProperties TextDefaults(int size, bool bold) =>
        new(new A.LatinFont { Typeface = "Yu Gothic" }, new A.EastAsianFont { Typeface = "Yu Gothic" }) { FontSize = size, Bold = bold };
}
