using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DxTracker.Domain.Publication;

/// <summary>
/// Post length as X counts it (twitter-text v3): the text is NFC-normalised; each code point in U+0000–U+10FF,
/// U+2000–U+200D, U+2010–U+201F and U+2032–U+2037 weighs 1, every other (CJK, full-width, emoji) 2; an http(s) URL weighs
/// 23 whatever its length. A post may weigh at most 280 — 140 full-width characters. Emoji sequences joined by ZWJ are
/// counted per code point here (X counts them once), so the count errs on the long side, never the short.
/// </summary>
public static partial class PostText
{
    public const int MaxWeight = 280;
    public const int UrlWeight = 23;

    public static int Weight(string text)
    {
        var normalized = text.Normalize(NormalizationForm.FormC);
        var weight = 0;
        var last = 0;
        foreach (Match url in UrlPattern().Matches(normalized))
        {
            weight += PlainWeight(normalized.AsSpan(last, url.Index - last)) + UrlWeight;
            last = url.Index + url.Length;
        }
        return weight + PlainWeight(normalized.AsSpan(last));
    }

    public static bool Fits(string text) => Weight(text) <= MaxWeight;

    /// <summary>The longest prefix of <paramref name="text"/> (whole code points) followed by "…" that weighs at most
    /// <paramref name="maxWeight"/>; the text itself when it fits.</summary>
    public static string Shorten(string text, int maxWeight)
    {
        if (Weight(text) <= maxWeight)
            return text;
        var runes = text.EnumerateRunes().ToList();
        for (var n = runes.Count - 1; n >= 0; n--)
        {
            var candidate = string.Concat(runes.Take(n).Select(r => r.ToString())) + Ellipsis;
            if (Weight(candidate) <= maxWeight)
                return candidate;
        }
        return "";
    }

    public const string Ellipsis = "…";

    private static int PlainWeight(ReadOnlySpan<char> text)
    {
        var weight = 0;
        foreach (var rune in text.EnumerateRunes())
            weight += IsLight(rune.Value) ? 1 : 2;
        return weight;
    }

    private static bool IsLight(int c) => c is <= 0x10FF or (>= 0x2000 and <= 0x200D) or (>= 0x2010 and <= 0x201F) or (>= 0x2032 and <= 0x2037);

    // ASCII only and not ending in punctuation: X ends a URL there too, so the characters after it are counted as text.
    [GeneratedRegex(@"https?://[\x21-\x7E]*[A-Za-z0-9/_\-=#&%~+]", RegexOptions.CultureInvariant)]
    private static partial Regex UrlPattern();

    internal static string Percent(double? value) =>
        value is { } v ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";
}
