using System.Globalization;
using DxTracker.App.Bench;
using DxTracker.App.Hosting;
using DxTracker.Domain.Demo;
using DxTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Tests.Bench;

/// <summary>CI check of the circuit benchmark's protocol-level client against the real app in its own process: two circuits
/// on a tiny city, each interaction once unmeasured and once measured, then a small crowd. Figures are only required to be measured (positive); timings are not asserted. The
/// status moves are checked in the bench's database: each moved procedure has its new status and the history row of the move,
/// and a cancelled move left its procedure as it was.</summary>
public sealed class CircuitBenchTests
{
    [Fact]
    public async Task The_circuit_bench_drives_the_app_over_its_circuit_protocol_prints_every_row_and_really_moves_statuses()
    {
        var provider = TestDatabase.Provider == DatabaseProvider.Postgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
        await using var database = await BenchDatabase.CreateAsync(provider, provider == DatabaseProvider.Postgres ? TestDatabase.PostgresServer : null);
        var now = DateTime.UtcNow;
        await using (var db = database.CreateDbContext())
            await SyntheticCity.GenerateAsync(db, 0.01, 1, now, TestContext.Current.CancellationToken);
        await database.AnalyzeAsync();
        var question = await BenchCommand.QuestionAsync(database, now, 1);
        var output = new StringWriter(CultureInfo.InvariantCulture);

        // And a small crowd: four circuits open, two of them active every second for four seconds (four steps each); on
        // PostgreSQL shared out between two instances of the app.
        var instances = provider == DatabaseProvider.Postgres ? 2 : 1;
        var run = await CircuitBench.RunAsync(database, question, circuits: 2, rounds: 1, new Warmup(1, 1), output, new Crowd(4, 2, 4, instances) { Every = TimeSpan.FromSeconds(1) });

        var text = output.ToString();
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        foreach (var name in CircuitBench.Rows)
        {
            var row = lines.SingleOrDefault(l => l.StartsWith($"| {name} |", StringComparison.Ordinal));
            Assert.True(row is not null, $"No row for \"{name}\" in:\n{text}");
            var cells = row.Split('|', StringSplitOptions.TrimEntries);
            // | interaction | CPU (or memory) | p50 | p95 | interactions | …
            Assert.True(Number(cells[2]) > 0, row);
            if (name is CircuitBench.OpenRow or CircuitBench.MemoryRow)
                continue;
            Assert.True(Number(cells[3]) > 0 && Number(cells[4]) >= Number(cells[3]), row);
            Assert.Equal("2", cells[5]);
        }

        var crowd = lines.SingleOrDefault(l => l.StartsWith($"| {CircuitBench.CrowdRow} |", StringComparison.Ordinal));
        Assert.True(crowd is not null, $"No crowd row in:\n{text}");
        var crowdCells = crowd.Split('|', StringSplitOptions.TrimEntries);
        Assert.True(Number(crowdCells[2]) > 0 && Number(crowdCells[3]) > 0 && Number(crowdCells[4]) >= Number(crowdCells[3]), crowd);
        // Each active circuit went through the whole cycle once: next page, previous page, a procedure, back.
        Assert.Equal("8", crowdCells[5]);
        Assert.Contains($"Crowd: 4 circuits open on {instances} instance(s) ({provider}), 2 of them active for 4 s", text);
        // The instance started for the crowd ran its cycle before the crowd was measured (one warm-up round at least).
        Assert.Equal(instances > 1, text.Contains("The instances started for it were first warmed up by 8 circuits doing the crowd's cycle for 1 round(s) (until the JIT was quiet, at most 1)", StringComparison.Ordinal));

        // The warm-up circuit's move and one per circuit in each round (the warm-up round's and the measured one); then each circuit
        // cancelled a move on the procedure it had moved.
        Assert.Equal(5, run.Moved.Count);
        Assert.Equal(2, run.Cancelled.Count);
        await using var check = database.CreateDbContext();
        foreach (var move in run.Moved)
        {
            var status = await check.Procedures.Where(p => p.Id == move.Id).Select(p => p.Status).SingleAsync(TestContext.Current.CancellationToken);
            Assert.True(move.To == status, $"Procedure {move.Id} is {status}, not {move.To} after the bench's move.");
            Assert.True(await check.StatusChanges.AnyAsync(s => s.ProcedureId == move.Id && s.FromStatus == move.From && s.ToStatus == move.To
                && s.ByUserId == question.DxTeamUserId && s.AtUtc > now, TestContext.Current.CancellationToken), $"No history row of procedure {move.Id}'s move {move.From} → {move.To}.");
        }
        foreach (var (id, version) in run.Cancelled)
            Assert.Equal(version, await check.Procedures.Where(p => p.Id == id).Select(p => p.Version).SingleAsync(TestContext.Current.CancellationToken));
        Assert.All(run.Cancelled, c => Assert.Contains(run.Moved, m => m.Id == c.Id));
    }

    /// <summary>"12.3 ms" / "1.25 MiB" → 12.3.</summary>
    private static double Number(string cell) =>
        double.Parse(cell[..cell.IndexOf(' ', StringComparison.Ordinal)], NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
}
