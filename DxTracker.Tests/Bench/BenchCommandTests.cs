using System.Globalization;
using DxTracker.App.Bench;
using DxTracker.App.Hosting;
using DxTracker.Tests.Support;

namespace DxTracker.Tests.Bench;

/// <summary>CI smoke test of the benchmark: a tiny city, one run per path, on the provider of this test pass. Figures are
/// not asserted beyond being measured (positive) and each path agreeing with its baseline; timings are not asserted at all.</summary>
public sealed class BenchCommandTests
{
    /// <summary>Every query path, the demo ward's start and the public load (one second per file); the organisation sheet
    /// and the invitations have tests of their own below.</summary>
    [Fact]
    public async Task Bench_at_a_tiny_scale_prints_a_row_with_positive_figures_for_every_path()
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        string[] only = [.. BenchPaths.All, DemoBench.Name, PublicLoadBench.Name];

        var exitCode = await BenchCommand.RunAsync([.. TinyCity(), "--load-seconds", "1", "--only", string.Join(',', only)], output);

        var text = output.ToString();
        Assert.True(exitCode == 0, text);
        Assert.Contains("scale 0.01: 2 departments, 100 procedures", text);
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        foreach (var name in BenchPaths.All)
        {
            var row = lines.SingleOrDefault(l => l.StartsWith($"| {name} ", StringComparison.Ordinal));
            Assert.True(row is not null, $"No row for \"{name}\" in:\n{text}");
            var cells = row.Split('|', StringSplitOptions.TrimEntries);
            // | path | app | baseline | ratio | target | met | answers |
            Assert.True(Milliseconds(cells[2]) > 0, row);
            Assert.True(Milliseconds(cells[3]) > 0, row);
            Assert.True(double.Parse(cells[4], CultureInfo.InvariantCulture) > 0, row);
            // Every query and the import must answer its baseline's question with the baseline's answer (the report's answer
            // is its file's size, which two different writers do not share).
            if (name != BenchPaths.AnnualReport)
                Assert.True(cells[7].StartsWith("same: ", StringComparison.Ordinal), row);
        }
        Assert.Contains($"{DemoBench.Name}: a fresh start with demo mode on is healthy after", text);
        Assert.Contains($"for 1 s per page or file", text);
        foreach (var path in PublicLoadBench.Paths)
        {
            var row = lines.SingleOrDefault(l => l.StartsWith($"| {path} | ", StringComparison.Ordinal));
            Assert.True(row is not null, $"No row for {path} in:\n{text}");
            // | page | sent | req/s | p50 | p99 | errors | target | met | board | app CPU per answer | bench CPU per answer |
            var cells = row.Split('|', StringSplitOptions.TrimEntries);
            Assert.True(Milliseconds(cells[10]) > 0 && Milliseconds(cells[11]) > 0, row);
        }
        Assert.DoesNotContain(BenchPaths.Organisation, text);
    }

    [Fact]
    public async Task Bench_only_measures_the_paths_whose_name_contains_the_only_option()
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);

        var exitCode = await BenchCommand.RunAsync([.. TinyCity(), "--only", "IMPORT"], output);

        var text = output.ToString();
        Assert.True(exitCode == 0, text);
        Assert.Contains($"| {BenchPaths.Import} of 100 rows |", text);
        foreach (var name in BenchPaths.All.Where(n => n != BenchPaths.Import))
            Assert.DoesNotContain($"| {name} ", text);
    }

    [Fact]
    public async Task Bench_issues_and_mails_1000_invitations_to_a_local_SMTP_server_against_its_target()
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);

        var exitCode = await BenchCommand.RunAsync([.. TinyCity(), "--only", "invitations"], output);

        var text = output.ToString();
        Assert.True(exitCode == 0, text);
        string[] Cells(string name)
        {
            var row = text.Split('\n').SingleOrDefault(l => l.StartsWith($"| {name} |", StringComparison.Ordinal));
            Assert.True(row is not null, text);
            var cells = row.Split('|', StringSplitOptions.TrimEntries);
            Assert.True(Milliseconds(cells[2]) > 0, row);
            Assert.Equal("≤ 60,000 ms", cells[5]);
            return cells;
        }
        // Every run re-issues to the same 1,000 accounts, and the SMTP server receives each mail once.
        Assert.Equal("app: 1,000 issued, 1,000 mailed, 1,000 received", Cells(InvitationBench.Name)[7]);
        // Without SMTP: 1,000 setup codes and their list, against the same target.
        Assert.StartsWith("app: 1,000 codes, list of 1,000 rows (", Cells(InvitationBench.CodesName)[7]);
        Assert.DoesNotContain($"| {BenchPaths.Organisation} |", text);
    }

    [Fact]
    public async Task Bench_measures_the_organisation_sheet_of_1000_departments_against_its_target()
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);

        var exitCode = await BenchCommand.RunAsync([.. TinyCity(), "--only", "organisation"], output);

        var text = output.ToString();
        Assert.True(exitCode == 0, text);
        var row = text.Split('\n').SingleOrDefault(l => l.StartsWith($"| {BenchPaths.Organisation} |", StringComparison.Ordinal));
        Assert.True(row is not null, text);
        var cells = row.Split('|', StringSplitOptions.TrimEntries);
        Assert.True(Milliseconds(cells[2]) > 0, row);
        Assert.Equal("≤ 5,000 ms", cells[5]);
        // The measured run (after the warm-up that created them) renames all 1,000 課 and moves every head.
        Assert.Equal("app: 1000 課 written, 0 heads new, 1000 moved", cells[7]);
        foreach (var name in BenchPaths.All)
            Assert.DoesNotContain($"| {name} ", text);
    }

    [Fact]
    public async Task Bench_refuses_unknown_options_with_its_usage()
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);

        var exitCode = await BenchCommand.RunAsync(["--scale", "1", "--colour", "red"], output);

        Assert.Equal(2, exitCode);
        Assert.Contains("Unknown option --colour", output.ToString());
        Assert.Contains(BenchOptions.Usage, output.ToString());
    }

    /// <summary>A city of 100 procedures, one run per path, on the provider of this test pass.</summary>
    private static List<string> TinyCity()
    {
        List<string> args = ["--scale", "0.01", "--runs", "1"];
        if (TestDatabase.Provider == DatabaseProvider.Postgres)
            args.AddRange(["--provider", "Postgres", "--connection", TestDatabase.PostgresServer]);
        return args;
    }

    /// <summary>"12.3 ms (CPU 4.5)…" → 12.3.</summary>
    private static double Milliseconds(string cell) =>
        double.Parse(cell[..cell.IndexOf(" ms", StringComparison.Ordinal)], NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
}
