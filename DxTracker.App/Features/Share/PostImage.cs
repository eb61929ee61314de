using System.Globalization;
using DxTracker.Domain.Publication;
using DxTracker.Domain.Reporting;
using ScottPlot;
using SkiaSharp;

namespace DxTracker.App.Features.Share;

/// <summary>One of the three figures as the image shows it.</summary>
public sealed record PostFigure(string Label, string Value, string Parts);

/// <summary>
/// The progress post's image (PNG, 1200×675, the size X shows whole): the year's three figures in large type beside the
/// trend of the three metrics, all text in Japanese. Drawn on the server with ScottPlot 5 on SkiaSharp; the Japanese font
/// is IPAゴシック from fonts-ipafont-gothic, loaded from its file (never a fontconfig default).
/// </summary>
public sealed class PostImage
{
    public const int Width = 1200;
    public const int Height = 675;
    private const int ChartWidth = 760;
    private const int ChartHeight = 500;

    /// <summary>Where Debian's fonts-ipafont-gothic puts IPAゴシック (scripts/test.sh installs it).</summary>
    public static readonly string[] FontFiles =
    [
        "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf",
        "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
    ];

    private const string FontName = "IPAGothic";
    private static readonly Lazy<string> Font = new(LoadFont);
    private static readonly CultureInfo Japanese = CultureInfo.GetCultureInfo("ja-JP");

    /// <summary>The three series, in the order of <see cref="Figures"/>.</summary>
    public static readonly string[] SeriesNames = ["手続数ベース", "申請件数ベース", "オンライン利用率"];

    /// <summary>The three figures of the year: percent (one decimal) and their parts.</summary>
    public static IReadOnlyList<PostFigure> Figures(PostChart chart)
    {
        var m = chart.Figures.Metrics;
        return
        [
            Figure("オンライン化率（手続数）", m.ShareByCount),
            Figure("オンライン化率（申請件数）", m.ShareByVolume),
            Figure("オンライン利用率", m.UsageRate),
        ];
    }

    /// <summary>The trend chart: one line per metric in percent over the fiscal years, labelled in Japanese.</summary>
    public Plot Chart(PostChart chart, EraSettings era)
    {
        var font = Font.Value;
        var plot = new Plot();
        plot.Font.Set(font);
        Ratio[] Pick(TrendPoint p) => [p.Metrics.ShareByCount, p.Metrics.ShareByVolume, p.Metrics.UsageRate];
        Color[] colors = [Color.FromHex("#1565C0"), Color.FromHex("#2E7D32"), Color.FromHex("#E65100")];
        for (var i = 0; i < SeriesNames.Length; i++)
        {
            var points = chart.Trend.Select(p => (X: (double)p.Year.Year, Y: Pick(p)[i].Value)).Where(p => p.Y is not null).ToList();
            if (points.Count == 0)
                continue;
            var series = plot.Add.Scatter(points.Select(p => p.X).ToArray(), points.Select(p => Math.Round(p.Y!.Value * 100, 1)).ToArray(), colors[i]);
            series.LegendText = SeriesNames[i];
            series.LineWidth = 3;
            series.MarkerSize = 8;
        }
        var years = chart.Trend.Select(p => (double)p.Year.Year).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(years,
            chart.Trend.Select(p => ShortYear(p.Year, era)).ToArray());
        plot.Axes.Left.Label.Text = "％";
        plot.Axes.SetLimitsY(0, 100);
        if (years.Length > 0)
            plot.Axes.SetLimitsX(years.Min() - 0.5, years.Max() + 0.5);
        plot.Title("年度別の推移（各年度3月31日時点）");
        plot.Axes.Title.Label.FontSize = 20;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 14;
        plot.Axes.Left.TickLabelStyle.FontSize = 14;
        plot.Legend.FontSize = 16;
        plot.ShowLegend(Alignment.UpperLeft);
        foreach (var axis in new IAxis[] { plot.Axes.Bottom, plot.Axes.Left })
            axis.TickLabelStyle.FontName = font;
        plot.Axes.Title.Label.FontName = font;
        plot.Legend.FontName = font;
        return plot;
    }

    /// <summary>The PNG: heading, chart on the left, the three figures on the right, the as-of note at the bottom.</summary>
    public byte[] Render(PostChart chart, EraSettings era, bool isCurrentYear)
    {
        using var typeface = SKTypeface.FromFile(FontFile());
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var band = new SKPaint { Color = new SKColor(0x15, 0x65, 0xC0) };
        canvas.DrawRect(0, 0, Width, 96, band);

        using var white = new SKPaint { Color = SKColors.White, IsAntialias = true };
        using var ink = new SKPaint { Color = new SKColor(0x21, 0x21, 0x21), IsAntialias = true };
        using var grey = new SKPaint { Color = new SKColor(0x55, 0x55, 0x55), IsAntialias = true };
        using var title = new SKFont(typeface, 40);
        canvas.DrawText($"{chart.Year.JapaneseLabel(era)} 行政手続のオンライン化の状況", 32, 62, SKTextAlign.Left, title, white);

        var png = Chart(chart, era).GetImage(ChartWidth, ChartHeight).GetImageBytes(ImageFormat.Png);
        using (var image = SKImage.FromEncodedData(png))
            canvas.DrawImage(image, 16, 116);

        using var label = new SKFont(typeface, 24);
        using var value = new SKFont(typeface, 64);
        using var parts = new SKFont(typeface, 20);
        var y = 150f;
        foreach (var figure in Figures(chart))
        {
            canvas.DrawText(figure.Label, 810, y, SKTextAlign.Left, label, grey);
            canvas.DrawText(figure.Value, 810, y + 66, SKTextAlign.Left, value, ink);
            canvas.DrawText(figure.Parts, 812, y + 98, SKTextAlign.Left, parts, grey);
            y += 160;
        }
        using var note = new SKFont(typeface, 18);
        var asOf = isCurrentYear ? "今年度は本日時点" : $"{chart.Year.LastDay.ToString("yyyy年M月d日", Japanese)}時点";
        canvas.DrawText($"{asOf}の数値です。", 32, Height - 24, SKTextAlign.Left, note, grey);

        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static PostFigure Figure(string label, Ratio r) =>
        new(label, r.Value is { } v ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—",
            string.Create(Japanese, $"{r.Numerator:N0} / {r.Denominator:N0}"));

    /// <summary>R7 style would be unreadable to residents: 令和7 (年度 is in the title).</summary>
    private static string ShortYear(FiscalYear year, EraSettings era) => year.JapaneseLabel(era).Replace("年度", "", StringComparison.Ordinal);

    private static string FontFile() =>
        FontFiles.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("The Japanese font IPAGothic is missing: install fonts-ipafont-gothic (apt-get install -y fonts-ipafont-gothic).");

    private static string LoadFont()
    {
        Fonts.AddFontFile(FontName, FontFile());
        return FontName;
    }
}
