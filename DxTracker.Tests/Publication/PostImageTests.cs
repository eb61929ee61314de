using DxTracker.App.Features.Share;
using DxTracker.Domain.Publication;
using DxTracker.Domain.Reporting;
using SkiaSharp;

namespace DxTracker.Tests.Publication;

/// <summary>The progress post's PNG: its size, and that what it draws is the figures it is given.</summary>
public sealed class PostImageTests
{
    private static readonly EraSettings Era = new();

    private static PostChart Chart()
    {
        static MetricSet M(long digitized, long all, long volDigitized, long volAll, long online, long onlineBase) =>
            new(new Ratio(digitized, all), new Ratio(volDigitized, volAll), new Ratio(online, onlineBase), 0, (int)all, 0);
        var trend = new List<TrendPoint>
        {
            new(new FiscalYear(2022), M(10, 200, 1_000, 50_000, 0, 0), 10),
            new(new FiscalYear(2023), M(35, 200, 9_000, 52_000, 1_500, 9_000), 25),
            new(new FiscalYear(2024), M(62, 210, 21_000, 53_000, 7_350, 21_000), 27),
            new(new FiscalYear(2025), M(90, 212, 30_500, 54_000, 14_030, 30_500), 28),
        };
        return new PostChart(new FiscalYear(2025), trend, trend[^1]);
    }

    [Fact]
    public void The_image_is_a_1200_by_675_PNG()
    {
        var png = new PostImage().Render(Chart(), Era, isCurrentYear: false);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal((PostImage.Width, PostImage.Height), (bitmap.Width, bitmap.Height));
        // Not a blank canvas: the heading band and dark text are drawn.
        Assert.Equal(new SKColor(0x15, 0x65, 0xC0), bitmap.GetPixel(5, 5));
        var dark = 0;
        for (var x = 800; x < 1200; x += 2)
            for (var y = 120; y < 620; y += 2)
                dark += bitmap.GetPixel(x, y).Red < 0x60 ? 1 : 0;
        Assert.True(dark > 500, $"only {dark} dark pixels where the figures are drawn");
        var dir = Path.Combine(Path.GetTempPath(), "dxtracker-screens");
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, "post.png"), png);
    }

    [Fact]
    public void The_chart_plots_the_three_metrics_of_every_year_and_the_figures_are_the_years()
    {
        var chart = Chart();
        var plot = new PostImage().Chart(chart, Era);
        var series = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().ToList();
        Assert.Equal(PostImage.SeriesNames, series.Select(s => s.LegendText));
        Assert.Equal([5.0, 17.5, 29.5, 42.5], series[0].Data.GetScatterPoints().Select(p => p.Y));
        Assert.Equal([2.0, 17.3, 39.6, 56.5], series[1].Data.GetScatterPoints().Select(p => p.Y));
        // No online counts in FY2022: the usage line starts in FY2023 rather than claiming 0%.
        Assert.Equal([2023.0, 2024, 2025], series[2].Data.GetScatterPoints().Select(p => p.X));
        Assert.Equal([16.7, 35.0, 46.0], series[2].Data.GetScatterPoints().Select(p => p.Y));

        Assert.Equal(
        [
            new PostFigure("オンライン化率（手続数）", "42.5%", "90 / 212"),
            new PostFigure("オンライン化率（申請件数）", "56.5%", "30,500 / 54,000"),
            new PostFigure("オンライン利用率", "46.0%", "14,030 / 30,500"),
        ], PostImage.Figures(chart));
    }
}
