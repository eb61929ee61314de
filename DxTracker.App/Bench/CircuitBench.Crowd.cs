using System.Diagnostics;
using DxTracker.App.Bench.Circuits;

namespace DxTracker.App.Bench;

/// <summary>Many tabs open on one server, a few of them in use: <see cref="Crowd.Open"/> circuits opened on the inventory and
/// left open, then <see cref="Crowd.Active"/> of them each doing one interaction every <see cref="Crowd.Every"/> (spread
/// over the period, as people are) for <see cref="Crowd.Seconds"/>: the next page, the previous page, a procedure, back to
/// the inventory, and again. Round trips at p50/p95 against the issue's 300 ms, the server's CPU per interaction, and what
/// each open circuit holds.</summary>
internal static partial class CircuitBench
{
    public const string CrowdRow = "Crowd: many circuits open, some active (next page, previous page, a procedure, back to the inventory)";
    public const double CrowdTargetP95Ms = 300;

    /// <summary>How many circuits are opened at once while the crowd gathers (not measured).</summary>
    private const int OpenBatch = 8;

    /// <param name="app">The app the rows ran on; with <see cref="Crowd.Instances"/> above one, more start on the same
    /// (PostgreSQL) database and the circuits are shared out among them, one by one. Each of those is warmed up first, as the
    /// rows warmed <paramref name="app"/> up (<paramref name="warmup"/>).</param>
    private static async Task CrowdAsync(TextWriter output, BenchDatabase database, BenchApp app, string cookie, Crowd crowd, Warmup warmup, IReadOnlyList<int> procedures)
    {
        var apps = new List<BenchApp> { app };
        var clients = new List<CircuitClient>(crowd.Open);
        var warmupRounds = new List<int>();
        try
        {
            for (var i = 1; i < crowd.Instances; i++)
            {
                apps.Add(await BenchApp.StartAsync(database, AppSettings));
                warmupRounds.Add(await WarmUpAsync(apps[^1], cookie, warmup, procedures));
            }
            var heapBefore = await SumAsync(apps, async a => await a.HeapBytesAsync());
            var opening = Stopwatch.StartNew();
            var openCpu = await SumAsync(apps, CpuMsAsync);
            for (var i = 0; i < crowd.Open; i += OpenBatch)
                clients.AddRange(await Task.WhenAll(Enumerable.Range(i, Math.Min(OpenBatch, crowd.Open - i))
                    .Select(k => CircuitClient.OpenAsync(apps[k % apps.Count].BaseAddress, cookie, Interactions.InventoryPath, Timeout))));
            var (openSeconds, openMs) = (opening.Elapsed.TotalSeconds, (await SumAsync(apps, CpuMsAsync) - openCpu) / crowd.Open);
            await Task.Delay(1000);
            var perCircuit = (await SumAsync(apps, async a => await a.HeapBytesAsync()) - heapBefore) / (double)crowd.Open / 1048576;

            var load = LoadAverage();
            var times = new List<double>();
            var jitBefore = await SumAsync(apps, a => a.JitMsAsync());
            var before = await SumAsync(apps, CpuMsAsync);
            var started = Stopwatch.GetTimestamp();
            var end = TimeSpan.FromSeconds(crowd.Seconds);
            await Task.WhenAll(clients.Take(crowd.Active).Select((client, k) => Task.Run(async () =>
            {
                // Circuit k starts at k/active of the period, so the interactions are spread, not all at once.
                var step = 0;
                for (var next = crowd.Every * k / crowd.Active; next < end; next += crowd.Every, step++)
                {
                    if (next - Stopwatch.GetElapsedTime(started) is { Ticks: > 0 } wait)
                        await Task.Delay(wait);
                    var took = await StepAsync(client, step, procedures);
                    lock (times)
                        times.Add(took.TotalMilliseconds);
                }
            })));
            var cpu = await SumAsync(apps, CpuMsAsync) - before;
            var jitMs = await SumAsync(apps, a => a.JitMsAsync()) - jitBefore;
            times.Sort();
            var p95 = PublicLoadBench.Percentile(times, 0.95);
            var met = p95 <= CrowdTargetP95Ms ? "yes" : Invariant($"no: {p95 / CrowdTargetP95Ms:0.0}×");
            await output.WriteLineAsync(TableHeader);
            await output.WriteLineAsync(Invariant(
                $"| {CrowdRow} | {cpu / times.Count:N1} ms | {PublicLoadBench.Percentile(times, 0.5):N0} ms | {p95:N0} ms | {times.Count} | — | p95 ≤ {CrowdTargetP95Ms:N0} ms | {met} | — | {jitMs / times.Count:N1} ms | {load} |"));
            await output.WriteLineAsync();
            await output.WriteLineAsync(Invariant(
                $"Crowd: {crowd.Open:N0} circuits open on {apps.Count} instance(s) ({database.Provider}), {crowd.Active} of them active for {crowd.Seconds} s, each an interaction every {crowd.Every.TotalSeconds:0.#} s. {(warmupRounds.Count == 0 ? "" : $"The instances started for it were first warmed up by {OpenBatch} circuits doing the crowd's cycle for {string.Join(", ", warmupRounds)} round(s) (until the JIT was quiet, at most {warmup.Max}). ")}Opening them took {openSeconds:N0} s ({OpenBatch} at a time; {openMs:N1} ms of server CPU each); managed memory per open circuit {perCircuit:N2} MiB after a full GC; the app's working set {apps.Sum(a => a.WorkingSetMiB):N0} MiB (all instances). Server CPU is all instances' together."));
            await output.WriteLineAsync();
        }
        finally
        {
            foreach (var client in clients)
                await client.DisposeAsync();
            foreach (var extra in apps.Skip(1))
                await extra.DisposeAsync();
        }
    }

    /// <summary>Runs the crowd's cycle on <see cref="OpenBatch"/> circuits of a newly started instance, unmeasured, until its
    /// JIT is quiet or <see cref="Warmup.Max"/> rounds have run (<see cref="MeasureAsync"/>'s warm-up); returns the rounds it took.</summary>
    private static async Task<int> WarmUpAsync(BenchApp app, string cookie, Warmup warmup, IReadOnlyList<int> procedures)
    {
        var clients = await Task.WhenAll(Enumerable.Range(0, OpenBatch).Select(_ => CircuitClient.OpenAsync(app.BaseAddress, cookie, Interactions.InventoryPath, Timeout)));
        try
        {
            var step = 0;
            var warmed = await MeasureAsync(app, warmup, 0, clients.Length, () =>
            {
                var i = step++;
                return Task.FromResult<Func<Task<double[]>>>(() =>
                    Task.WhenAll(clients.Select(c => Task.Run(async () => (await StepAsync(c, i, procedures)).TotalMilliseconds))));
            });
            return warmed.WarmupRounds;
        }
        finally
        {
            foreach (var client in clients)
                await client.DisposeAsync();
        }
    }

    /// <summary>The sum of one figure over the instances.</summary>
    private static async Task<double> SumAsync(IEnumerable<BenchApp> apps, Func<BenchApp, Task<double>> figure)
    {
        var sum = 0.0;
        foreach (var app in apps)
            sum += await figure(app);
        return sum;
    }

    private static async Task<double> CpuMsAsync(BenchApp app) => (await app.CpuTimeAsync()).TotalMilliseconds;

    /// <summary>A tab's cycle: the next page, the previous page, a procedure, back to the inventory.</summary>
    private static Task<TimeSpan> StepAsync(CircuitClient client, int step, IReadOnlyList<int> procedures) => (step % 4) switch
    {
        0 => PageAsync(client, next: true),
        1 => PageAsync(client, next: false),
        2 => OpenProcedureAsync(client, procedures[step / 4 % procedures.Count]),
        _ => client.ExpectAsync(() => client.NavigateAsync(Interactions.InventoryPath),
            dom => ProcedureName(dom) is null && dom.Find("data-testid", Interactions.InventoryLink) is not null, Timeout, "the inventory"),
    };
}

/// <summary>The crowd of <see cref="CircuitBench"/>: circuits opened and left open, how many of them are active, for how long.</summary>
/// <param name="Instances">App instances sharing the database (above one: PostgreSQL only).</param>
internal sealed record Crowd(int Open, int Active, int Seconds, int Instances = 1)
{
    /// <summary>Each active circuit's pace: the issue's "an interaction every 5 s" (the CI check goes faster).</summary>
    public TimeSpan Every { get; init; } = TimeSpan.FromSeconds(5);
}
