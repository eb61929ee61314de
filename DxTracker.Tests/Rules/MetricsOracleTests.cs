using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reporting;
using DxTracker.Tests.Support;
using static DxTracker.Domain.Procedures.ProcedureStatus;

namespace DxTracker.Tests.Rules;

/// <summary>The pure metric functions against the naive model of the definitions (<see cref="MetricsOracle"/>), on random
/// histories built to hit the year boundaries. The SQL path is compared with the same model in BoardQueryTests.</summary>
[Trait("Kind", "Pure")]
public sealed class MetricsOracleTests
{
    private static readonly DateTime Now = new(2026, 11, 27, 3, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void The_pure_functions_agree_with_the_naive_model_on_random_histories()
    {
        var procedures = MetricsOracle.RandomHistories(new Random(20261205), 600, 2021, 2026, Now, [1]);
        for (var year = 2019; year <= 2027; year++)
        {
            var fiscalYear = new FiscalYear(year);
            Assert.Equal(MetricsOracle.EndOfYearUtc(year), fiscalYear.EndUtc);
            var facts = new List<ProcedureFacts>();
            foreach (var p in procedures)
            {
                var status = Metrics.StatusAsOf(p.CreatedAtUtc, p.StatusNow, p.Moves, fiscalYear.EndUtc);
                Assert.Equal(MetricsOracle.StatusAtEndOf(p, year), status);
                var volume = Metrics.VolumeFor(year, p.Volumes.Select(v => (v.Key, v.Value.Total, v.Value.Online)));
                Assert.Equal(MetricsOracle.VolumeOf(p, year), volume);
                if (status is { } s)
                    facts.Add(new ProcedureFacts(s, volume.Total, volume.Online));
            }
            Assert.Equal(MetricsOracle.Figures(procedures, year), Metrics.Compute(facts));
            Assert.Equal(MetricsOracle.DigitizedDuring(procedures, year),
                procedures.Count(p => p.Moves.Any(m => m.To == Digitized && fiscalYear.Contains(m.AtUtc))));
        }

        // The histories exercise every rule the model states.
        Assert.Contains(procedures, p => p.StatusNow == Exempt);
        Assert.Contains(procedures, p => p.Volumes.Values.Any(v => v.Total is null));
        Assert.Contains(procedures, p => p.StatusNow == Digitized && p.Volumes.Values.Any(v => v.Total is not null && v.Online is null));
        Assert.Contains(procedures, p => p.CreatedAtUtc == MetricsOracle.EndOfYearUtc(FiscalYear.Of(p.CreatedAtUtc).Year - 1));
        Assert.Contains(procedures, p => p.Moves.Any(m => m.AtUtc == MetricsOracle.EndOfYearUtc(FiscalYear.Of(m.AtUtc).Year - 1)));
        Assert.Contains(procedures, p => p.Moves.GroupBy(m => m.AtUtc).Any(g => g.Count() > 1));
        Assert.Contains(procedures, p => p.Moves.Any(m => m.From == Digitized));
    }

    [Fact]
    public void The_fiscal_year_of_an_instant_agrees_with_the_naive_model_around_every_boundary()
    {
        for (var year = 2018; year <= 2030; year++)
        {
            var start = MetricsOracle.EndOfYearUtc(year - 1);
            foreach (var instant in new[] { start.AddTicks(-1), start, start.AddTicks(1), start.AddDays(200), MetricsOracle.EndOfYearUtc(year).AddTicks(-1) })
            {
                var expected = instant < start ? year - 1 : year;
                Assert.Equal(expected, FiscalYear.Of(instant).Year);
                Assert.Equal(expected == year, new FiscalYear(year).Contains(instant));
            }
            Assert.Equal(start, new FiscalYear(year).StartUtc);
        }
    }
}
