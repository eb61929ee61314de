using System.Reflection;
using DxTracker.Domain.Hearings;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reminders;
using DxTracker.Domain.Reporting;
using DxTracker.Tests.Support;
using static DxTracker.Domain.Procedures.ProcedureStatus;

namespace DxTracker.Tests.Rules;

/// <summary>The query building blocks of the board and the report (<see cref="YearEnd"/>) and of the stall rule
/// (<see cref="StallRule.Stalled(IQueryable{Procedure}, IQueryable{HearingSession}, IReadOnlyDictionary{ProcedureStatus, int}, DateTime)"/>),
/// run over lists instead of tables: the same expressions the database translates, judged against the naive model
/// (<see cref="MetricsOracle"/>) and the stall rule as DESIGN.md states it. The database runs of the same expressions are in
/// BoardQueryTests and StallScannerTests.</summary>
[Trait("Kind", "Pure")]
public sealed class YearEndTests
{
    private static readonly DateTime Now = new(2026, 11, 27, 3, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Each_procedures_state_and_volume_at_every_year_end_agree_with_the_naive_model()
    {
        var oracle = MetricsOracle.RandomHistories(new Random(20261206), 150, 2021, 2026, Now, [1]);
        var (procedures, history, volumes) = Entities(oracle);
        var current = FiscalYear.Of(Now);
        for (var year = 2019; year <= current.Year; year++)
        {
            var rows = YearEnd.InYear(procedures.AsQueryable(), history.AsQueryable(), volumes.AsQueryable(), new FiscalYear(year), current)
                .ToDictionary(f => f.Procedure.Id);
            for (var i = 0; i < oracle.Count; i++)
            {
                var expected = year == current.Year ? oracle[i].StatusNow : MetricsOracle.StatusAtEndOf(oracle[i], year);
                if (expected is not { } status)
                {
                    Assert.False(rows.ContainsKey(i + 1), $"procedure {i + 1} did not exist at the end of {year}");
                    continue;
                }
                var row = rows[i + 1];
                var (total, online) = MetricsOracle.VolumeOf(oracle[i], year);
                var volumeYear = oracle[i].Volumes.Where(v => v.Key <= year && v.Value.Total is not null).Select(v => (int?)v.Key).Max();
                Assert.Equal((status, total, online, volumeYear, true), (row.Status, row.Total, row.Online, row.VolumeYear, row.Existed));
            }
            Assert.Equal(MetricsOracle.Figures(oracle, year),
                Metrics.Compute(rows.Values.Select(r => new ProcedureFacts(r.Status, r.Total, r.Online))));
        }
    }

    [Fact]
    public void Status_as_of_an_instant_marks_procedures_created_at_or_after_it_as_not_existing()
    {
        var oracle = MetricsOracle.RandomHistories(new Random(7), 200, 2022, 2025, Now, [1]);
        var (procedures, history, _) = Entities(oracle);
        var asOf = MetricsOracle.EndOfYearUtc(2023);
        var rows = YearEnd.StatusAsOf(procedures.AsQueryable(), history.AsQueryable(), asOf).ToList();
        Assert.Equal(procedures.Count, rows.Count);
        Assert.All(rows, r => Assert.Equal(r.Procedure.CreatedAtUtc < asOf, r.Existed));
        Assert.Contains(rows, r => r.Procedure.CreatedAtUtc == asOf && !r.Existed);
        Assert.All(YearEnd.StatusNow(procedures.AsQueryable()), r => Assert.Equal((true, r.Procedure.Status), (r.Existed, r.Status)));
    }

    [Fact]
    public void Stalled_follows_each_statuss_threshold_and_waits_for_the_departments_first_hearing_for_NotConsidered()
    {
        var thresholds = new Dictionary<ProcedureStatus, int> { [UnderReview] = 10, [ObjectionRaised] = 20, [InProgress] = 30 };
        // NotConsidered has no stored threshold here: the default (60 days) applies.
        var notConsideredDays = StallThreshold.Defaults[NotConsidered];
        var procedures = new List<Procedure>();
        var expected = new HashSet<int>();
        var id = 0;
        foreach (var status in Enum.GetValues<ProcedureStatus>())
        {
            var days = thresholds.TryGetValue(status, out var d) ? d : StallThreshold.Defaults.GetValueOrDefault(status, -1);
            foreach (var department in new[] { 1, 2 })
            {
                foreach (var age in new[] { TimeSpan.FromDays(Math.Max(days, 0)) - TimeSpan.FromSeconds(1), TimeSpan.FromDays(Math.Max(days, 0)), TimeSpan.FromDays(400) })
                {
                    procedures.Add(Entity<Procedure>(++id, ("DepartmentId", department), ("Status", status), ("StatusChangedAtUtc", Now - age)));
                    // Department 1 had its first hearing long ago; department 2 only today (Japan): its NotConsidered items wait.
                    var waitsForHearing = status == NotConsidered && department == 2;
                    if (days >= 0 && age >= TimeSpan.FromDays(days) && !waitsForHearing)
                        expected.Add(id);
                }
            }
        }
        var hearings = new List<HearingSession>
        {
            new() { Id = 1, DepartmentId = 1, HeldOn = new DateOnly(2025, 4, 1) },
            new() { Id = 2, DepartmentId = 2, HeldOn = StallRule.JapanDate(Now) },
        };

        var stalled = StallRule.Stalled(procedures.AsQueryable(), hearings.AsQueryable(), thresholds, Now).Select(p => p.Id).ToHashSet();

        Assert.Equal(expected.Order(), stalled.Order());
        Assert.DoesNotContain(procedures, p => stalled.Contains(p.Id) && p.Status is Digitized or Exempt);
        // A hearing on the last day that still counts: the NotConsidered cutoff's own Japanese day.
        hearings[1].HeldOn = StallRule.JapanDate(Now.AddDays(-notConsideredDays));
        var withHearing = StallRule.Stalled(procedures.AsQueryable(), hearings.AsQueryable(), thresholds, Now).Select(p => p.Id).ToHashSet();
        Assert.Contains(procedures, p => p.DepartmentId == 2 && p.Status == NotConsidered && withHearing.Contains(p.Id));
        Assert.Equal(2, procedures.Count(p => p.DepartmentId == 2 && p.Status == NotConsidered && withHearing.Contains(p.Id)));
        hearings[1].HeldOn = hearings[1].HeldOn.AddDays(1);
        Assert.DoesNotContain(procedures, p => p.DepartmentId == 2 && p.Status == NotConsidered
            && StallRule.Stalled(procedures.AsQueryable(), hearings.AsQueryable(), thresholds, Now).Any(s => s.Id == p.Id));
    }

    /// <summary>The oracle's procedures as the entities the database would hold: ids in order, moves in recorded order.</summary>
    private static (List<Procedure>, List<StatusChange>, List<ProcedureVolume>) Entities(List<OracleProcedure> oracle)
    {
        var (procedures, history, volumes) = (new List<Procedure>(), new List<StatusChange>(), new List<ProcedureVolume>());
        for (var i = 0; i < oracle.Count; i++)
        {
            var p = oracle[i];
            procedures.Add(Entity<Procedure>(i + 1, ("DepartmentId", p.DepartmentId), ("Status", p.StatusNow), ("CreatedAtUtc", p.CreatedAtUtc)));
            foreach (var (at, from, to) in p.Moves)
                history.Add(Entity<StatusChange>(history.Count + 1L, ("ProcedureId", i + 1), ("AtUtc", at), ("FromStatus", from), ("ToStatus", to)));
            foreach (var (year, (total, online)) in p.Volumes)
                volumes.Add(Entity<ProcedureVolume>(volumes.Count + 1, ("ProcedureId", i + 1), ("FiscalYear", year), ("Total", total), ("Online", online)));
        }
        // Recorded order is id order, not list order: shuffle the lists so that nothing depends on it.
        var random = new Random(3);
        return (procedures, history.OrderBy(_ => random.Next()).ToList(), volumes.OrderBy(_ => random.Next()).ToList());
    }

    /// <summary>An entity with the values the database would give it (its setters are private: EF writes them the same way).</summary>
    private static T Entity<T>(object id, params (string Property, object? Value)[] values) where T : class
    {
        var entity = (T)Activator.CreateInstance(typeof(T), nonPublic: true)!;
        foreach (var (property, value) in values.Prepend(("Id", id)))
            typeof(T).GetProperty(property, BindingFlags.Public | BindingFlags.Instance)!.SetValue(entity, value);
        return entity;
    }
}
