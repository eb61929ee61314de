using System.Diagnostics;
using static System.FormattableString;

namespace DxTracker.App.Bench;

/// <summary>The demo ward's seeding as a visitor of a fresh demo meets it: the app started as its own process on a new,
/// migrated database with demo mode on, timed until it answers healthy (national catalogue, the whole ward in one transaction,
/// its first stall scan), beside the same start with demo mode off. Their difference is the seeding. One start each (a
/// start is not repeatable on the same database); health is polled every half second.</summary>
internal static class DemoBench
{
    public const string Name = "Demo ward";

    public static async Task RunAsync(BenchDatabase database, TextWriter output)
    {
        var withDemo = await StartAsync(database, demo: true);
        var without = await StartAsync(database, demo: false);
        await output.WriteLineAsync(Invariant(
            $"{Name}: a fresh start with demo mode on is healthy after {withDemo.TotalSeconds:0.0} s, with it off {without.TotalSeconds:0.0} s: seeding the ward (~1,200 procedures, ~13,000 rows) and its first stall scan take {(withDemo - without).TotalSeconds:0.0} s."));
    }

    /// <summary>A new database of the bench's provider (migrated, as the bench's own), so both starts find the same state.</summary>
    private static async Task<TimeSpan> StartAsync(BenchDatabase like, bool demo)
    {
        await using var database = await BenchDatabase.CreateAsync(like.Provider, like.PostgresServer);
        var watch = Stopwatch.StartNew();
        await using var app = await BenchApp.StartAsync(database, [Invariant($"--Demo:Enabled={demo}")]);
        return watch.Elapsed;
    }
}
