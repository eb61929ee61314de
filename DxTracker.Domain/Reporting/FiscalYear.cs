using System.Globalization;

namespace DxTracker.Domain.Reporting;

/// <summary>年度: April 1 – March 31 in Japan time. FY2021 = 令和3年度; the era is <see cref="EraSettings"/>.</summary>
public readonly record struct FiscalYear(int Year) : IComparable<FiscalYear>
{
    /// <summary>Fiscal years are counted in Japan time (UTC+9, no daylight saving).</summary>
    public static readonly TimeSpan JapanOffset = TimeSpan.FromHours(9);

    /// <summary>The fiscal year a UTC instant falls in, judged on the Japanese calendar.</summary>
    public static FiscalYear Of(DateTime utc) => Of(DateOnly.FromDateTime(ToJapan(utc)));

    public static FiscalYear Of(DateOnly japanDate) => new(japanDate.Month >= 4 ? japanDate.Year : japanDate.Year - 1);

    public static DateTime ToJapan(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).Add(JapanOffset);

    public DateOnly FirstDay => new(Year, 4, 1);
    public DateOnly LastDay => new(Year + 1, 3, 31);

    /// <summary>April 1, 00:00 Japan time, as UTC.</summary>
    public DateTime StartUtc => new DateTime(Year, 4, 1, 0, 0, 0, DateTimeKind.Utc) - JapanOffset;

    /// <summary>The first instant after the year: April 1 of the next year, 00:00 Japan time, as UTC. "As of March 31" means before this.</summary>
    public DateTime EndUtc => new DateTime(Year + 1, 4, 1, 0, 0, 0, DateTimeKind.Utc) - JapanOffset;

    public FiscalYear Previous => new(Year - 1);
    public FiscalYear Next => new(Year + 1);

    public bool Contains(DateTime utc) => utc >= StartUtc && utc < EndUtc;

    public int CompareTo(FiscalYear other) => Year.CompareTo(other.Year);

    /// <summary>令和N年度 (元年 for the era's first year) in Japanese, FYyyyy otherwise.</summary>
    public string Label(CultureInfo culture, EraSettings era) =>
        culture.TwoLetterISOLanguageName == "ja" ? JapaneseLabel(era) : string.Create(CultureInfo.InvariantCulture, $"FY{Year}");

    public string JapaneseLabel(EraSettings era)
    {
        var n = Year - era.FirstYear + 1;
        if (n < 1)
            return string.Create(CultureInfo.InvariantCulture, $"{Year}年度");
        return n == 1 ? $"{era.Name}元年度" : string.Create(CultureInfo.InvariantCulture, $"{era.Name}{n}年度");
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"FY{Year}");
}

/// <summary>The Japanese era fiscal years are labelled with (configuration section "Era").</summary>
public sealed record EraSettings
{
    public string Name { get; init; } = "令和";
    /// <summary>The fiscal year counted as the era's first (元年度).</summary>
    public int FirstYear { get; init; } = 2019;
}
