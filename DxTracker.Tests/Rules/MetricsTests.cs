using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reporting;
using static DxTracker.Domain.Procedures.ProcedureStatus;

namespace DxTracker.Tests.Rules;

[Trait("Kind", "Pure")]
public sealed class MetricsTests
{
    [Fact]
    public void Compute_gives_the_three_metrics_with_exempt_outside_every_denominator()
    {
        var result = Metrics.Compute(
        [
            new(Digitized, 1000, 600),
            new(Digitized, 500, 100),
            new(InProgress, 2000, null),
            new(NotConsidered, 500, null),
            new(Exempt, 9999, 0),
        ]);
        Assert.Equal(new Ratio(2, 4), result.ShareByCount);
        Assert.Equal(new Ratio(1500, 4000), result.ShareByVolume);
        Assert.Equal(new Ratio(700, 1500), result.UsageRate);
        Assert.Equal(0.5, result.ShareByCount.Value);
        Assert.Equal((5, 1, 0), (result.ProcedureCount, result.ExemptCount, result.UnknownVolumeCount));
    }

    [Fact]
    public void Unknown_volume_counts_in_the_count_metric_only()
    {
        var result = Metrics.Compute([new(Digitized, null, null), new(UnderReview, 100, null), new(Digitized, 300, 30)]);
        Assert.Equal(new Ratio(2, 3), result.ShareByCount);
        Assert.Equal(new Ratio(300, 400), result.ShareByVolume);
        Assert.Equal(new Ratio(30, 300), result.UsageRate);
        Assert.Equal(1, result.UnknownVolumeCount);
    }

    [Fact]
    public void Empty_denominators_have_no_value()
    {
        var result = Metrics.Compute([new(Exempt, 10, 1)]);
        Assert.Null(result.ShareByCount.Value);
        Assert.Null(result.ShareByVolume.Value);
        Assert.Null(result.UsageRate.Value);
    }

    [Fact]
    public void VolumeFor_a_missing_year_uses_the_latest_earlier_one_and_never_a_later_one()
    {
        (int, long?, long?)[] volumes = [(2021, 100, 10), (2023, 300, 30), (2025, null, null), (2026, 900, 90)];
        Assert.Equal((300L, 30L), Metrics.VolumeFor(2024, volumes));
        Assert.Equal((300L, 30L), Metrics.VolumeFor(2025, volumes));
        Assert.Equal((100L, 10L), Metrics.VolumeFor(2022, volumes));
        Assert.Equal(((long?)null, (long?)null), Metrics.VolumeFor(2020, volumes));
    }

    [Fact]
    public void StatusAsOf_reconstructs_a_digitize_then_withdraw_history()
    {
        var created = Utc(2020, 5, 1);
        (DateTime, ProcedureStatus, ProcedureStatus)[] history =
        [
            (Utc(2021, 6, 1), NotConsidered, InProgress),
            (Utc(2022, 2, 1), InProgress, Digitized),
            (Utc(2023, 7, 1), Digitized, InProgress),
        ];
        ProcedureStatus? At(int fy) => Metrics.StatusAsOf(created, InProgress, history, new FiscalYear(fy).EndUtc);
        Assert.Null(Metrics.StatusAsOf(created, InProgress, history, new FiscalYear(2019).EndUtc));
        Assert.Equal(NotConsidered, At(2020));
        Assert.Equal(Digitized, At(2021));
        Assert.Equal(Digitized, At(2022));
        Assert.Equal(InProgress, At(2023));
    }

    [Fact]
    public void StatusAsOf_puts_a_move_at_0000_JST_April_1_into_the_new_year()
    {
        var fy2025 = new FiscalYear(2025);
        (DateTime, ProcedureStatus, ProcedureStatus)[] atMidnight = [(fy2025.EndUtc, InProgress, Digitized)];
        (DateTime, ProcedureStatus, ProcedureStatus)[] aSecondBefore = [(fy2025.EndUtc.AddSeconds(-1), InProgress, Digitized)];
        Assert.Equal(InProgress, Metrics.StatusAsOf(Utc(2024, 1, 1), Digitized, atMidnight, fy2025.EndUtc));
        Assert.Equal(Digitized, Metrics.StatusAsOf(Utc(2024, 1, 1), Digitized, aSecondBefore, fy2025.EndUtc));
    }

    // Hand-worked examples, one per rule of DESIGN.md "Progress board and metrics".

    [Fact]
    public void Worked_example_an_unknown_online_count_leaves_the_procedure_out_of_the_usage_rate_only()
    {
        // Two digitized procedures: 1,000 applications of which 600 online, and 500 with the online count unknown.
        // 件数ベース = (1,000 + 500) ÷ (1,000 + 500 + 2,000) ; オンライン利用率 = 600 ÷ 1,000 (the 500 are left out, not counted as 0).
        var result = Metrics.Compute([new(Digitized, 1000, 600), new(Digitized, 500, null), new(UnderReview, 2000, 100)]);
        Assert.Equal(new Ratio(2, 3), result.ShareByCount);
        Assert.Equal(new Ratio(1500, 3500), result.ShareByVolume);
        Assert.Equal(new Ratio(600, 1000), result.UsageRate);
        Assert.Equal(0.6, result.UsageRate.Value);
        Assert.Equal(0, result.UnknownVolumeCount);
    }

    [Fact]
    public void Worked_example_an_exempt_procedure_is_in_no_numerator_and_no_denominator()
    {
        // Digitized (100 apps, 40 online), InProgress (300 apps), Exempt (10,000 apps, 10,000 online, "digitized" never).
        // 種類数ベース = 1 ÷ 2 ; 件数ベース = 100 ÷ 400 ; オンライン利用率 = 40 ÷ 100.
        var result = Metrics.Compute([new(Digitized, 100, 40), new(InProgress, 300, 0), new(Exempt, 10_000, 10_000)]);
        Assert.Equal(new Ratio(1, 2), result.ShareByCount);
        Assert.Equal(new Ratio(100, 400), result.ShareByVolume);
        Assert.Equal(new Ratio(40, 100), result.UsageRate);
        Assert.Equal((3, 1), (result.ProcedureCount, result.ExemptCount));
    }

    [Fact]
    public void Worked_example_an_exempt_procedure_with_unknown_volume_is_not_counted_as_unknown()
    {
        var result = Metrics.Compute([new(Exempt, null, null), new(NotConsidered, null, null)]);
        Assert.Equal(new Ratio(0, 1), result.ShareByCount);
        Assert.Equal(1, result.UnknownVolumeCount);
    }

    [Fact]
    public void Worked_example_a_procedure_created_at_0000_JST_April_1_belongs_to_the_new_year_only()
    {
        // 2026-04-01 00:00 JST = 2026-03-31 15:00 UTC: the first instant of FY2026, so not part of FY2025 as of March 31.
        var midnight = new DateTime(2026, 3, 31, 15, 0, 0, DateTimeKind.Utc);
        Assert.Null(Metrics.StatusAsOf(midnight, UnderReview, [], new FiscalYear(2025).EndUtc));
        Assert.Equal(UnderReview, Metrics.StatusAsOf(midnight, UnderReview, [], new FiscalYear(2026).EndUtc));
        Assert.Equal(UnderReview, Metrics.StatusAsOf(midnight.AddTicks(-1), UnderReview, [], new FiscalYear(2025).EndUtc));
    }

    [Fact]
    public void Worked_example_moves_at_the_same_instant_count_in_the_order_they_were_recorded()
    {
        var at = new DateTime(2025, 6, 1, 0, 0, 0, DateTimeKind.Utc);
        (DateTime, ProcedureStatus, ProcedureStatus)[] history = [(at, NotConsidered, InProgress), (at, InProgress, Digitized), (at.AddDays(400), Digitized, InProgress)];
        Assert.Equal(Digitized, Metrics.StatusAsOf(Utc(2025, 5, 1), InProgress, history, new FiscalYear(2025).EndUtc));
        Assert.Equal(NotConsidered, Metrics.StatusAsOf(Utc(2025, 5, 1), InProgress, history, at));
        Assert.Equal(InProgress, Metrics.StatusAsOf(Utc(2025, 5, 1), InProgress, history, new FiscalYear(2027).EndUtc));
    }

    private static DateTime Utc(int y, int m, int d) => new(y, m, d, 0, 0, 0, DateTimeKind.Utc);
}
