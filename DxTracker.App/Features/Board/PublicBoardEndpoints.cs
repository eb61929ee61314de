using System.Globalization;
using System.Text;
using DxTracker.App.Hosting;
using DxTracker.Domain.Reporting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace DxTracker.App.Features.Board;

/// <summary>GET /public/board.csv and /public/board.json: the public trend (aggregate figures only) for publishing.
/// 404 unless PublicBoard:Enabled.</summary>
public static class PublicBoardEndpoints
{
    public static void MapPublicBoardEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/public").AllowAnonymous();
        group.MapGet("/board.json", async (IOptionsMonitor<PublicBoardOptions> options, BoardQuery query, EraSettings era, CancellationToken ct) =>
            options.CurrentValue.Enabled
                ? Results.Json(new
                {
                    Years = (await query.TrendAsync(ct)).Select(p => new
                    {
                        FiscalYear = p.Year.Year,
                        Label = p.Year.JapaneseLabel(era),
                        p.Metrics.ProcedureCount,
                        p.Metrics.ExemptCount,
                        ShareByCount = Json(p.Metrics.ShareByCount),
                        ShareByVolume = Json(p.Metrics.ShareByVolume),
                        UsageRate = Json(p.Metrics.UsageRate),
                        p.Metrics.UnknownVolumeCount,
                        p.DigitizedInYear,
                    }),
                })
                : Results.NotFound());
        group.MapGet("/board.csv", async (IOptionsMonitor<PublicBoardOptions> options, BoardQuery query, EraSettings era, IStringLocalizer<BoardText> l, CancellationToken ct) =>
            options.CurrentValue.Enabled
                ? Results.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Csv(await query.TrendAsync(ct), era, l))).ToArray(),
                    "text/csv; charset=utf-8", "board.csv")
                : Results.NotFound());
    }

    private static object Json(Ratio r) => new { r.Numerator, r.Denominator, Percent = Percent(r) };

    private static double? Percent(Ratio r) => r.Value is { } v ? Math.Round(v * 100, 1) : null;

    /// <summary>One row per fiscal year; numbers as plain invariant numbers, a rate without a denominator left empty.</summary>
    private static string Csv(IReadOnlyList<TrendPoint> trend, EraSettings era, IStringLocalizer<BoardText> l)
    {
        var csv = new StringBuilder();
        string[] header = ["FiscalYear", "Csv_Year", "Procedures", "Csv_Exempt", "Csv_Digitized", "ShareByCount", "Csv_VolumeDigitized", "Csv_VolumeAll",
            "ShareByVolume", "Csv_Online", "Csv_OnlineBase", "UsageRate", "Csv_Unknown", "DigitizedInYear"];
        csv.AppendLine(string.Join(',', header.Select(h => Quote(l[h]))));
        foreach (var p in trend)
        {
            var m = p.Metrics;
            object?[] row = [p.Year.Label(CultureInfo.CurrentUICulture, era), p.Year.Year, m.ProcedureCount, m.ExemptCount, m.ShareByCount.Numerator,
                Percent(m.ShareByCount), m.ShareByVolume.Numerator, m.ShareByVolume.Denominator, Percent(m.ShareByVolume),
                m.UsageRate.Numerator, m.UsageRate.Denominator, Percent(m.UsageRate), m.UnknownVolumeCount, p.DigitizedInYear];
            csv.AppendLine(string.Join(',', row.Select(v => v is string s ? Quote(s) : Convert.ToString(v, CultureInfo.InvariantCulture))));
        }
        return csv.ToString();
    }

    private static string Quote(string value) => "\"" + value.Replace("\"", "\"\"") + "\"";
}
