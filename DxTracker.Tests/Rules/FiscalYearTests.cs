using System.Globalization;
using DxTracker.Domain.Reporting;

namespace DxTracker.Tests.Rules;

[Trait("Kind", "Pure")]
public sealed class FiscalYearTests
{
    /// <summary>A new instance for each use: a static one would be built once, under whichever of Stryker's mutants of
    /// the era's defaults was active first, and hide the others.</summary>
    private static EraSettings Reiwa => new();

    [Fact]
    public void Previous_and_next_are_the_neighbouring_years() =>
        Assert.Equal((2025, 2027), (new FiscalYear(2026).Previous.Year, new FiscalYear(2026).Next.Year));

    [Theory]
    [InlineData(2026, 3, 31, 2025)]
    [InlineData(2026, 4, 1, 2026)]
    [InlineData(2026, 12, 31, 2026)]
    [InlineData(2027, 1, 1, 2026)]
    public void Of_a_Japanese_date_follows_April_to_March(int y, int m, int d, int expected) =>
        Assert.Equal(expected, FiscalYear.Of(new DateOnly(y, m, d)).Year);

    [Fact]
    public void Of_a_UTC_instant_is_judged_in_Japan_time()
    {
        // 2026-03-31 14:59:59 UTC = March 31 23:59:59 JST → FY2025; one second later it is April 1 in Japan → FY2026.
        Assert.Equal(2025, FiscalYear.Of(new DateTime(2026, 3, 31, 14, 59, 59, DateTimeKind.Utc)).Year);
        Assert.Equal(2026, FiscalYear.Of(new DateTime(2026, 3, 31, 15, 0, 0, DateTimeKind.Utc)).Year);
    }

    [Fact]
    public void Bounds_are_Japan_midnight_in_UTC()
    {
        var fy = new FiscalYear(2025);
        Assert.Equal(new DateTime(2025, 3, 31, 15, 0, 0, DateTimeKind.Utc), fy.StartUtc);
        Assert.Equal(new DateTime(2026, 3, 31, 15, 0, 0, DateTimeKind.Utc), fy.EndUtc);
        Assert.True(fy.Contains(fy.StartUtc));
        Assert.False(fy.Contains(fy.EndUtc));
        Assert.Equal(new DateOnly(2026, 3, 31), fy.LastDay);
    }

    [Theory]
    [InlineData(2019, "令和元年度")]
    [InlineData(2020, "令和2年度")]
    [InlineData(2021, "令和3年度")]
    [InlineData(2026, "令和8年度")]
    [InlineData(2018, "2018年度")]
    public void Japanese_label_uses_the_era_with_gannen(int year, string expected) =>
        Assert.Equal(expected, new FiscalYear(year).Label(CultureInfo.GetCultureInfo("ja-JP"), Reiwa));

    [Fact]
    public void English_label_is_FY_and_the_year() =>
        Assert.Equal("FY2021", new FiscalYear(2021).Label(CultureInfo.GetCultureInfo("en-US"), Reiwa));

    [Fact]
    public void The_era_is_a_setting() =>
        Assert.Equal("新元号2年度", new FiscalYear(2031).JapaneseLabel(new EraSettings { Name = "新元号", FirstYear = 2030 }));
}
