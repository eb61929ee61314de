using System.Globalization;
using System.Runtime.InteropServices;
using DxTracker.App.Hosting;
using DxTracker.Domain.Demo;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reporting;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.App.Bench;

/// <summary>`bench [--scale 1[,5]] [--runs 5] [--seed 1] [--only import[,stalled]] [--provider Sqlite|Postgres --connection "Host=…"]`.</summary>
/// <param name="Only">Only the paths whose names contain one of these words (ignoring case); empty: all.</param>
/// <param name="Circuits">How many circuits the circuit benchmark opens; <paramref name="Rounds"/>: each interaction's repeats per circuit;
/// <paramref name="Warmup"/>: its unmeasured rounds before them at least (more until the JIT is quiet).</param>
internal sealed record BenchOptions(IReadOnlyList<double> Scales, int Runs, DatabaseProvider Provider, string? Connection, int Seed, IReadOnlyList<string> Only,
    int Circuits = 20, int Rounds = 5, int Warmup = 3, int LoadSeconds = PublicLoadBench.DefaultSeconds, int Crowd = 0, int Active = 50, int CrowdSeconds = 60, int Instances = 1)
{
    public const string Usage =
        "usage: bench [--scale 1[,5]] [--runs 5] [--seed 1] [--only word[,word] (parts of paths' names, e.g. import; circuits runs the circuit benchmark)] [--circuits 20] [--rounds 5] [--warmup 3 (a circuit row's unmeasured rounds at least; more until the JIT is quiet)] [--crowd 1000 --active 50 --crowd-seconds 60 --instances 1 (circuits: many open, some active; several instances on Postgres)] [--load-seconds 10 (per public page or file)] [--provider Sqlite|Postgres] [--connection \"Host=...;Username=...;Password=...\"]";

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions([1], 5, DatabaseProvider.Sqlite, null, 1, []);
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i].ToLowerInvariant() switch
            {
                "--scale" => options with { Scales = value.Split(',').Select(v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToList() },
                "--runs" => options with { Runs = int.Parse(value, CultureInfo.InvariantCulture) },
                "--seed" => options with { Seed = int.Parse(value, CultureInfo.InvariantCulture) },
                "--provider" => options with { Provider = Enum.Parse<DatabaseProvider>(value, ignoreCase: true) },
                "--connection" => options with { Connection = value },
                "--circuits" => options with { Circuits = int.Parse(value, CultureInfo.InvariantCulture) },
                "--rounds" => options with { Rounds = int.Parse(value, CultureInfo.InvariantCulture) },
                "--warmup" => options with { Warmup = int.Parse(value, CultureInfo.InvariantCulture) },
                "--load-seconds" => options with { LoadSeconds = int.Parse(value, CultureInfo.InvariantCulture) },
                "--crowd" => options with { Crowd = int.Parse(value, CultureInfo.InvariantCulture) },
                "--active" => options with { Active = int.Parse(value, CultureInfo.InvariantCulture) },
                "--crowd-seconds" => options with { CrowdSeconds = int.Parse(value, CultureInfo.InvariantCulture) },
                "--instances" => options with { Instances = int.Parse(value, CultureInfo.InvariantCulture) },
                "--only" => options with { Only = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
            i++;
        }
        if (options.Runs < 1 || options.Scales.Count == 0 || options.Circuits < 1 || options.Rounds < 1 || options.Warmup < 0 || options.LoadSeconds < 1)
            throw new ArgumentException("--runs, --circuits, --rounds and --load-seconds must be at least 1, --warmup at least 0, and --scale must name a scale.");
        if (options.Crowd < 0 || options.Crowd > 0 && (options.Active < 1 || options.Active > options.Crowd || options.CrowdSeconds < 1))
            throw new ArgumentException("--crowd needs --active between 1 and the crowd, and --crowd-seconds of at least 1.");
        if (options.Instances < 1 || options.Instances > 1 && options.Provider != DatabaseProvider.Postgres)
            throw new ArgumentException("--instances above 1 needs --provider Postgres (SQLite serves one process per data folder).");
        if (options.Provider == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(options.Connection))
            throw new ArgumentException("--provider Postgres needs --connection (a server connection string; the user needs CREATEDB).");
        return options;
    }
}

/// <summary>The paths of the benchmark table, in order (the smoke test looks for these names).</summary>
internal static class BenchPaths
{
    public const string Inventory = "Inventory: first page, 2 filters + text search";
    public const string ProcedurePage = "Procedure page load";
    public const string Board = "Board: one fiscal year (as of March 31)";
    public const string ProfileBoard = "Board: procedure profile (today)";
    public const string Trend = "Trend over all years";
    public const string StalledScan = "Stalled-item scan (daily job)";
    public const string AnnualReport = "Annual Excel report";
    public const string Import = "Inventory import: validate + commit";

    public static IReadOnlyList<string> All { get; } = [Inventory, ProcedurePage, Board, ProfileBoard, Trend, StalledScan, AnnualReport, Import];

    /// <summary>A path without a baseline (one row after the table, with its target).</summary>
    public const string Organisation = "Organisation sheet (組織表) of 1,000 課 with heads: validate + commit";
}

/// <summary>One row of the table: the app's path beside its baseline.</summary>
internal sealed record BenchPath(string Name, Func<Task<string>> App, Func<Task<string>> Baseline, string BaselineKind, double? TargetMs, bool QueryPath,
    long? TargetBytes = null, Func<Task>? Prepare = null);

/// <summary>
/// Builds a synthetic city per scale in a throw-away database and prints one table: each heavy path's median time (after a
/// warm-up) beside a baseline measured in the same run — hand-written SQL for the queries, a streaming OpenXmlWriter for
/// the report — as a ratio, with the issue's targets.
/// </summary>
internal static class BenchCommand
{
    /// <summary>The import path's file: every procedure up to this many (the issue's 10,000 rows at scale 1 and above).</summary>
    public const int ImportRows = 10_000;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output)
    {
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            await output.WriteLineAsync(e.Message);
            await output.WriteLineAsync(BenchOptions.Usage);
            return 2;
        }
        // The app's default UI language: the report's headers and labels are Japanese.
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ja-JP");
#if DEBUG
        await output.WriteLineAsync("(Debug build: figures are slower than in Release; run with `dotnet run -c Release`.)");
#endif
        foreach (var scale in options.Scales)
            await RunScaleAsync(options, scale, output);
        await output.WriteLineAsync("Times are wall-clock medians; CPU = this process's CPU time in the same runs (all threads), which hardly grows when other programs share the cores.");
        await output.WriteLineAsync(Measurement.MemoryMethod + ".");
        return 0;
    }

    private static async Task RunScaleAsync(BenchOptions options, double scale, TextWriter output)
    {
        await using var database = await BenchDatabase.CreateAsync(options.Provider, options.Connection);
        var now = DateTime.UtcNow;
        SyntheticCityResult city;
        var cpu = Environment.CpuUsage.TotalTime;
        await using (var db = database.CreateDbContext())
            city = await SyntheticCity.GenerateAsync(db, scale, options.Seed, now);
        cpu = Environment.CpuUsage.TotalTime - cpu;
        await database.AnalyzeAsync();
        var question = await QuestionAsync(database, now, options.Seed);

        await output.WriteLineAsync();
        await output.WriteLineAsync(Invariant($"### {await ServerAsync(database)}, scale {scale}: {city.Describe()}"));
        await output.WriteLineAsync(Invariant(
            $"City generated in {city.Elapsed.TotalSeconds:0.0} s ({cpu.TotalSeconds:0.0} s of this process's CPU). Median of {options.Runs} run(s) after one warm-up; {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}."));
        await output.WriteLineAsync();
        await output.WriteLineAsync("| path | app | baseline | app ÷ baseline | target | met | answers |");
        await output.WriteLineAsync("|---|---:|---:|---:|---|---|---|");
        foreach (var path in Paths(database, question, city).Where(p => options.Only.Count == 0
                     || options.Only.Any(word => p.Name.Contains(word, StringComparison.OrdinalIgnoreCase))))
        {
            // The app first: the stall scan's warm-up writes today's reminders, then both answer the steady-state question.
            var app = await Measurement.RunAsync(path.App, options.Runs, path.TargetBytes is not null, path.Prepare);
            var baseline = await Measurement.RunAsync(path.Baseline, options.Runs, path.TargetBytes is not null, path.Prepare);
            await output.WriteLineAsync(Row(path, app, baseline));
        }
        if (options.Only.Count == 0 || options.Only.Any(word => BenchPaths.Organisation.Contains(word, StringComparison.OrdinalIgnoreCase)))
        {
            // No baseline: the organisation sheet is set-up work, judged by its target alone.
            var files = new OrganisationFiles(database);
            var organisation = await Measurement.RunAsync(() => new AppPaths(database, question).OrganisationAsync(files), options.Runs, false, files.NextAsync);
            var met = organisation.MedianMs <= OrganisationTargetMs ? "yes" : Invariant($"no: {organisation.MedianMs / OrganisationTargetMs:0.0}× over time");
            await output.WriteLineAsync(Invariant($"| {BenchPaths.Organisation} | {Format(organisation)} | — | — | ≤ {OrganisationTargetMs:N0} ms | {met} | app: {organisation.Answer} |"));
        }
        if (options.Only.Count == 0 || options.Only.Any(word => InvitationBench.Name.Contains(word, StringComparison.OrdinalIgnoreCase)))
            await InvitationBench.RunAsync(database, question, options.Runs, output);
        await output.WriteLineAsync();
        if (options.Only.Count == 0 || options.Only.Any(word => DemoBench.Name.Contains(word, StringComparison.OrdinalIgnoreCase)))
            await DemoBench.RunAsync(database, output);
        if (options.Only.Count == 0 || options.Only.Any(word => PublicLoadBench.Name.Contains(word, StringComparison.OrdinalIgnoreCase)))
            await PublicLoadBench.RunAsync(database, question, options.LoadSeconds, output);
        // Only when asked for (it starts the app and opens many circuits): `--only circuits`.
        if (options.Only.Any(word => CircuitBench.Name.Contains(word, StringComparison.OrdinalIgnoreCase)))
            await CircuitBench.RunAsync(database, question, options.Circuits, options.Rounds, new Warmup(options.Warmup, Math.Max(options.Warmup, CircuitBench.MaxWarmupRounds)), output,
                options.Crowd > 0 ? new Crowd(options.Crowd, options.Active, options.CrowdSeconds, options.Instances) : null);
    }

    /// <summary>The issue's target for importing an organisation sheet of 1,000 課.</summary>
    private const double OrganisationTargetMs = 5_000;

    private static IEnumerable<BenchPath> Paths(BenchDatabase database, BenchQuestion question, SyntheticCityResult city)
    {
        var sql = new SqlBaselines(database, question);
        var app = new AppPaths(database, question);
        var files = new ImportFiles(database, Math.Min(ImportRows, city.Procedures));
        yield return new BenchPath(BenchPaths.Inventory, app.InventoryPageAsync, sql.InventoryPageAsync, "SQL", 50, true);
        yield return new BenchPath(BenchPaths.ProcedurePage, app.ProcedurePageAsync, sql.ProcedurePageAsync, "SQL", null, true);
        yield return new BenchPath(BenchPaths.Board, app.BoardAsync, sql.BoardAsync, "SQL", 200, true);
        yield return new BenchPath(BenchPaths.ProfileBoard, app.ProfileBoardAsync, sql.ProfileBoardAsync, "SQL", 200, true);
        yield return new BenchPath(BenchPaths.Trend, app.TrendAsync, sql.TrendAsync, "SQL", null, true);
        yield return new BenchPath(BenchPaths.StalledScan, app.StalledScanAsync, sql.StalledScanAsync, "SQL", 200, true);
        yield return new BenchPath(BenchPaths.AnnualReport, app.AnnualReportAsync, sql.AnnualReportAsync, "OpenXmlWriter", 5000, false, 500L * 1024 * 1024);
        yield return new BenchPath(Invariant($"{BenchPaths.Import} of {files.Rows:N0} rows"), () => app.ImportAsync(files),
            () => ImportBaseline.RunAsync(database, files.Current, "bench", question.UtcNow), "OpenXmlReader + SQL", 10_000, false, Prepare: files.NextAsync);
    }

    /// <summary>The first division, two active statuses and a common word; the procedure with the longest history; the last
    /// completed fiscal year.</summary>
    internal static async Task<BenchQuestion> QuestionAsync(BenchDatabase database, DateTime utcNow, int seed)
    {
        await using var db = database.CreateDbContext();
        var division = await db.Divisions.OrderBy(d => d.Id).Select(d => d.Id).FirstAsync();
        var procedure = await db.StatusChanges.GroupBy(s => s.ProcedureId)
            .Select(g => new { Id = g.Key, Count = g.Count() })
            .OrderByDescending(x => x.Count).ThenBy(x => x.Id).Select(x => x.Id).FirstAsync();
        return new BenchQuestion(division, [ProcedureStatus.UnderReview, ProcedureStatus.ObjectionRaised], "届", 50, procedure,
            FiscalYear.Of(utcNow).Previous, utcNow, SyntheticCity.DxTeamUserId(seed));
    }

    private static string Row(BenchPath path, Sample app, Sample baseline)
    {
        var ratio = app.MedianMs / baseline.MedianMs;
        var target = new List<string>();
        var met = new List<string>();
        if (path.TargetMs is { } ms)
        {
            target.Add(Invariant($"≤ {ms:N0} ms"));
            if (app.MedianMs > ms)
                met.Add(Invariant($"{app.MedianMs / ms:0.0}× over time"));
        }
        if (path.TargetBytes is { } bytes)
        {
            target.Add(Invariant($"≤ {bytes / 1048576.0:N0} MB"));
            if (app.PeakHeapBytes > bytes)
                met.Add("over memory");
        }
        if (path.QueryPath)
        {
            target.Add("≤ 2× baseline");
            if (ratio > 2)
                met.Add(Invariant($"{ratio:0.0}× baseline"));
        }
        var answers = app.Answer == baseline.Answer ? $"same: {app.Answer}" : $"app: {app.Answer}; {path.BaselineKind}: {baseline.Answer}";
        return Invariant($"| {path.Name} | {Format(app)} | {Format(baseline)} | {ratio:0.00} | {string.Join(", ", target)} | {(met.Count == 0 ? "yes" : "no: " + string.Join(", ", met))} | {answers} |");
    }

    internal static string Format(Sample s) =>
        Invariant($"{s.MedianMs:N1} ms (CPU {s.MedianCpuMs:N1})") + (s.PeakHeapBytes is { } b ? Invariant($", peak heap {b / 1048576.0:N0} MB") : "");

    private static async Task<string> ServerAsync(BenchDatabase database)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = database.Provider == DatabaseProvider.Postgres ? "SHOW server_version" : "SELECT sqlite_version()";
        var version = (await command.ExecuteScalarAsync())?.ToString()?.Split(' ')[0];
        return database.Provider == DatabaseProvider.Postgres ? $"PostgreSQL {version}" : $"SQLite {version}";
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
