using System.Globalization;
using DxTracker.App.Bench;
using DxTracker.App.Hosting;
using DxTracker.Tests.Support;

namespace DxTracker.Tests.Bench;

/// <summary>CI check of the circuit benchmark's protocol-level client against the real app in its own process: two circuits
/// on a tiny city, each interaction once. Figures are only required to be measured (positive); timings are not asserted.</summary>
public sealed class CircuitBenchTests
{
    [Fact]
    public async Task Bench_only_circuits_drives_the_app_over_its_circuit_protocol_and_prints_every_row()
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        List<string> args = ["--scale", "0.01", "--runs", "1", "--only", "circuits", "--circuits", "2", "--rounds", "1"];
        if (TestDatabase.Provider == DatabaseProvider.Postgres)
            args.AddRange(["--provider", "Postgres", "--connection", TestDatabase.PostgresServer]);

        var exitCode = await BenchCommand.RunAsync(args, output);

        var text = output.ToString();
        Assert.True(exitCode == 0, text);
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        foreach (var name in new[] { CircuitBench.SearchRow, CircuitBench.PageRow, CircuitBench.ProcedureRow })
        {
            var row = lines.SingleOrDefault(l => l.StartsWith($"| {name} |", StringComparison.Ordinal));
            Assert.True(row is not null, $"No row for \"{name}\" in:\n{text}");
            var cells = row.Split('|', StringSplitOptions.TrimEntries);
            // | interaction | CPU | p50 | p95 | interactions | …: both circuits did it once, each round trip measured.
            Assert.True(Number(cells[2]) > 0, row);
            Assert.True(Number(cells[3]) > 0 && Number(cells[4]) >= Number(cells[3]), row);
            Assert.Equal("2", cells[5]);
        }
        var memory = lines.SingleOrDefault(l => l.StartsWith($"| {CircuitBench.MemoryRow} |", StringComparison.Ordinal));
        Assert.True(memory is not null, text);
        Assert.True(Number(memory.Split('|', StringSplitOptions.TrimEntries)[2]) > 0, memory);
        // Only the circuits: none of the query rows.
        foreach (var name in BenchPaths.All)
            Assert.DoesNotContain($"| {name} ", text);
    }

    /// <summary>"12.3 ms" / "1.25 MiB" → 12.3.</summary>
    private static double Number(string cell) =>
        double.Parse(cell[..cell.IndexOf(' ', StringComparison.Ordinal)], NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
}
