using System.Globalization;
using ClosedXML.Excel;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;
using DxTracker.Domain.Organisation;
using DxTracker.Domain.Reporting;
using DxTracker.Domain.Resources;

namespace DxTracker.Domain.Excel;

/// <summary>How every sheet the app writes prints, whichever writer wrote it (<see cref="ReportWorkbook"/> through
/// OpenXmlWriter, <see cref="SheetWriter"/> through ClosedXML): A4 landscape; all columns on one page width, rows continuing
/// on the following pages; the header row repeated on every page; margins for filing (25 mm on the left to bind, 20 mm at
/// the top for the punch holes); a header naming the document (and its fiscal year) on the left and the sheet on the right;
/// a footer with the office's name, 「N / M ページ」 and the date it was produced.</summary>
public sealed class PrintLayout
{
    private const double MillimetresPerInch = 25.4;

    // The file stores margins in inches.
    public const double LeftMargin = 25 / MillimetresPerInch;
    public const double RightMargin = 12 / MillimetresPerInch;
    public const double TopMargin = 20 / MillimetresPerInch;
    public const double BottomMargin = 18 / MillimetresPerInch;
    public const double HeaderMargin = 8 / MillimetresPerInch;
    public const double FooterMargin = 8 / MillimetresPerInch;

    /// <summary>The paper-size code of A4 in SpreadsheetML.</summary>
    public const uint A4 = 9;

    private PrintLayout(string headerLeft, string footerLeft, string footerCenter, string footerRight)
    {
        (HeaderLeft, FooterLeft, FooterCenter, FooterRight) = (headerLeft, footerLeft, footerCenter, footerRight);
    }

    // Each section as the file stores it: text with '&' doubled, and the codes &P (page), &N (pages) and &A (sheet name).
    public string HeaderLeft { get; }
    public const string HeaderRight = "&A";
    public string FooterLeft { get; }
    public string FooterCenter { get; }
    public string FooterRight { get; }

    /// <summary>The whole header and footer as SpreadsheetML's oddHeader/oddFooter strings.</summary>
    public string Header => "&L" + HeaderLeft + "&R" + HeaderRight;
    public string Footer => (FooterLeft.Length > 0 ? "&L" + FooterLeft : "") + "&C" + FooterCenter + "&R" + FooterRight;

    /// <summary>The layout of a document called <paramref name="title"/> (and <paramref name="year"/>, 令和N年度, when it is about
    /// one fiscal year) produced now (the Japan date of <paramref name="clock"/>) by <paramref name="office"/>, its words in
    /// <paramref name="culture"/>.</summary>
    public static PrintLayout Create(string title, string? year, OfficeSettings office, TimeProvider clock, CultureInfo culture)
    {
        var produced = DateOnly.FromDateTime(FiscalYear.ToJapan(clock.GetUtcNow().UtcDateTime));
        // The title in bold (&B switches bold on and off).
        var separator = culture.TwoLetterISOLanguageName == "ja" ? "　" : " – ";
        return new("&B" + Escape(year is null ? title : title + separator + year) + "&B",
            Escape(office.Name),
            ExcelText.Get("Print_PageNumbers", culture),
            Escape(string.Format(culture, ExcelText.Get("Print_Produced", culture), DomainText.Date(produced, culture))));
    }

    /// <summary>The files whose headers are fixed Japanese (the inventory, the survey) print their words in Japanese too.</summary>
    public static CultureInfo Japanese => CultureInfo.GetCultureInfo("ja-JP");

    /// <summary>Text shown as it is: '&amp;' starts a code in a header or footer, "&amp;&amp;" prints one.</summary>
    private static string Escape(string text) => text.Replace("&", "&&", StringComparison.Ordinal);

    /// <summary>sheetPr, the worksheet's first element: scale to fit (the page setup says how many pages wide and tall).</summary>
    internal static SheetProperties FitToPageProperties() => new(new PageSetupProperties { FitToPage = true });

    /// <summary>pageMargins, pageSetup and headerFooter, in the order the worksheet expects them (after the data, before
    /// drawings and tables).</summary>
    internal IEnumerable<OpenXmlElement> PageElements() =>
    [
        new PageMargins { Left = LeftMargin, Right = RightMargin, Top = TopMargin, Bottom = BottomMargin, Header = HeaderMargin, Footer = FooterMargin },
        new PageSetup { PaperSize = A4, Orientation = OrientationValues.Landscape, FitToWidth = 1, FitToHeight = 0 },
        // Header and footer at their own size on a sheet shrunk to fit.
        new HeaderFooter(new OddHeader(Header), new OddFooter(Footer)) { ScaleWithDoc = false },
    ];

    /// <summary>The defined name that repeats row 1 of the sheet at <paramref name="sheetIndex"/> (0-based) on every page.</summary>
    internal static DefinedName PrintTitles(string sheetName, int sheetIndex) =>
        new($"'{sheetName.Replace("'", "''", StringComparison.Ordinal)}'!$1:$1") { Name = "_xlnm.Print_Titles", LocalSheetId = (uint)sheetIndex };

    /// <summary>The same layout on a ClosedXML sheet; <paramref name="repeatHeaderRow"/>: row 1 is a header to repeat.</summary>
    public void ApplyTo(IXLWorksheet sheet, bool repeatHeaderRow = true)
    {
        var page = sheet.PageSetup;
        page.PaperSize = XLPaperSize.A4Paper;
        page.PageOrientation = XLPageOrientation.Landscape;
        page.FitToPages(1, 0);
        (page.Margins.Left, page.Margins.Right, page.Margins.Top, page.Margins.Bottom, page.Margins.Header, page.Margins.Footer) =
            (LeftMargin, RightMargin, TopMargin, BottomMargin, HeaderMargin, FooterMargin);
        page.ScaleHFWithDocument = false;
        page.Header.Left.AddText(HeaderLeft);
        page.Header.Right.AddText(HeaderRight);
        if (FooterLeft.Length > 0)
            page.Footer.Left.AddText(FooterLeft);
        page.Footer.Center.AddText(FooterCenter);
        page.Footer.Right.AddText(FooterRight);
        if (repeatHeaderRow)
            page.SetRowsToRepeatAtTop(1, 1);
    }
}
