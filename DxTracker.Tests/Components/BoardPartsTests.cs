using Bunit;
using DxTracker.App.Features.Board;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reporting;
using DxTracker.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace DxTracker.Tests.Components;

public sealed class BoardPartsTests
{
    [Fact]
    public async Task MetricCards_show_the_three_metrics_side_by_side_with_their_parts_and_the_unknown_volumes()
    {
        using var _ = new CultureScope("ja-JP");
        await using var ctx = NewContext();
        var figures = UnitFigures.Empty with
        {
            Metrics = new MetricSet(new Ratio(1, 3), new Ratio(12_000, 48_000), new Ratio(0, 0), UnknownVolumeCount: 7, ProcedureCount: 4, ExemptCount: 1),
            DigitizedInYear = 2,
            OpenObjections = 5,
            StalledNow = 1,
        };

        var cards = ctx.Render<MetricCards>(p => p.Add(c => c.Figures, figures));

        Assert.Equal("33.3%", Text(cards, "metric-share-count-value"));
        Assert.Equal("1 / 3", Text(cards, "metric-share-count-parts"));
        Assert.Equal("25.0%", Text(cards, "metric-share-volume-value"));
        Assert.Equal("12,000 / 48,000", Text(cards, "metric-share-volume-parts"));
        Assert.Equal("対象なし", Text(cards, "metric-usage-value"));
        Assert.Equal("件数不明 7件", Text(cards, "unknown-volume"));
        Assert.Equal(("2件", "5件", "1件"), (Text(cards, "digitized-in-year-value"), Text(cards, "open-objections-value"), Text(cards, "stalled-now-value")));
        Assert.Contains("オンライン利用率", cards.Find("[data-testid=metric-usage]").TextContent);
    }

    [Fact]
    public async Task MetricCards_for_the_public_leave_out_objections_and_stalls_and_hide_a_zero_unknown_count()
    {
        using var _ = new CultureScope("ja-JP");
        await using var ctx = NewContext();

        var cards = ctx.Render<MetricCards>(p => p.Add(c => c.Figures, UnitFigures.Empty).Add(c => c.ShowWorkFigures, false));

        Assert.Single(cards.FindAll("[data-testid=digitized-in-year]"));
        // Alone, the year's figure joins the metrics' row rather than taking a row of its own.
        Assert.Single(cards.FindAll(".mud-grid"));
        Assert.Empty(cards.FindAll("[data-testid=open-objections]"));
        Assert.Empty(cards.FindAll("[data-testid=stalled-now]"));
        Assert.Empty(cards.FindAll("[data-testid=unknown-volume]"));
    }

    [Fact]
    public async Task StatusBar_gives_each_status_its_share_of_the_width_and_describes_itself()
    {
        using var _ = new CultureScope("ja-JP");
        await using var ctx = NewContext();
        int[] counts = [2, 0, 1, 0, 5, 0];

        var bar = ctx.Render<StatusBar>(p => p.Add(c => c.Counts, counts));

        var parts = bar.FindAll("[data-status]");
        Assert.Equal(["NotConsidered", "ObjectionRaised", "Digitized"], parts.Select(p => p.GetAttribute("data-status")));
        Assert.Contains("width:25%", parts[0].GetAttribute("style"));
        Assert.Contains("width:12.5%", parts[1].GetAttribute("style"));
        Assert.Contains("width:62.5%", parts[2].GetAttribute("style"));
        Assert.Contains("var(--mud-palette-success)", parts[2].GetAttribute("style"));
        var root = bar.Find("[data-testid=status-bar]");
        Assert.Equal("img", root.GetAttribute("role"));
        Assert.Equal("未検討 2件、検討中 0件、課題あり 1件、電子化作業中 0件、電子化済 5件、対象外 0件", root.GetAttribute("aria-label"));
    }

    private static BunitContext NewContext()
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddLocalization();
        ctx.Render<MudPopoverProvider>();
        return ctx;
    }

    private static string Text(IRenderedComponent<MetricCards> cards, string testId) =>
        cards.Find($"[data-testid={testId}]").TextContent.Trim();
}
