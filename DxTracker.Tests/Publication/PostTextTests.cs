using System.Globalization;
using DxTracker.Domain.Publication;
using DxTracker.Domain.Reporting;

namespace DxTracker.Tests.Publication;

/// <summary>The post's weighted length as X counts it, and the drafted post always within it.</summary>
public sealed class PostTextTests
{
    [Theory]
    [InlineData("a", 1)]
    [InlineData("あ", 2)]
    [InlineData("ｱ", 2)]
    [InlineData("漢字とカナ", 10)]
    [InlineData("Ｗ", 2)]
    [InlineData("😀", 2)]
    [InlineData("“quoted”", 8)]
    [InlineData("詳しくは https://dx.city.example.jp/public/procedures?fy=2026", 9 + 23)]
    [InlineData("https://a.jp/publicをご覧ください", 23 + 14)]
    [InlineData("(https://a.jp/x).", 1 + 23 + 2)]
    public void Weight_counts_as_X_does(string text, int weight) => Assert.Equal(weight, PostText.Weight(text));

    [Fact]
    public void Hundred_forty_full_width_characters_fit_and_one_more_does_not()
    {
        Assert.True(PostText.Fits(new string('あ', 140)));
        Assert.False(PostText.Fits(new string('あ', 141)));
        Assert.True(PostText.Fits(new string('a', 280)));
        // NFC: a decomposed が (か + combining mark) counts as the one character X sees.
        Assert.Equal(2, PostText.Weight("か\u3099"));
    }

    [Fact]
    public void The_drafted_post_never_exceeds_the_limit_and_names_the_newly_online_procedures()
    {
        var random = new Random(20261205);
        string[] pool = ["住", "民", "票", "の", "写", "し", "交", "付", "申", "請", "届", "出", "証", "明", "書", "児", "童", "手", "当", "ー", "・",
            "（", "）", "「", "」", "Ａ", "ｱ", "a", "B", "1", "-", "=", "+", "@", " ", "😀", "👨‍👩‍👧", "é"];
        string RandomName()
        {
            var length = random.Next(4) == 0 ? random.Next(60, 301) : random.Next(1, 25);
            return string.Concat(Enumerable.Range(0, length).Select(_ => pool[random.Next(pool.Length)])).Trim() is { Length: > 0 } s ? s : "手続";
        }
        Ratio RandomRatio() => random.Next(5) == 0 ? new Ratio(0, 0) : new Ratio(random.Next(0, 1000), random.Next(1000, 100_000));

        for (var i = 0; i < 2000; i++)
        {
            var names = Enumerable.Range(0, random.Next(0, 30)).Select(_ => RandomName()).ToList();
            var url = "https://" + new string('x', random.Next(3, 200)) + ".example.jp/public";
            var period = random.Next(2) == 0 ? "令和8年11月" : "令和" + random.Next(1, 100) + "年度";
            var facts = new PostFacts(period, "令和8年度", names,
                new MetricSet(RandomRatio(), RandomRatio(), RandomRatio(), 0, 100, 0), url);
            var text = PostComposer.Compose(facts);

            Assert.True(PostText.Fits(text), $"{PostText.Weight(text)} > {PostText.MaxWeight}: {text}");
            Assert.Contains(url, text);
            if (names.Count == 0)
            {
                Assert.Contains("新たにオンライン化した手続はありませんでした", text);
                continue;
            }
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"新たに{names.Count}件"), text);
            var rest = Enumerable.Range(1, names.Count).FirstOrDefault(r => text.Contains(string.Create(CultureInfo.InvariantCulture, $" ほか{r}件"), StringComparison.Ordinal));
            var named = names.Count - rest;
            Assert.True(named >= 1, text);
            if (named == 1 && !text.Contains(names[0], StringComparison.Ordinal))
            {
                // A name too long to fit whole is shortened, never dropped.
                var shortened = text[(text.IndexOf('：', StringComparison.Ordinal) + 1)..text.IndexOf(PostText.Ellipsis, StringComparison.Ordinal)];
                Assert.StartsWith(shortened, names[0], StringComparison.Ordinal);
                Assert.NotEmpty(shortened);
            }
            else
            {
                Assert.All(names.Take(named), n => Assert.Contains(n, text));
            }
        }
    }

    [Fact]
    public void A_short_period_with_a_few_procedures_names_all_of_them_with_the_three_figures()
    {
        var text = PostComposer.Compose(new PostFacts("令和8年11月", "令和8年度", ["住民票の写しの交付申請", "児童手当の認定請求"],
            new MetricSet(new Ratio(421, 1000), new Ratio(1, 3), new Ratio(0, 0), 0, 1000, 0), "https://dx.city.example.jp/public"));
        Assert.Equal("【令和8年11月のDX進捗】新たに2件の手続がオンラインで申請できるようになりました：住民票の写しの交付申請、児童手当の認定請求。"
            + "令和8年度のオンライン化率は手続数で42.1%、申請件数で33.3%、オンライン利用率は—です。詳しくは https://dx.city.example.jp/public", text);
    }
}
