using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DxTracker.App.Hosting;
using DxTracker.Domain.Reporting;

namespace DxTracker.App.Bench;

/// <summary>
/// Public pages under a crowd: the app started as its own process on the bench database (public switches on), hammered by
/// <see cref="Clients"/> concurrent anonymous HTTP clients per page or file for some seconds (<see cref="DefaultSeconds"/>), while this process measures a DX team
/// interaction (the board of the last closed year, as the board page asks it) at the same time. Every bench client comes
/// from 127.0.0.1, so the per-client rate limit is raised above the load for this run (a real crowd has many addresses).
/// </summary>
internal static class PublicLoadBench
{
    public const string Name = "Public files under load";
    public const int Clients = 50;
    public const int DefaultSeconds = 10;
    public const double TargetRequestsPerSecond = 2_000;
    public const double TargetP99Ms = 100;
    public const double StaffTargetMs = 200;
    public static readonly string[] Paths = ["/public/board.json", "/public/procedures.csv", "/public", "/public/procedures"];
    public const string BrowserAcceptEncoding = "gzip, deflate, br, zstd";

    public static async Task RunAsync(BenchDatabase database, BenchQuestion question, int seconds, TextWriter output)
    {
        await using var app = await BenchApp.StartAsync(database,
            ["--PublicBoard:Enabled=true", "--Publication:Enabled=true", "--Security:PublicPermitsPerMinute=1000000000"]);
        // As browsers ask (Chromium's Accept-Encoding), taking the answer as sent: a remote browser, not this process, pays
        // for decompressing it.
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Clients * 2 }) { BaseAddress = app.BaseAddress };
        http.DefaultRequestHeaders.TryAddWithoutValidation("Accept-Encoding", BrowserAcceptEncoding);
        await output.WriteLineAsync();
        await output.WriteLineAsync(Invariant($"{Name}: {Clients} concurrent clients (asking, as browsers do, for a compressed answer) for {seconds} s per page or file against the app in its own process (Production, Kestrel), while a DX team member loads the board (as the board page asks it) in this process."));
        await output.WriteLineAsync();
        await output.WriteLineAsync(Invariant($"| page or file | sent per answer | requests/s | p50 | p99 | errors | target | met | DX team: board during the load (median / p95 / runs) | app CPU per answer (answers/s the {Environment.ProcessorCount} cores would give the app alone) | the bench process's CPU per answer (the clients and the DX team's board) |"));
        await output.WriteLineAsync("|---|---:|---:|---:|---:|---:|---|---|---|---:|---:|");
        foreach (var path in Paths)
        {
            using var first = (await http.GetAsync(path)).EnsureSuccessStatusCode();
            var sent = (await first.Content.ReadAsByteArrayAsync()).Length;
            var coding = first.Content.Headers.ContentEncoding.FirstOrDefault() ?? "identity";
            // The app's CPU and this process's (the 50 clients and the DX team's board) over the phase: on one machine they share
            // the cores, so the rate above is the pair's; the app's own cost per answer says what it could serve alone.
            var (appCpu, benchCpu) = (app.CpuTime, Process.GetCurrentProcess().TotalProcessorTime);
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
            // On threads of their own: SQLite's async calls complete synchronously, so a plain call would run the whole loop first.
            var staff = Task.Run(() => StaffAsync(database, question, stop.Token));
            var clients = Enumerable.Range(0, Clients).Select(_ => Task.Run(() => ClientAsync(http, path, stop.Token))).ToList();
            var results = await Task.WhenAll(clients);
            var staffTimes = await staff;
            var appCpuMs = (app.CpuTime - appCpu).TotalMilliseconds;
            var benchCpuMs = (Process.GetCurrentProcess().TotalProcessorTime - benchCpu).TotalMilliseconds;
            var latencies = results.SelectMany(r => r.Latencies).Order().ToList();
            var errors = results.Sum(r => r.Errors);
            var rps = latencies.Count / (double)seconds;
            var (p50, p99) = (Percentile(latencies, 0.50), Percentile(latencies, 0.99));
            var appPerAnswer = appCpuMs / Math.Max(latencies.Count, 1);
            var clientPerAnswer = benchCpuMs / Math.Max(latencies.Count, 1);
            var (staffMedian, staffP95) = (Percentile(staffTimes, 0.50), Percentile(staffTimes, 0.95));
            var misses = new List<string>();
            if (rps < TargetRequestsPerSecond)
                misses.Add(Invariant($"{rps:N0} req/s"));
            if (p99 > TargetP99Ms)
                misses.Add(Invariant($"p99 {p99:N0} ms"));
            if (staffMedian > StaffTargetMs)
                misses.Add(Invariant($"board {staffMedian:N0} ms"));
            if (errors > 0)
                misses.Add(Invariant($"{errors} errors"));
            await output.WriteLineAsync(Invariant(
                $"| {path} | {sent / 1024.0:N1} KB ({coding}) | {rps:N0} | {p50:N1} ms | {p99:N1} ms | {errors} | ≥ {TargetRequestsPerSecond:N0} req/s, p99 ≤ {TargetP99Ms:N0} ms; board ≤ {StaffTargetMs:N0} ms | {(misses.Count == 0 ? "yes" : "no: " + string.Join(", ", misses))} | {staffMedian:N1} ms / {staffP95:N1} ms / {staffTimes.Count} | {appPerAnswer:N3} ms ({Environment.ProcessorCount * 1000 / appPerAnswer:N0}) | {clientPerAnswer:N3} ms |"));
        }
        await output.WriteLineAsync();
    }

    private sealed record ClientResult(List<double> Latencies, int Errors);

    private static async Task<ClientResult> ClientAsync(HttpClient http, string path, CancellationToken stop)
    {
        var latencies = new List<double>();
        var errors = 0;
        // The body is read to its end into one buffer per client, as a browser streams it to disk or to its parser: reading it
        // into a new array per answer would put a large-object allocation (the CSV is ~150 KB) and its GC on this machine's
        // cores, a cost a remote client does not put on the server's.
        var buffer = new byte[64 * 1024];
        while (!stop.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, CancellationToken.None);
                await using var body = await response.Content.ReadAsStreamAsync(CancellationToken.None);
                while (await body.ReadAsync(buffer, CancellationToken.None) > 0)
                {
                }
                if (response.StatusCode == HttpStatusCode.OK)
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                else
                    errors++;
            }
            catch (HttpRequestException)
            {
                errors++;
            }
        }
        return new ClientResult(latencies, errors);
    }

    /// <summary>The DX team's board, again and again until the load stops: each run's wall time.</summary>
    private static async Task<List<double>> StaffAsync(BenchDatabase database, BenchQuestion question, CancellationToken stop)
    {
        var times = new List<double>();
        var query = new BoardQuery(database, new FixedClock(question.UtcNow));
        while (!stop.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            await query.LoadAsync(question.Year, ct: CancellationToken.None);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        times.Sort();
        return times;
    }

    /// <summary>The p-th quantile of ascending values (nearest rank); NaN when there are none.</summary>
    internal static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
