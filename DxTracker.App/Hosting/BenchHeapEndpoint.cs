using System.Net;

namespace DxTracker.App.Hosting;

/// <summary>GET /bench/heap: the managed heap after a full collection, in bytes — for the circuit benchmark's "memory per idle
/// circuit", which measures the app in its own process. Mapped only when <c>Bench:HeapEndpoint</c> is true (the benchmark
/// starts the app with it; an installation never sets it) and answered only to the local machine.</summary>
public static class BenchHeapEndpoint
{
    public const string Path = "/bench/heap";
    public const string Setting = "Bench:HeapEndpoint";

    public static void MapBenchHeap(this WebApplication app)
    {
        if (!app.Configuration.GetValue<bool>(Setting))
            return;
        app.MapGet(Path, (HttpContext http) =>
        {
            if (http.Connection.RemoteIpAddress is not { } address || !IPAddress.IsLoopback(address))
                return Results.NotFound();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            return Results.Text(GC.GetTotalMemory(forceFullCollection: true).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }).AllowAnonymous();
    }
}
