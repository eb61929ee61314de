using System.Globalization;
using System.Net;
using System.Runtime;

namespace DxTracker.App.Hosting;

/// <summary>What the circuit benchmark reads from the app it runs in its own process: GET /bench/heap, the managed heap after a
/// full collection in bytes (its "memory per idle circuit"); GET /bench/jit, the JIT's compilation time so far in milliseconds
/// (its warm-up runs until the JIT is quiet, and each row shows the compilation inside it); GET /bench/cpu, the process's CPU time
/// so far in milliseconds, to the microsecond (getrusage; the process's CPU time seen from outside, in /proc, counts in 10 ms
/// ticks, too coarse for a round of two searches). Mapped only when
/// <c>Bench:Endpoints</c> is true (the benchmark starts the app with it; an installation never sets it) and answered only to the
/// local machine.</summary>
public static class BenchEndpoints
{
    public const string HeapPath = "/bench/heap";
    public const string JitPath = "/bench/jit";
    public const string CpuPath = "/bench/cpu";
    public const string Setting = "Bench:Endpoints";

    public static void MapBenchEndpoints(this WebApplication app)
    {
        if (!app.Configuration.GetValue<bool>(Setting))
            return;
        app.MapGet(HeapPath, (HttpContext http) =>
        {
            if (!IsLocal(http))
                return Results.NotFound();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            return Results.Text(GC.GetTotalMemory(forceFullCollection: true).ToString(CultureInfo.InvariantCulture));
        }).AllowAnonymous();
        app.MapGet(JitPath, (HttpContext http) => IsLocal(http)
            ? Results.Text(JitInfo.GetCompilationTime().TotalMilliseconds.ToString("R", CultureInfo.InvariantCulture))
            : Results.NotFound()).AllowAnonymous();
        app.MapGet(CpuPath, (HttpContext http) => IsLocal(http)
            ? Results.Text(Environment.CpuUsage.TotalTime.TotalMilliseconds.ToString("R", CultureInfo.InvariantCulture))
            : Results.NotFound()).AllowAnonymous();
    }

    private static bool IsLocal(HttpContext http) => http.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address);
}
