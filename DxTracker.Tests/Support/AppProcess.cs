using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace DxTracker.Tests.Support;

/// <summary>The real app as a separate OS process (`dotnet DxTracker.App.dll`, Production environment, SQLite in its
/// own data folder, or a test database's provider and connection), for tests that kill it, run its commands or run
/// several instances of it. No Hangfire state is shared with the test host.</summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output;

    private AppProcess(Process process, StringBuilder output, Uri baseAddress)
    {
        _process = process;
        _output = output;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }
    public string Output => _output.ToString();
    public bool HasExited => _process.HasExited;

    /// <summary>The app's own build output (beside the test project's), same configuration as the tests.</summary>
    public static string AppDll { get; } = FindAppDll();

    /// <summary>Starts the app on <paramref name="dataDirectory"/> and waits until /healthz answers 200.</summary>
    public static Task<AppProcess> StartAsync(string dataDirectory, params string[] settings) =>
        StartAsync([.. CommonArgs(dataDirectory), .. settings]);

    /// <summary>Starts the app on <paramref name="dataDirectory"/> and waits up to <paramref name="healthyWithin"/> for /healthz
    /// (seeding the demo ward beside a busy test run takes longer than a bare start).</summary>
    public static Task<AppProcess> StartAsync(string dataDirectory, TimeSpan healthyWithin, params string[] settings) =>
        StartAsync([.. CommonArgs(dataDirectory), .. settings], healthyWithin: healthyWithin);

    /// <summary>Starts the app with extra environment variables of the process (e.g. the crash tests' switch).</summary>
    public static Task<AppProcess> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string> environment, params string[] settings) =>
        StartAsync([.. CommonArgs(dataDirectory), .. settings], environment);

    /// <summary>Starts the app on <paramref name="database"/> (its provider, connection string and data folder) and waits
    /// until /healthz answers 200.</summary>
    public static Task<AppProcess> StartAsync(TestDatabase database, params string[] settings) =>
        StartAsync([.. SettingsOf(database), .. settings]);

    /// <summary>Starts a published copy of the app (<c>dotnet publish</c> output: its wwwroot holds the packages' assets,
    /// precompressed) on <paramref name="dataDirectory"/>, Production, and waits until /healthz answers 200.</summary>
    public static Task<AppProcess> StartPublishedAsync(string publishFolder, string dataDirectory) =>
        StartAsync([.. CommonArgs(dataDirectory)], appDll: Path.Combine(publishFolder, "DxTracker.App.dll"));

    private static string[] SettingsOf(TestDatabase database) => [.. database.AppSettings.Select(s => $"--{s.Key}={s.Value}"), .. HostArgs];

    private static async Task<AppProcess> StartAsync(string[] args, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? healthyWithin = null,
        string? appDll = null)
    {
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var (process, output) = Launch([$"--urls={baseAddress}", .. args], environment, appDll);
        var app = new AppProcess(process, output, baseAddress);
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + (healthyWithin ?? TimeSpan.FromSeconds(90));
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"The app exited with {process.ExitCode}:\n{output}");
            try
            {
                using var response = await http.GetAsync("/healthz");
                if (response.StatusCode == HttpStatusCode.OK)
                    return app;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // busy machine
            }
            await Task.Delay(200);
        }
        await app.DisposeAsync();
        throw new TimeoutException($"The app did not become healthy:\n{output}");
    }

    /// <summary>Runs a command of the app (backup, restore, ...) on <paramref name="dataDirectory"/>: exit code and output.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(string dataDirectory, params string[] args) =>
        WaitAsync(Launch([.. args, .. CommonArgs(dataDirectory)]));

    /// <summary>Runs the app (a command, or the server with no command) on <paramref name="database"/> until it exits: exit
    /// code and output.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(TestDatabase database, params string[] args) =>
        WaitAsync(Launch([.. args, .. SettingsOf(database)]));

    /// <summary>`create-admin`: a DxTeam user of a real installation (the password goes through the environment, as documented).</summary>
    public static Task<(int ExitCode, string Output)> CreateAdminAsync(string dataDirectory, string email, string name, string password) =>
        WaitAsync(Launch(["create-admin", email, name, .. CommonArgs(dataDirectory)], new Dictionary<string, string> { ["DXTRACKER_ADMIN_PASSWORD"] = password }));

    private static async Task<(int ExitCode, string Output)> WaitAsync((Process Process, StringBuilder Output) command)
    {
        await Waiting.ForExitAsync(command.Process, $"the command `{string.Join(' ', command.Process.StartInfo.ArgumentList.Skip(1).Take(2))}`", TimeSpan.FromMinutes(3));
        return (command.Process.ExitCode, command.Output.ToString());
    }

    /// <summary>Starts a command without waiting, for killing it half-way.</summary>
    public static Process Begin(string dataDirectory, params string[] args) => BeginWithOutput(dataDirectory, args).Process;

    /// <summary>Starts a command without waiting, with what it has printed so far.</summary>
    public static (Process Process, Func<string> Output) BeginWithOutput(string dataDirectory, params string[] args) =>
        BeginWithOutput(dataDirectory, new Dictionary<string, string>(), args);

    /// <summary>Starts a command without waiting, with extra environment variables of the process.</summary>
    public static (Process Process, Func<string> Output) BeginWithOutput(string dataDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        // The settings follow the command's arguments; an environment the caller names (the crash tests' Staging) wins over
        // the default Production, which would otherwise come last and override it.
        var common = CommonArgs(dataDirectory).Where(a => !a.StartsWith("--environment=", StringComparison.Ordinal)
            || !args.Any(g => g.StartsWith("--environment=", StringComparison.Ordinal)));
        var (process, output) = Launch([.. args, .. common], environment);
        return (process, () =>
        {
            lock (output)
                return output.ToString();
        });
    }

    /// <summary>The hidden inputs of a server-rendered form (the antiforgery token among them), by name.</summary>
    public static Dictionary<string, string> HiddenFields(string html) =>
        HiddenInput().Matches(html).ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenInput();

    /// <summary>SIGKILL: no shutdown code runs, as in a power cut or an OOM kill.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        if (!_process.WaitForExit(TimeSpan.FromSeconds(60)))
            throw new TimeoutException("Waited 60 s for the killed app to exit; it did not.");
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>A fingerprint of every row of every table of a SQLite file (for "identical data"), leaving out the audit
    /// rows of <paramref name="exceptAuditAction"/> when given.</summary>
    public static string Fingerprint(string databaseFile, string? exceptAuditAction = null)
    {
        using var connection = new SqliteConnection($"Data Source={databaseFile};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            using var reader = list.ExecuteReader();
            while (reader.Read())
                tables.Add(reader.GetString(0));
        }
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var table in tables)
        {
            using var rows = connection.CreateCommand();
            rows.CommandText = $"SELECT * FROM \"{table}\" ORDER BY 1";
            if (exceptAuditAction is not null && table == "AuditEntries")
            {
                rows.CommandText = "SELECT * FROM \"AuditEntries\" WHERE Action <> $action ORDER BY 1";
                rows.Parameters.AddWithValue("$action", exceptAuditAction);
            }
            using var reader = rows.ExecuteReader();
            hash.AppendData(Encoding.UTF8.GetBytes("#" + table));
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                    hash.AppendData(Encoding.UTF8.GetBytes(Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) + "\u001f"));
            }
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private static string[] CommonArgs(string dataDirectory) =>
        [$"--Data:Directory={dataDirectory}", "--Database:Provider=Sqlite", .. HostArgs];

    private static readonly string[] HostArgs = ["--environment=Production", "--Logging:LogLevel:Default=Warning"];

    private static (Process Process, StringBuilder Output) Launch(string[] args, IReadOnlyDictionary<string, string>? environment = null, string? appDll = null)
    {
        var dll = appDll ?? AppDll;
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        var output = new StringBuilder();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, output);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindAppDll()
    {
        // .../DxTracker.Tests/bin/<Configuration>/<tfm>/ → .../DxTracker.App/bin/<Configuration>/<tfm>/DxTracker.App.dll
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = testBin.Name;
        var configuration = testBin.Parent!.Name;
        var root = testBin.Parent.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(root, "DxTracker.App", "bin", configuration, tfm, "DxTracker.App.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the solution first: the app's own output is needed.", dll);
    }
}
