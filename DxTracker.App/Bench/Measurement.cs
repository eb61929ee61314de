using System.Diagnostics;

namespace DxTracker.App.Bench;

/// <summary>The median time of several runs (after one warm-up run), the answer the last run gave, and — when asked — the
/// peak managed heap during a run.</summary>
/// <param name="MedianCpuMs">The median CPU time this process spent during a run (all its threads): unlike the wall time, it
/// hardly grows when other programs compete for the cores.</param>
internal sealed record Sample(double MedianMs, double MedianCpuMs, string Answer, long? PeakHeapBytes);

internal static class Measurement
{
    /// <summary>How peak memory is measured (printed under the table).</summary>
    public const string MemoryMethod =
        "peak heap = the highest GC.GetTotalMemory(false) seen by a thread sampling every millisecond during the run, " +
        "minus the heap after a full collection just before it (managed memory only; the largest of the runs)";

    /// <param name="prepare">Runs before each run, outside the timing (e.g. builds the next import file).</param>
    public static async Task<Sample> RunAsync(Func<Task<string>> path, int runs, bool measureMemory, Func<Task>? prepare = null)
    {
        prepare ??= () => Task.CompletedTask;
        await prepare();
        var answer = await path(); // warm-up: JIT, EF's query cache, the database's page cache
        var times = new List<double>(runs);
        var cpuTimes = new List<double>(runs);
        long? peak = null;
        for (var i = 0; i < runs; i++)
        {
            await prepare();
            var cpu = Environment.CpuUsage.TotalTime;
            if (measureMemory)
            {
                var (ms, bytes, result) = await WithPeakHeapAsync(path);
                times.Add(ms);
                peak = Math.Max(peak ?? 0, bytes);
                answer = result;
            }
            else
            {
                var watch = Stopwatch.StartNew();
                answer = await path();
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            cpuTimes.Add((Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds);
        }
        return new Sample(Median(times), Median(cpuTimes), answer, peak);
    }

    public static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static async Task<(double Ms, long PeakBytes, string Answer)> WithPeakHeapAsync(Func<Task<string>> path)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var highest = before;
        using var stop = new CancellationTokenSource();
        var sampler = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var now = GC.GetTotalMemory(forceFullCollection: false);
                if (now > Interlocked.Read(ref highest))
                    Interlocked.Exchange(ref highest, now);
                Thread.Sleep(1);
            }
        }) { IsBackground = true, Name = "bench-heap-sampler" };
        sampler.Start();
        var watch = Stopwatch.StartNew();
        var answer = await path();
        var ms = watch.Elapsed.TotalMilliseconds;
        var last = GC.GetTotalMemory(forceFullCollection: false);
        stop.Cancel();
        sampler.Join();
        return (ms, Math.Max(Interlocked.Read(ref highest), last) - before, answer);
    }
}
