using System.Globalization;
using DxTracker.Domain.Excel;
using DxTracker.Domain.National;
using DxTracker.Domain.Reporting;
using DxTracker.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static DxTracker.Tests.Excel.ExcelFixtures;

namespace DxTracker.Tests.Excel;

/// <summary>Every file the app writes prints the same way (<see cref="PrintLayout"/>): the annual report, the inventory
/// template and export, and the survey answers.</summary>
public sealed class PrintLayoutTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The office as stored in a footer: its '&amp;' doubled so it prints as itself.</summary>
    private const string OfficeInFooter = "テスト区役所 DX&&推進課";

    [Fact]
    public async Task Every_sheet_of_the_annual_report_prints_A4_landscape_one_page_wide_with_title_year_office_date_and_page_numbers()
    {
        Japanese();
        var (database, _) = await AnnualReportTests.SeedAsync();
        await using var _ = database;
        var file = await Reports(database).BuildAsync(new FiscalYear(2025), Ct);
        // Produced 2026-06-01 12:00 Japan time.
        PrintChecks.EverySheetPrints(file, "&B行政手続のオンライン化 年次報告　令和7年度&B", OfficeInFooter, "&P / &N ページ", "作成日：2026年6月1日");
    }

    [Fact]
    public async Task The_annual_report_prints_its_words_in_English_when_the_UI_is_English()
    {
        Japanese();
        var (database, _) = await AnnualReportTests.SeedAsync();
        await using var _ = database;
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en-US");
        var file = await Reports(database).BuildAsync(new FiscalYear(2025), Ct);
        PrintChecks.EverySheetPrints(file, "&BOnline procedures: annual report – FY2025&B", OfficeInFooter, "Page &P of &N", "Produced 1 Jun 2026");
    }

    [Fact]
    public async Task The_inventory_template_and_export_print_like_the_report_in_Japanese()
    {
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en-US");
        var (database, _) = await AnnualReportTests.SeedAsync();
        await using var _ = database;
        foreach (var file in new[] { await Exporter(database).TemplateAsync(Ct), await Exporter(database).ExportAsync(null, Ct) })
            PrintChecks.EverySheetPrints(file, "&B手続棚卸し表&B", OfficeInFooter, "&P / &N ページ", "作成日：2026年6月1日");
    }

    [Fact]
    public async Task The_survey_answers_print_like_the_report_the_attribution_sheet_without_a_header_row()
    {
        Japanese();
        var (database, _) = await AnnualReportTests.SeedAsync();
        await using var _ = database;
        var file = await new SurveyExportService(database, Office, new FakeTimeProvider(new DateTimeOffset(Now))).BuildAsync(Ct);
        PrintChecks.EverySheetPrints(file, "&B行政手続等の悉皆調査 回答&B", OfficeInFooter, "&P / &N ページ", "作成日：2026年6月1日", withoutHeaderRow: "出典");
    }

    [Theory]
    [InlineData("&Lleft&Ccentre&Rright", "left", "centre", "right")]
    [InlineData("&BA&&B&B&R&A", "", "&BA&&B&B", "&A")]
    [InlineData("&L1 &&2&C&P / &N ページ", "1 &&2", "&P / &N ページ", "")]
    public void Header_sections_are_split_at_the_section_codes_only(string text, string left, string centre, string right)
    {
        var sections = PrintChecks.Sections(text);
        Assert.Equal((left, centre, right), (sections.GetValueOrDefault('L', ""), sections.GetValueOrDefault('C', ""), sections.GetValueOrDefault('R', "")));
    }
}
