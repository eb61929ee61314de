using System.Globalization;
using DxTracker.Domain.Reporting;

namespace DxTracker.Domain.Publication;

public enum PostPeriodKind
{
    Month,
    FiscalYear,
}

/// <summary>The period a progress post covers: a calendar month or a fiscal year, in Japan time.</summary>
/// <param name="Year">The calendar year of the month, or the fiscal year.</param>
/// <param name="Month">1–12 for a month; 0 for a fiscal year.</param>
public readonly record struct PostPeriod(PostPeriodKind Kind, int Year, int Month)
{
    public static PostPeriod OfMonth(int year, int month) =>
        month is >= 1 and <= 12 && year is >= 1989 and <= 2100
            ? new(PostPeriodKind.Month, year, month)
            : throw new DomainException(DomainError.FiscalYearOutOfRange);

    public static PostPeriod OfFiscalYear(FiscalYear year) =>
        year.Year is >= 1989 and <= 2100 ? new(PostPeriodKind.FiscalYear, year.Year, 0) : throw new DomainException(DomainError.FiscalYearOutOfRange);

    /// <summary>The fiscal year the period belongs to (a month's figures are its fiscal year's so far).</summary>
    public FiscalYear FiscalYear => Kind == PostPeriodKind.FiscalYear ? new FiscalYear(Year) : Reporting.FiscalYear.Of(new DateOnly(Year, Month, 1));

    public DateTime StartUtc => Kind == PostPeriodKind.FiscalYear
        ? FiscalYear.StartUtc
        : new DateTime(Year, Month, 1, 0, 0, 0, DateTimeKind.Utc) - Reporting.FiscalYear.JapanOffset;

    public DateTime EndUtc => Kind == PostPeriodKind.FiscalYear
        ? FiscalYear.EndUtc
        : new DateTime(Year, Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1) - Reporting.FiscalYear.JapanOffset;

    /// <summary>令和7年11月 / 令和7年度 (the post is Japanese whatever the UI language).</summary>
    public string JapaneseLabel(EraSettings era)
    {
        if (Kind == PostPeriodKind.FiscalYear)
            return FiscalYear.JapaneseLabel(era);
        var n = Year - era.FirstYear + 1;
        var year = n < 1 ? Year.ToString(CultureInfo.InvariantCulture) : era.Name + (n == 1 ? "元" : n.ToString(CultureInfo.InvariantCulture));
        return string.Create(CultureInfo.InvariantCulture, $"{year}年{Month}月");
    }

    /// <summary>"2025-11" or "FY2025", for a query string.</summary>
    public override string ToString() => Kind == PostPeriodKind.FiscalYear
        ? string.Create(CultureInfo.InvariantCulture, $"FY{Year}")
        : string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}");

    public static PostPeriod? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (text.StartsWith("FY", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(text.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var fy) && fy is >= 1989 and <= 2100)
            return OfFiscalYear(new FiscalYear(fy));
        return DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && d.Year is >= 1989 and <= 2100
            ? OfMonth(d.Year, d.Month)
            : null;
    }
}
