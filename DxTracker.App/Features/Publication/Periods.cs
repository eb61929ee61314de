using System.Globalization;
using DxTracker.Domain.Publication;
using DxTracker.Domain.Reporting;

namespace DxTracker.App.Features.Publication;

/// <summary>The periods offered by the newly-online page and the progress post, and how they read in the UI language.</summary>
public static class Periods
{
    public const int MonthsOffered = 24;

    /// <summary>The last <see cref="MonthsOffered"/> months, this one first (Japan time).</summary>
    public static List<PostPeriod> Months(TimeProvider clock)
    {
        var today = DateOnly.FromDateTime(FiscalYear.ToJapan(clock.GetUtcNow().UtcDateTime));
        return Enumerable.Range(0, MonthsOffered).Select(i => today.AddMonths(-i)).Select(d => PostPeriod.OfMonth(d.Year, d.Month)).ToList();
    }

    /// <summary>令和7年11月 / 令和7年度 in Japanese; November 2025 / FY2025 in English.</summary>
    public static string Label(PostPeriod p, EraSettings era) =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ja" ? p.JapaneseLabel(era)
        : p.Kind == PostPeriodKind.FiscalYear ? p.FiscalYear.Label(CultureInfo.CurrentUICulture, era)
        : new DateOnly(p.Year, p.Month, 1).ToString("MMMM yyyy", CultureInfo.CurrentCulture);
}
