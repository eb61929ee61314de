using System.Globalization;
using DxTracker.Domain.Reporting;

namespace DxTracker.Domain.Publication;

/// <summary>What a progress post is drafted from.</summary>
/// <param name="NewlyOnline">Names of the procedures that became online in the period, newest first.</param>
/// <param name="Figures">The period's fiscal year's three metrics (so far, for the current year).</param>
public sealed record PostFacts(string PeriodLabel, string YearLabel, IReadOnlyList<string> NewlyOnline, MetricSet Figures, string PublicUrl);

/// <summary>Drafts the Japanese progress post: the newly online procedures (named, with their count), the year's three
/// figures and the link to the public page, within <see cref="PostText.MaxWeight"/>. Names are dropped from the end (and
/// counted as ほかN件) until the text fits; a single name too long to fit is shortened with "…".</summary>
public static class PostComposer
{
    private const string Separator = "、";

    public static string Compose(PostFacts facts)
    {
        var m = facts.Figures;
        var figures = string.Format(CultureInfo.InvariantCulture,
            "{0}のオンライン化率は手続数で{1}、申請件数で{2}、オンライン利用率は{3}です。",
            facts.YearLabel, PostText.Percent(m.ShareByCount.Value), PostText.Percent(m.ShareByVolume.Value), PostText.Percent(m.UsageRate.Value));
        var tail = figures + "詳しくは " + facts.PublicUrl;
        var head = $"【{facts.PeriodLabel}のDX進捗】";
        var names = facts.NewlyOnline;
        if (names.Count == 0)
            return Fit(head + "新たにオンライン化した手続はありませんでした。" + tail);

        string Text(string list, int rest) =>
            head + string.Format(CultureInfo.InvariantCulture, "新たに{0}件の手続がオンラインで申請できるようになりました：", names.Count)
            + list + (rest > 0 ? string.Format(CultureInfo.InvariantCulture, " ほか{0}件", rest) : "") + "。" + tail;

        for (var k = names.Count; k >= 1; k--)
        {
            var text = Text(string.Join(Separator, names.Take(k)), names.Count - k);
            if (PostText.Fits(text))
                return text;
        }
        // Not even the first name fits whole: shorten it to the room left.
        var room = PostText.MaxWeight - PostText.Weight(Text("", names.Count - 1));
        return Fit(Text(PostText.Shorten(names[0], Math.Max(room, 0)), names.Count - 1));
    }

    /// <summary>Last resort (an absurdly long period or year label): cut the text to the limit.</summary>
    private static string Fit(string text) => PostText.Shorten(text, PostText.MaxWeight);
}
