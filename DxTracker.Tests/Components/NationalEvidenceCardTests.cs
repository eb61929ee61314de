using Bunit;
using DxTracker.App.Features.National;
using DxTracker.Domain.National;
using DxTracker.Domain.Reporting;
using DxTracker.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace DxTracker.Tests.Components;

/// <summary>The evidence card names the fiscal year of the national counts from the survey it shows, in the era setting.</summary>
public sealed class NationalEvidenceCardTests
{
    private static NationalFacts Facts(DateOnly surveyDate) => new()
    {
        NationalId = "9108",
        Name = "本人等による住民票の写し等の交付請求",
        Ministry = "総務省",
        OnlineStatus = 1,
        TotalCount = 1_000,
        OnlineCount = 250,
        SurveyDate = surveyDate,
    };

    private static async Task<string> CountsHeaderAsync(string culture, DateOnly surveyDate, EraSettings era)
    {
        using var _ = new CultureScope(culture);
        await using var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddLocalization();
        ctx.Services.AddSingleton(era);
        ctx.Render<MudPopoverProvider>();
        var card = ctx.Render<NationalEvidenceCard>(p => p.Add(c => c.Facts, Facts(surveyDate)));
        // The counts row: its header beside "総数 1,000件／オンライン 250件".
        var row = card.FindAll("[data-testid=national-evidence] tr").Single(r => r.TextContent.Contains("1,000"));
        return row.QuerySelector("th")!.TextContent.Trim();
    }

    [Theory]
    [InlineData("ja-JP", 2024, 3, 31, "全国の件数（令和5年度）")]
    [InlineData("ja-JP", 2025, 3, 31, "全国の件数（令和6年度）")]
    [InlineData("ja-JP", 2020, 3, 31, "全国の件数（令和元年度）")]
    [InlineData("en-US", 2024, 3, 31, "National applications (FY2023)")]
    public async Task The_counts_are_labelled_with_the_fiscal_year_the_survey_date_closes(string culture, int year, int month, int day, string expected) =>
        Assert.Equal(expected, await CountsHeaderAsync(culture, new DateOnly(year, month, day), new EraSettings()));

    [Fact]
    public async Task The_embedded_catalogue_counts_are_for_Reiwa_5_and_follow_the_era_setting()
    {
        Assert.Equal(new FiscalYear(2023), Facts(NationalCatalogue.SurveyDate).CountsYear);
        Assert.Equal("全国の件数（令和5年度）", await CountsHeaderAsync("ja-JP", NationalCatalogue.SurveyDate, new EraSettings()));
        Assert.Equal("全国の件数（新元3年度）", await CountsHeaderAsync("ja-JP", NationalCatalogue.SurveyDate, new EraSettings { Name = "新元", FirstYear = 2021 }));
    }
}
