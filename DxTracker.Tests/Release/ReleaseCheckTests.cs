using System.Diagnostics;
using System.Text;
using DxTracker.Tests.Support;
using Microsoft.Playwright;

namespace DxTracker.Tests.Release;

/// <summary>Publishes the app once, then runs scripts/release-check.sh on that output (the published app in Production on a
/// fresh data folder and on the v1 SQLite database) and measures a first visit in Chromium on it, so CI's totals count both.
/// It publishes and starts the app on SQLite itself: trait Database=Sqlite keeps it to the SQLite pass; trait Release=Check
/// lets a local run leave it out (--filter "Release!=Check").</summary>
[Trait("Database", "Sqlite")]
[Trait("Release", "Check")]
public sealed class ReleaseCheckTests(ITestOutputHelper output)
{
    /// <summary>Issue 21's target for a first visit: the sign-in page, then the home page, on an empty browser cache.</summary>
    public const long FirstVisitTargetBytes = 400_000;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "dxtracker-tests", "release-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task The_release_check_passes_on_a_published_build_and_a_first_visit_stays_within_400_KB()
    {
        var publish = Path.Combine(_root, "publish");
        try
        {
            await PublishAsync(publish);
            await ReleaseCheckAsync(publish);
            await FirstVisitAsync(publish);
        }
        finally
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
                // Left to the OS's temp cleaning.
            }
        }
    }

    private static async Task PublishAsync(string folder)
    {
        string[] args = ["publish", Path.Combine(Repository.Root, "DxTracker.App", "DxTracker.App.csproj"), "-c", "Release", "-o", folder, "-v", "q", "-nologo", "-clp:ErrorsOnly"];
        // The suite built in Release (scripts/test.sh does): publish that build rather than compile the app a second time.
        var (code, text) = await RunAsync("dotnet", Repository.Configuration == "Release" ? [.. args, "--no-build"] : args, new Dictionary<string, string>(), TimeSpan.FromMinutes(8));
        Assert.True(code == 0, "dotnet publish failed:\n" + text);
    }

    private static async Task ReleaseCheckAsync(string publish)
    {
        var (code, text) = await RunAsync("bash", [Path.Combine(Repository.Root, "scripts", "release-check.sh")],
            new Dictionary<string, string> { ["PUBLISHED"] = publish }, TimeSpan.FromMinutes(12));
        Assert.True(code == 0, text);
        Assert.DoesNotContain("FAIL - ", text);
        Assert.Contains("ok - v1's user signs in with the v1 password", text);
        Assert.Contains("release check passed", text);
    }

    /// <summary>A new installation's first user, in a browser with an empty cache: the sign-in page, the sign-in, the home
    /// page until its circuit is up. Counted: every response's headers and (encoded) body, and every WebSocket frame the
    /// browser received. Chromium asks plain http for gzip, not brotli, so a deployment behind HTTPS sends less.</summary>
    private async Task FirstVisitAsync(string publish)
    {
        const string email = "first-visit@release.example.jp", password = "first-visit-passphrase";
        var data = Path.Combine(_root, "data");
        var (code, text) = await AppProcess.CreateAdminAsync(data, email, "初回 訪問", password);
        Assert.True(code == 0, text);
        await using var app = await AppProcess.StartPublishedAsync(publish, data);
        var (playwright, browser) = await Browser.LaunchAsync();
        try
        {
            var context = await browser.NewContextAsync(new() { BaseURL = app.BaseAddress.ToString(), Locale = "ja-JP" });
            context.SetDefaultTimeout(Browser.Timeout);
            var page = await context.NewPageAsync();
            var responses = new List<IResponse>();
            long frames = 0;
            page.Response += (_, r) => responses.Add(r);
            page.WebSocket += (_, socket) => socket.FrameReceived += (_, f) => Interlocked.Add(ref frames, f.Binary?.Length ?? Encoding.UTF8.GetByteCount(f.Text ?? ""));
            await AppFixture.SignInAsync(page, email, password);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

            var rows = new List<(long Bytes, string Line)>();
            foreach (var response in responses.ToList())
            {
                var sizes = await response.Request.SizesAsync();
                var bytes = sizes.ResponseHeadersSize + Math.Max(0, sizes.ResponseBodySize);
                rows.Add((bytes, $"{bytes,9:N0}  {response.Status} {response.Headers.GetValueOrDefault("content-encoding", "-"),-5} {new Uri(response.Url).PathAndQuery}"));
            }
            var http = rows.Sum(r => r.Bytes);
            var total = http + Interlocked.Read(ref frames);
            var report = string.Join("\n", rows.OrderByDescending(r => r.Bytes).Select(r => r.Line))
                + $"\nHTTP {http:N0} bytes in {rows.Count} responses, WebSocket frames received {frames:N0} bytes: {total:N0} bytes (target ≤ {FirstVisitTargetBytes:N0})";
            output.WriteLine(report);
            Assert.True(rows.Count >= 5, "the first visit loaded almost nothing:\n" + report);
            Assert.True(total <= FirstVisitTargetBytes, "the first visit transferred too much:\n" + report);
        }
        finally
        {
            await browser.CloseAsync();
            playwright.Dispose();
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] args, Dictionary<string, string> environment, TimeSpan within)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Repository.Root };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        using var process = new Process { StartInfo = start };
        var text = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (text) text.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (text) text.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(within);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"`{file} {string.Join(' ', args)}` did not finish within {within.TotalMinutes:N0} minutes:\n{text}");
        }
        process.WaitForExit();
        lock (text)
            return (process.ExitCode, text.ToString());
    }
}
