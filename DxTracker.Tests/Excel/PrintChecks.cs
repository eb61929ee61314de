using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using DxTracker.Domain.Excel;

namespace DxTracker.Tests.Excel;

/// <summary>Reads a written workbook with DocumentFormat.OpenXml and checks that it prints as every sheet of the app should
/// (<see cref="PrintLayout"/>), and that it is valid SpreadsheetML.</summary>
internal static class PrintChecks
{
    /// <summary>Every sheet: A4 landscape, fit to one page wide and any number tall, margins for filing, row 1 repeated on
    /// every page (except <paramref name="withoutHeaderRow"/>), and the header and footer sections given (as stored:
    /// '&amp;' doubled, &amp;P &amp;N &amp;A codes).</summary>
    public static void EverySheetPrints(byte[] file, string headerLeft, string footerLeft, string footerCenter, string footerRight,
        params string[] withoutHeaderRow)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(file), isEditable: false);
        var workbook = document.WorkbookPart!;
        var sheets = workbook.Workbook.Sheets!.Elements<Sheet>().ToList();
        var printTitles = workbook.Workbook.DefinedNames?.Elements<DefinedName>().Where(d => d.Name?.Value == "_xlnm.Print_Titles").ToList() ?? [];
        Assert.NotEmpty(sheets);
        for (var i = 0; i < sheets.Count; i++)
        {
            var name = sheets[i].Name!.Value!;
            var worksheet = ((WorksheetPart)workbook.GetPartById(sheets[i].Id!.Value!)).Worksheet;
            var setup = Assert.Single(worksheet.Elements<PageSetup>());
            // fitToWidth is 1 when absent (the schema's default); fitToHeight must say 0 (its default is 1).
            Assert.Equal((9u, OrientationValues.Landscape, 1u, 0u),
                (setup.PaperSize?.Value, setup.Orientation?.Value, setup.FitToWidth?.Value ?? 1u, setup.FitToHeight?.Value));
            Assert.True(worksheet.SheetProperties?.PageSetupProperties?.FitToPage?.Value, $"{name}: scale to fit is off");
            var margins = Assert.Single(worksheet.Elements<PageMargins>());
            Assert.Equal((PrintLayout.LeftMargin, PrintLayout.TopMargin), (margins.Left!.Value, margins.Top!.Value));
            Assert.InRange(margins.Left!.Value * 25.4, 20, 30);

            var headerFooter = Assert.Single(worksheet.Elements<HeaderFooter>());
            var header = Sections(headerFooter.OddHeader!.Text);
            var footer = Sections(headerFooter.OddFooter!.Text);
            Assert.Equal((headerLeft, "&A"), (header.GetValueOrDefault('L'), header.GetValueOrDefault('R')));
            Assert.Equal((footerLeft, footerCenter, footerRight), (footer.GetValueOrDefault('L'), footer.GetValueOrDefault('C'), footer.GetValueOrDefault('R')));

            // 'name'!$1:$1 and name!1:1 (ClosedXML's way) are the same rows.
            var titles = printTitles.Where(d => d.LocalSheetId?.Value == (uint)i)
                .Select(d => d.Text.Replace("$", "", StringComparison.Ordinal).Replace("'" + name + "'!", name + "!", StringComparison.Ordinal)).ToList();
            if (withoutHeaderRow.Contains(name))
                Assert.Empty(titles);
            else
                Assert.Equal([name + "!1:1"], titles);
        }

        // Valid SpreadsheetML, with a default cell style: the Normal style over the first style format.
        var errors = new OpenXmlValidator(FileFormatVersions.Office2010).Validate(document)
            .Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ToList();
        Assert.Empty(errors);
        var styles = workbook.WorkbookStylesPart!.Stylesheet;
        var normal = Assert.Single(styles.CellStyles!.Elements<CellStyle>(), s => s.BuiltinId?.Value == 0);
        Assert.Equal(("Normal", 0u), (normal.Name?.Value, normal.FormatId?.Value));
        Assert.NotEmpty(styles.CellStyleFormats!.Elements<CellFormat>());
        Assert.All(styles.CellFormats!.Elements<CellFormat>(), xf => Assert.Equal(0u, xf.FormatId?.Value ?? 0u));
    }

    /// <summary>The sections of a stored header or footer ("&amp;Lleft&amp;Ccentre&amp;Rright"), by letter, each as stored.</summary>
    public static Dictionary<char, string> Sections(string text)
    {
        var sections = new Dictionary<char, string>();
        var current = 'C';
        var start = 0;
        for (var i = 0; i < text.Length - 1; i++)
        {
            if (text[i] != '&')
                continue;
            if (text[i + 1] is 'L' or 'C' or 'R')
            {
                if (i > start)
                    sections[current] = text[start..i];
                current = text[i + 1];
                start = i + 2;
            }
            i++; // "&&" and any other code are part of the section
        }
        if (start < text.Length)
            sections[current] = text[start..];
        return sections;
    }
}
