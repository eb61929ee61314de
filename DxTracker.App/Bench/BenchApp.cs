using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DxTracker.App.Hosting;

namespace DxTracker.App.Bench;

/// <summary>The app started as its own process on the bench database (Production, Kestrel on a free local port, a throw-away
/// data folder), for the paths measured from outside: the public files under a crowd, the circuits.</summary>
internal sealed class BenchApp : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataFolder;

    private readonly HttpClient _http;

    private BenchApp(Process process, string dataFolder, Uri baseAddress)
    {
        _process = process;
        _dataFolder = dataFolder;
        BaseAddress = baseAddress;
        _http = new HttpClient { BaseAddress = baseAddress };
    }

    public Uri BaseAddress { get; }

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lastLines = new();

    private void Keep(string? line)
    {
        if (line is null)
            return;
        _lastLines.Enqueue(line);
        while (_lastLines.Count > 40)
            _lastLines.TryDequeue(out _);
    }

    /// <summary>Whether the app still runs, and the last lines it logged (warnings and errors): for the message of a failed run.</summary>
    public string Diagnostics =>
        (_process.HasExited ? string.Create(CultureInfo.InvariantCulture, $"The app exited with code {_process.ExitCode}.") : "The app is running.")
        + (_lastLines.IsEmpty ? " It logged nothing." : " Its last lines:\n" + string.Join("\n", _lastLines));

    /// <summary>The app process's CPU time so far (all its threads), as /proc counts it: in 10 ms ticks (for a load of seconds;
    /// <see cref="CpuTimeAsync"/> to the microsecond).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>The app process's resident memory now, in MiB.</summary>
    public double WorkingSetMiB
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64 / 1048576.0;
        }
    }

    /// <summary>The app's managed heap after a full collection, in bytes (<see cref="BenchEndpoints"/>: only when started with
    /// <see cref="BenchEndpoints.Setting"/>).</summary>
    public async Task<long> HeapBytesAsync() =>
        long.Parse(await _http.GetStringAsync(BenchEndpoints.HeapPath), CultureInfo.InvariantCulture);

    /// <summary>The app process's CPU time so far (all its threads), to the microsecond, as the app reads it
    /// (<see cref="BenchEndpoints"/>).</summary>
    public async Task<TimeSpan> CpuTimeAsync() =>
        TimeSpan.FromMilliseconds(double.Parse(await _http.GetStringAsync(BenchEndpoints.CpuPath), CultureInfo.InvariantCulture));

    /// <summary>The app's JIT compilation time so far (all threads), in milliseconds (<see cref="BenchEndpoints"/>).</summary>
    public async Task<double> JitMsAsync() =>
        double.Parse(await _http.GetStringAsync(BenchEndpoints.JitPath), CultureInfo.InvariantCulture);

    /// <param name="settings">Further settings (<c>--Key=value</c>).</param>
    public static async Task<BenchApp> StartAsync(BenchDatabase database, IEnumerable<string> settings)
    {
        var port = FreePort();
        var dataFolder = Path.Combine(Path.GetTempPath(), "dxtracker-bench", "app-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataFolder);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
                 {
                     typeof(BenchApp).Assembly.Location, "--urls", $"http://127.0.0.1:{port}", "--Data:Directory=" + dataFolder,
                     "--Database:Provider=" + database.Provider, "--ConnectionStrings:Default=" + database.ConnectionString, "--Demo:Enabled=false",
                     "--Logging:LogLevel:Default=Warning",
                 }.Concat(settings))
            start.ArgumentList.Add(arg);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start) ?? throw new InvalidOperationException("The app did not start.");
        var app = new BenchApp(process, dataFolder, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => app.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => app.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await app.WaitHealthyAsync();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    private async Task WaitHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress };
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The app exited with code {_process.ExitCode} before it was healthy."));
            try
            {
                if ((await http.GetAsync(HealthSetup.Path)).IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(500);
        }
        throw new TimeoutException("The app was not healthy within 3 minutes.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _http.Dispose();
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A job-storage file still closing: the temp folder is left for the system to clean.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
