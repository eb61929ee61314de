using System.Diagnostics;
using System.Text;

namespace DxTracker.Tests.Release;

/// <summary>Runs scripts/release-check.sh (publish, the published app in Production on a fresh data folder and on the v1
/// SQLite database), so CI's totals count it. It publishes and starts the app on SQLite itself: trait Database=Sqlite
/// keeps it to the SQLite pass; trait Release=Check lets a local run leave it out (--filter "Release!=Check").</summary>
[Trait("Database", "Sqlite")]
[Trait("Release", "Check")]
public sealed class ReleaseCheckTests
{
    [Fact]
    public async Task The_release_check_passes_on_a_published_build()
    {
        var script = Path.Combine(RepositoryRoot(), "scripts", "release-check.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        // The suite built in Release (scripts/test.sh does): publish that build rather than compile the app a second time.
        if (Configuration() == "Release")
            start.Environment["PUBLISH_NO_BUILD"] = "1";
        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(12));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The release check did not finish within 12 minutes:\n{output}");
        }
        process.WaitForExit();
        var text = output.ToString();
        Assert.True(process.ExitCode == 0, text);
        Assert.DoesNotContain("FAIL - ", text);
        Assert.Contains("ok - v1's user signs in with the v1 password", text);
        Assert.Contains("release check passed", text);
    }

    private static DirectoryInfo TestBin => new(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));

    /// <summary>.../DxTracker.Tests/bin/&lt;Configuration&gt;/&lt;tfm&gt;/ → the repository.</summary>
    private static string RepositoryRoot() => TestBin.Parent!.Parent!.Parent!.Parent!.FullName;

    /// <summary>.../bin/&lt;Configuration&gt;/&lt;tfm&gt;/ → the configuration this suite was built in.</summary>
    private static string Configuration() => TestBin.Parent!.Name;
}
