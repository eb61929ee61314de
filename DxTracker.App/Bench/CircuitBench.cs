using System.Diagnostics;
using System.Globalization;
using DxTracker.App.Bench.Circuits;
using DxTracker.App.Hosting;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reporting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.App.Bench;

/// <summary>
/// What a signed-in user costs the server: the app in its own process on the bench city, <c>circuits</c> circuits opened by
/// <see cref="CircuitClient"/> (one per simulated tab, all signed in as the city's first DX team member), then each main
/// interaction <c>rounds</c> times per circuit, all circuits at once. Per interaction: the app process's CPU time over the
/// phase ÷ interactions (CPU, not wall time: the machine is shared), the client's round trip (event sent → the render batch
/// that shows the result) at p50/p95, and beside it the same query's CPU alone (as the rows above measure it). Memory: the
/// app's managed heap after a full collection with the circuits open and idle, minus the same before they opened, ÷ circuits.
/// </summary>
internal static partial class CircuitBench
{
    public const string Name = "Circuits";
    public const string Password = "bench-circuit-password-2026";
    public const string OpenRow = "Open the inventory (new circuit: prerender + circuit start)";
    public const string SearchRow = "Inventory search (type a word)";
    public const string PageRow = "Inventory page change";
    public const string ProcedureRow = "Procedure page open (link from the inventory)";
    public const string MoveRow = "Status move (open the dialog, pick the target, confirm; the page reloads)";
    public const string CancelRow = "Status move cancelled (open the dialog, pick, cancel)";
    public const string YearRow = "Board year change (open the select, pick a year)";
    public const string OpenProcedureRow = "Open a procedure page by its address (new circuit: prerender + circuit start)";
    public const string OpenBoardRow = "Open the board by its address (new circuit: prerender + circuit start)";
    public const string MemoryRow = "Managed memory per idle circuit (after a full GC, on the inventory)";

    /// <summary>The app's settings for the benchmark: its bench endpoints on, and sign-ins not limited.</summary>
    private static readonly string[] AppSettings = ["--" + BenchEndpoints.Setting + "=true", "--Security:SignInPermitsPerMinute=1000"];

    private const string TableHeader =
        "| interaction | server CPU per interaction | round trip p50 | round trip p95 | interactions | the query alone (CPU, in-process) | target | met | warm-up rounds | of the CPU, JIT compilation | load average (1 min) |\n"
        + "|---|---:|---:|---:|---:|---:|---|---|---:|---:|---:|";

    /// <summary>A row's warm-up rounds at most. With tiered PGO (the runtime's default) the JIT goes on rejitting hot code for
    /// 20–30 s of steady use: in the runs so far it fell quiet after 40–100 rounds of a row.</summary>
    public const int MaxWarmupRounds = 150;

    /// <summary>A row's warm-up ends once its last rounds, taking <see cref="QuietSeconds"/> or more together, compiled at most
    /// this much (ms) per interaction: the JIT is then quiet.</summary>
    private const double QuietJitMsPerInteraction = 0.5, QuietSeconds = 1;

    /// <summary>An opening row's warm-up rounds at most: each is <c>circuits</c> openings one after another (about 10 s for 20).</summary>
    private const int MaxOpeningWarmupRounds = 3;

    /// <summary>Every row the benchmark prints, in order.</summary>
    public static IReadOnlyList<string> Rows { get; } =
        [OpenRow, PageRow, SearchRow, ProcedureRow, MoveRow, CancelRow, YearRow, OpenProcedureRow, OpenBoardRow, MemoryRow];

    /// <summary>The runs of each in-process query measured beside the rows (after one warm-up).</summary>
    private const int QueryRuns = 5;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The targets (scale 1, SQLite, this machine): server CPU per interaction, memory per idle circuit.</summary>
    public const double SearchTargetMs = 15, PageOpenTargetMs = 20, StatusMoveTargetMs = 30, IdleCircuitTargetMiB = 1;

    /// <returns>What the status rows did, for checking in the database: each move (procedure, from, to) and each procedure
    /// whose move was cancelled, with its version before the cancels.</returns>
    /// <param name="crowd">When given, after the rows: many circuits open, some of them active (<see cref="CrowdAsync"/>).</param>
    /// <param name="warmup">Each row's unmeasured rounds of its interaction (an opening row's: of <paramref name="circuits"/> openings)
    /// before its measured ones: at least <see cref="Warmup.Min"/>, then until the JIT is quiet, at most <see cref="Warmup.Max"/>. In a
    /// newly started app the JIT recompiles its hot code (tiered compilation) for the first 10–20 s of use, which cost two to three
    /// times a running server's CPU per interaction.</param>
    public static async Task<CircuitRun> RunAsync(BenchDatabase database, BenchQuestion question, int circuits, int rounds, Warmup warmup, TextWriter output, Crowd? crowd = null)
    {
        var email = await GivePasswordAsync(database, question.DxTeamUserId);
        // The warm-up circuit's move, the in-process query's runs, and each circuit's moves in the move row's rounds.
        var scenario = await ScenarioAsync(database, question, circuits * (warmup.Min + rounds) + 1 + QueryRuns + 1, circuits * (warmup.Max + rounds) + 1 + QueryRuns + 1);
        var (otherProcedure, searches) = (scenario.Other, scenario.Searches);
        var moves = new Queue<Movable>(scenario.Movable);
        await using var app = await BenchApp.StartAsync(database, AppSettings);
        var cookie = await CircuitClient.SignInAsync(app.BaseAddress, email, Password);
        var moved = new List<Movable>();

        // Warm-up: one circuit does every interaction once (JIT, EF's query cache, MudBlazor's first renders), then closes.
        await using (var warm = await CircuitClient.OpenAsync(app.BaseAddress, cookie, Interactions.InventoryPath, Timeout))
        {
            await PageAsync(warm, next: true);
            await SearchAsync(warm, searches[0]);
            await OpenProcedureAsync(warm, question.ProcedureId);
            await OpenProcedureAsync(warm, otherProcedure);
            var first = moves.Dequeue();
            await GoToMovableAsync(warm, first);
            await CancelMoveAsync(warm);
            await MoveAsync(warm, first);
            moved.Add(first);
            await GoToBoardAsync(warm);
            await ChangeYearAsync(warm, scenario.Years[0]);
            await warm.CloseAsync();
        }
        var heapBefore = await app.HeapBytesAsync();

        var clients = new List<CircuitClient>();
        try
        {
            var openCpu = await app.CpuTimeAsync();
            foreach (var _ in Enumerable.Range(0, circuits))
                clients.Add(await CircuitClient.OpenAsync(app.BaseAddress, cookie, Interactions.InventoryPath, Timeout));
            var openMs = (await app.CpuTimeAsync() - openCpu).TotalMilliseconds / circuits;
            await Task.Delay(1000); // idle: the first renders' after-render work done
            var perCircuit = (await app.HeapBytesAsync() - heapBefore) / (double)circuits / 1048576;

            await output.WriteLineAsync();
            await output.WriteLineAsync(Invariant(
                $"{Name}: {circuits} circuits (the app in its own process, Production, Kestrel; a protocol-level load client, one circuit per simulated tab), each interaction {rounds} time(s) per circuit, all circuits at once, round by round, after unmeasured warm-up rounds of the same (an opening row's: of {circuits} openings): at least {warmup.Min}, then until the last rounds, a second or more together, compiled at most {QuietJitMsPerInteraction} ms per interaction (the JIT quiet), at most {warmup.Max} ({MaxOpeningWarmupRounds} for an opening row), so that the figures are a running server's, not a newly started one's (the JIT's column: its compilation time in the measured rounds, per interaction). Server CPU = the app process's CPU time over the interactions ÷ interactions (a status move's navigation to its procedure is outside it); round trip = first event sent → the render batch showing the result (a search's 400 ms pause after the last key is the browser's, before its event; a move or a year change is several events, one after another). Load average at the start: {LoadAverage()}."));
            await output.WriteLineAsync();
            await output.WriteLineAsync(TableHeader);
            await output.WriteLineAsync(Invariant($"| {OpenRow} | {openMs:N1} ms | — | — | {circuits} | — | — | — | — | — | {LoadAverage()} |"));

            var paths = new AppPaths(database, question);
            // The page change first: on the whole inventory (a search may leave a single page).
            await RowAsync(output, app, clients, warmup, rounds, PageRow, (c, _, i) => PageAsync(c, next: i % 2 == 0), null, null);
            await RowAsync(output, app, clients, warmup, rounds, SearchRow, (c, _, i) => SearchAsync(c, searches[i % searches.Count]),
                await QueryCpuAsync(paths.InventoryPageAsync), SearchTargetMs);
            var ids = new[] { question.ProcedureId, otherProcedure };
            await RowAsync(output, app, clients, warmup, rounds, ProcedureRow, (c, _, i) => OpenProcedureAsync(c, ids[i % 2]),
                await QueryCpuAsync(paths.ProcedurePageAsync), PageOpenTargetMs);

            // Each round each circuit goes to the next procedure to move (outside the measure) and moves it; then cancels a
            // move on the procedure it is left on, which must not change. The warm-up takes no more rounds than there are
            // procedures to move.
            var moveQueryMs = await QueryCpuAsync(() => paths.StatusMoveAsync(moves.Dequeue()));
            var mine = clients.Select(_ => new List<Movable>()).ToList();
            await RowAsync(output, app, clients, warmup with { Max = Math.Min(warmup.Max, moves.Count / circuits - rounds) }, rounds, MoveRow,
                (c, k, _) => MoveAsync(c, mine[k][^1]), moveQueryMs, StatusMoveTargetMs, (c, k, _) =>
                {
                    lock (moves)
                        mine[k].Add(moves.Dequeue());
                    return GoToMovableAsync(c, mine[k][^1]);
                });
            moved.AddRange(mine.SelectMany(m => m));
            var cancelled = await VersionsAsync(database, mine.Select(m => m[^1].Id));
            await RowAsync(output, app, clients, warmup, rounds, CancelRow, (c, _, _) => CancelMoveAsync(c), null, null);

            await Task.WhenAll(clients.Select(c => Task.Run(() => GoToBoardAsync(c))));
            await RowAsync(output, app, clients, warmup, rounds, YearRow, (c, _, i) => ChangeYearAsync(c, scenario.Years[i % 2]),
                await QueryCpuAsync(paths.BoardAsync), null);

            await OpeningsAsync(output, app, cookie, warmup, circuits, OpenProcedureRow, Invariant($"/procedures/{question.ProcedureId}"),
                await QueryCpuAsync(paths.ProcedurePageAsync));
            await OpeningsAsync(output, app, cookie, warmup, circuits, OpenBoardRow, Interactions.BoardPath,
                await QueryCpuAsync(paths.BoardAsync) + await QueryCpuAsync(paths.TrendAsync) + await QueryCpuAsync(paths.ProfileBoardAsync));

            var idleMet = perCircuit <= IdleCircuitTargetMiB ? "yes" : Invariant($"no: {perCircuit / IdleCircuitTargetMiB:0.0}×");
            await output.WriteLineAsync(Invariant(
                $"| {MemoryRow} | {perCircuit:N2} MiB | — | — | {circuits} circuits | — | ≤ {IdleCircuitTargetMiB:N0} MiB | {idleMet} | — | — | {LoadAverage()} |"));
            await output.WriteLineAsync();
            await output.WriteLineAsync("The query alone: a status move's is the app's write and the page's reload; a year change's the board of one closed year; opening the board, that board, the trend and the profile panel (each once).");
            await output.WriteLineAsync();
            if (crowd is not null)
            {
                foreach (var client in clients)
                    await client.DisposeAsync();
                clients.Clear();
                await CrowdAsync(output, database, app, cookie, crowd, warmup, ids);
            }
            return new CircuitRun(moved, cancelled);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            throw new InvalidOperationException(e.Message + "\n" + app.Diagnostics, e);
        }
        finally
        {
            foreach (var client in clients)
                await client.DisposeAsync();
        }
    }

    /// <param name="interaction">Circuit, its index, round (counting the warm-up's) → the round trip.</param>
    /// <param name="prepare">Runs before each round on every circuit, outside the measure (e.g. going to the next procedure).</param>
    private static async Task RowAsync(TextWriter output, BenchApp app, List<CircuitClient> clients, Warmup warmup, int rounds, string name,
        Func<CircuitClient, int, int, Task<TimeSpan>> interaction, double? queryCpuMs, double? targetMs, Func<CircuitClient, int, int, Task>? prepare = null)
    {
        var load = LoadAverage();
        var round = 0;
        // A round: each circuit on a thread of its own, all at once.
        var result = await MeasureAsync(app, warmup, rounds, clients.Count, async () =>
        {
            var i = round++;
            if (prepare is not null)
                await Task.WhenAll(clients.Select((c, k) => Task.Run(() => prepare(c, k, i))));
            return () => Task.WhenAll(clients.Select((c, k) => Task.Run(async () => (await interaction(c, k, i)).TotalMilliseconds)));
        });
        var perInteraction = result.Cpu.TotalMilliseconds / result.Times.Count;
        var met = targetMs is not { } target ? "—" : perInteraction <= target ? "yes" : Invariant($"no: {perInteraction / target:0.0}×");
        await output.WriteLineAsync(Invariant(
            $"| {name} | {perInteraction:N1} ms | {PublicLoadBench.Percentile(result.Times, 0.5):N0} ms | {PublicLoadBench.Percentile(result.Times, 0.95):N0} ms | {result.Times.Count} | {QueryCell(queryCpuMs)} | {(targetMs is { } t ? Invariant($"≤ {t:N0} ms CPU") : "—")} | {met} | {result.WarmupRounds} | {result.JitMs / result.Times.Count:N1} ms | {load} |"));
    }

    /// <summary>Opens <paramref name="circuits"/> new tabs on <paramref name="path"/> one after another (the prerendered page, then
    /// its circuit), closing each: server CPU per opening, and the time from the page's request to the circuit's first render.</summary>
    private static async Task OpeningsAsync(TextWriter output, BenchApp app, string cookie, Warmup warmup, int circuits, string name, string path, double queryCpuMs)
    {
        var load = LoadAverage();
        var result = await MeasureAsync(app, warmup with { Max = Math.Min(warmup.Max, MaxOpeningWarmupRounds) }, 1, circuits, () => Task.FromResult<Func<Task<double[]>>>(async () =>
        {
            var times = new double[circuits];
            for (var i = 0; i < circuits; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var client = await CircuitClient.OpenAsync(app.BaseAddress, cookie, path, Timeout);
                times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                await Task.Delay(200); // the first render's after-render work
                await client.CloseAsync();
            }
            return times;
        }));
        await output.WriteLineAsync(Invariant(
            $"| {name} | {result.Cpu.TotalMilliseconds / circuits:N1} ms | {PublicLoadBench.Percentile(result.Times, 0.5):N0} ms | {PublicLoadBench.Percentile(result.Times, 0.95):N0} ms | {circuits} | {QueryCell(queryCpuMs)} | — | — | {result.WarmupRounds} | {result.JitMs / circuits:N1} ms | {load} |"));
    }

    /// <summary>Runs rounds: the warm-up's (<paramref name="warmup"/>), then <paramref name="rounds"/> measured ones; their round
    /// trips, the app's CPU time and its JIT's compilation time in the measured rounds.</summary>
    /// <param name="perRound">The interactions in a round (what the warm-up's quiet JIT is per).</param>
    /// <param name="prepareRound">Prepares a round (outside the measure) and gives it: it answers its round trips.</param>
    private static async Task<Measured> MeasureAsync(BenchApp app, Warmup warmup, int rounds, int perRound, Func<Task<Func<Task<double[]>>>> prepareRound)
    {
        async Task<(double[] Times, TimeSpan Cpu, double JitMs, TimeSpan Took)> RoundAsync()
        {
            var run = await prepareRound();
            var jit = await app.JitMsAsync();
            var (cpu, started) = (await app.CpuTimeAsync(), Stopwatch.GetTimestamp());
            var times = await run();
            var took = Stopwatch.GetElapsedTime(started);
            var spent = await app.CpuTimeAsync() - cpu;
            return (times, spent, await app.JitMsAsync() - jit, took);
        }

        // The JIT promotes methods in batches, every 100 ms or more: quiet means quiet over the last rounds that took a second
        // or more together, not one round that fell between two batches.
        var warm = 0;
        var recent = new Queue<(double JitMs, TimeSpan Took)>();
        for (var quiet = false; warm < warmup.Min || !quiet && warm < warmup.Max; warm++)
        {
            var (_, _, jitMs, took) = await RoundAsync();
            recent.Enqueue((jitMs, took));
            while (recent.Count > 1 && recent.Skip(1).Sum(r => r.Took.TotalSeconds) >= QuietSeconds)
                recent.Dequeue();
            quiet = recent.Sum(r => r.Took.TotalSeconds) >= QuietSeconds && recent.Sum(r => r.JitMs) <= QuietJitMsPerInteraction * perRound * recent.Count;
        }
        var (allTimes, allCpu, allJitMs) = (new List<double>(), TimeSpan.Zero, 0.0);
        for (var i = 0; i < rounds; i++)
        {
            var (times, cpu, jitMs, _) = await RoundAsync();
            (allCpu, allJitMs) = (allCpu + cpu, allJitMs + jitMs);
            allTimes.AddRange(times);
        }
        allTimes.Sort();
        return new Measured(warm, allTimes, allCpu, allJitMs);
    }

    /// <summary>What <see cref="MeasureAsync"/> measured: its warm-up rounds, then the measured rounds' round trips (sorted), the
    /// app's CPU time and its JIT's compilation time.</summary>
    private sealed record Measured(int WarmupRounds, List<double> Times, TimeSpan Cpu, double JitMs);

    private static string QueryCell(double? queryCpuMs) => queryCpuMs is { } q ? Invariant($"{q:N1} ms") : "—";

    /// <summary>Types <paramref name="word"/> into the inventory's search field, as the browser tells the server once typing pauses (a
    /// change event with the text); done when the grid shows other rows or another count.</summary>
    private static async Task<TimeSpan> SearchAsync(CircuitClient client, string word)
    {
        var before = client.Read(GridState);
        return await client.ExpectAsync(
            () => client.DispatchAsync(dom => SearchInput(dom), "change", new { value = word }),
            dom => GridState(dom) != before && client.Uri.Contains("q=", StringComparison.Ordinal), Timeout, $"the search for {word}");
    }

    /// <summary>The pager's next (or previous) page; done when the first row changed.</summary>
    private static async Task<TimeSpan> PageAsync(CircuitClient client, bool next)
    {
        var before = client.Read(GridState);
        return await client.ExpectAsync(
            () => client.DispatchAsync(dom => PagerButton(dom, next), "click", CircuitClient.Click),
            dom => GridState(dom) != before, Timeout, next ? "the next page" : "the previous page");
    }

    /// <summary>Follows a link to the procedure's page; done when its name shows.</summary>
    private static Task<TimeSpan> OpenProcedureAsync(CircuitClient client, int id)
    {
        var before = client.Read(ProcedureName);
        return client.ExpectAsync(() => client.NavigateAsync(Invariant($"/procedures/{id}")),
            dom => ProcedureName(dom) is { Length: > 0 } name && name != before, Timeout, Invariant($"procedure {id}"));
    }

    /// <summary>Follows a link to the procedure to be moved; done when its page shows it in the status it is to move from.</summary>
    private static Task GoToMovableAsync(CircuitClient client, Movable procedure) =>
        client.ExpectAsync(() => client.NavigateAsync(Invariant($"/procedures/{procedure.Id}")),
            dom => dom.Find("data-testid", Interactions.ProcedureStatus) is { } line
                && line.Attribute(Interactions.ProcedureIdAttribute) == Invariant($"{procedure.Id}")
                && line.Attribute(Interactions.StatusAttribute) == procedure.From.ToString()
                && dom.Find("data-testid", Interactions.MoveOpen) is not null,
            Timeout, Invariant($"procedure {procedure.Id} to move"));

    /// <summary>Moves the procedure on the page as a user does: the move button, the target's radio, the dialog's confirm; done
    /// when the dialog has closed and the page shows the new status.</summary>
    private static async Task<TimeSpan> MoveAsync(CircuitClient client, Movable procedure)
    {
        var took = await OpenMoveDialogAsync(client, procedure.To);
        took += await client.ExpectAsync(() => client.DispatchAsync(dom => MoveTarget(dom, procedure.To), "click", CircuitClient.Click),
            dom => dom.Find("data-testid", Interactions.MoveSubmit) is { } submit && !submit.Attributes.ContainsKey("disabled"), Timeout, "the move's confirm button enabled");
        took += await client.ExpectAsync(() => client.DispatchAsync(dom => dom.Find("data-testid", Interactions.MoveSubmit), "click", CircuitClient.Click),
            dom => dom.Find("data-testid", Interactions.MoveDialog) is null
                && dom.Find("data-testid", Interactions.ProcedureStatus)?.Attribute(Interactions.StatusAttribute) == procedure.To.ToString(),
            Timeout, Invariant($"procedure {procedure.Id} moved to {procedure.To}"));
        return took;
    }

    /// <summary>Opens the move dialog, picks the first target offered and cancels; done when the dialog has closed.</summary>
    private static async Task<TimeSpan> CancelMoveAsync(CircuitClient client)
    {
        var took = await OpenMoveDialogAsync(client, null);
        took += await client.ExpectAsync(() => client.DispatchAsync(dom => MoveTarget(dom, null), "click", CircuitClient.Click),
            dom => dom.Find("data-testid", Interactions.MoveSubmit) is { } submit && !submit.Attributes.ContainsKey("disabled"), Timeout, "the move's confirm button enabled");
        took += await client.ExpectAsync(() => client.DispatchAsync(dom => dom.Find("data-testid", Interactions.MoveCancel), "click", CircuitClient.Click),
            dom => dom.Find("data-testid", Interactions.MoveDialog) is null, Timeout, "the move dialog closed by its cancel button");
        return took;
    }

    private static Task<TimeSpan> OpenMoveDialogAsync(CircuitClient client, ProcedureStatus? target) =>
        client.ExpectAsync(() => client.DispatchAsync(dom => dom.Find("data-testid", Interactions.MoveOpen), "click", CircuitClient.Click),
            dom => MoveTarget(dom, target) is not null, Timeout, "the move dialog");

    /// <summary>The radio of <paramref name="target"/> (any target when null) in the move dialog (MudRadio's input, clicked).</summary>
    private static DomNode? MoveTarget(CircuitDom dom, ProcedureStatus? target) =>
        dom.Find("data-testid", Interactions.MoveDialog)?.Descendants().FirstOrDefault(e => e.Kind == DomNodeKind.Element
            && e.Attribute(Interactions.MoveTargetAttribute) is { } t && (target is null || t == target.ToString()) && e.Handlers.ContainsKey("click"));

    /// <summary>Follows the menu's link to the board; done when its figures show.</summary>
    private static Task GoToBoardAsync(CircuitClient client) =>
        client.ExpectAsync(() => client.NavigateAsync(Interactions.BoardPath),
            dom => dom.Find("data-testid", Interactions.BoardMetrics) is not null && BoardYearSelect(dom) is not null, Timeout, "the board");

    /// <summary>Picks <paramref name="year"/> in the board's select as a user does (a mouse press on the select, a click on the year in the
    /// list that opens); done when the figures are the year's.</summary>
    private static async Task<TimeSpan> ChangeYearAsync(CircuitClient client, int year)
    {
        var value = Invariant($"{year}");
        var took = await client.ExpectAsync(() => client.DispatchAsync(BoardYearSelect, "mousedown", MouseDown),
            dom => YearItem(dom, value) is not null, Timeout, Invariant($"the board's year list with {year}"));
        took += await client.ExpectAsync(() => client.DispatchAsync(dom => YearItem(dom, value), "click", CircuitClient.Click),
            dom => dom.Find("data-testid", Interactions.BoardMetrics)?.Attribute(Interactions.YearAttribute) == value, Timeout, Invariant($"the board of {year}"));
        return took;
    }

    private static readonly object MouseDown = new { detail = 1, button = 0, buttons = 1, type = "mousedown" };

    /// <summary>The element of the board's select that takes the mouse press (MudSelect's input control, around the test id).</summary>
    private static DomNode? BoardYearSelect(CircuitDom dom)
    {
        for (var node = dom.Find("data-testid", Interactions.BoardYear); node is not null; node = node.Parent)
            if (node.Handlers.ContainsKey("mousedown"))
                return node;
        return null;
    }

    /// <summary>The year's item in the select's open list (its element with the click handler).</summary>
    private static DomNode? YearItem(CircuitDom dom, string year) =>
        dom.Elements.Where(e => (e.Attribute("class") ?? "").Contains(Interactions.OpenPopoverClass, StringComparison.Ordinal))
            .SelectMany(p => p.Descendants())
            .Where(e => e.Attribute(Interactions.YearAttribute) == year)
            .SelectMany(e => e.Descendants())
            .FirstOrDefault(e => e.Handlers.ContainsKey("click"));

    private static string? ProcedureName(CircuitDom dom) => dom.Find("data-testid", Interactions.ProcedureName)?.Text();

    /// <summary>The grid's count line and first row's link: what a search or a page change alters.</summary>
    private static string GridState(CircuitDom dom) =>
        (dom.Find("data-testid", Interactions.InventoryCount)?.Text() ?? "") + "|" + (dom.Find("data-testid", Interactions.InventoryLink)?.Attribute("href") ?? "");

    private static DomNode? SearchInput(CircuitDom dom) =>
        dom.Find("data-testid", Interactions.SearchField)?.Descendants().FirstOrDefault(n => n.Name == "input" && n.Handlers.ContainsKey("change"));

    private static DomNode? PagerButton(CircuitDom dom, bool next)
    {
        var actions = dom.Elements.FirstOrDefault(e => (e.Attribute("class") ?? "").Contains(Interactions.PagerActionsClass, StringComparison.Ordinal));
        var buttons = actions?.Descendants().Where(e => e.Name == "button").ToList() ?? [];
        return buttons.Count >= 4 ? buttons[next ? Interactions.PagerNextIndex : Interactions.PagerPreviousIndex] : null;
    }

    /// <summary>The bench city's users have no password: the benchmark's user gets one (as <c>create-admin</c> would set it).</summary>
    private static async Task<string> GivePasswordAsync(BenchDatabase database, string userId)
    {
        await using var db = database.CreateDbContext();
        var user = await db.Users.SingleAsync(u => u.Id == userId);
        user.PasswordHash = new PasswordHasher<AppUser>().HashPassword(user, Password);
        await db.SaveChangesAsync();
        return user.Email!;
    }

    /// <summary>A second procedure to alternate with the question's, two searches that show different rows, at least
    /// <paramref name="movable"/> and up to <paramref name="wanted"/> procedures (not those two) that can be moved without more input
    /// (未検討 → 検討中, 検討中 → 対応中), and two closed fiscal years the board offers.</summary>
    private static async Task<Scenario> ScenarioAsync(BenchDatabase database, BenchQuestion question, int movable, int wanted)
    {
        await using var db = database.CreateDbContext();
        var other = await db.Procedures.Where(p => p.Id != question.ProcedureId).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
        var candidates = await db.Procedures
            .Where(p => p.Id != question.ProcedureId && p.Id != other && (p.Status == ProcedureStatus.NotConsidered || p.Status == ProcedureStatus.UnderReview))
            .OrderBy(p => p.Id).Take(wanted).Select(p => new { p.Id, p.Version, p.Status }).ToListAsync();
        if (candidates.Count < movable)
            throw new InvalidOperationException(Invariant($"The bench city has {candidates.Count} procedures to move, {movable} needed: fewer circuits or rounds, or a larger scale."));
        var board = await new BoardQuery(database, TimeProvider.System).LoadAsync();
        var years = board.Years.Where(y => y != board.Year).Select(y => y.Year).OrderDescending().Take(2).ToList();
        if (years.Count < 2)
            throw new InvalidOperationException("The bench city's board offers fewer than two closed fiscal years.");
        return new Scenario(other, [question.Search, Interactions.OtherSearch], years,
            candidates.Select(c => new Movable(c.Id, c.Version, c.Status, c.Status == ProcedureStatus.NotConsidered ? ProcedureStatus.UnderReview : ProcedureStatus.InProgress)).ToList());
    }

    private static async Task<IReadOnlyList<(int Id, int Version)>> VersionsAsync(BenchDatabase database, IEnumerable<int> ids)
    {
        var list = ids.ToList();
        await using var db = database.CreateDbContext();
        return (await db.Procedures.Where(p => list.Contains(p.Id)).Select(p => new { p.Id, p.Version }).ToListAsync()).Select(p => (p.Id, p.Version)).ToList();
    }

    private sealed record Scenario(int Other, List<string> Searches, List<int> Years, List<Movable> Movable);

    private static async Task<double> QueryCpuAsync(Func<Task<string>> query) => (await Measurement.RunAsync(query, QueryRuns, false)).MedianCpuMs;

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A procedure the circuit benchmark moves: its version and status before, the status it is moved to.</summary>
internal sealed record Movable(int Id, int Version, ProcedureStatus From, ProcedureStatus To);

/// <summary>What the circuit benchmark's status rows did: the moves made (through the circuits and the in-process baseline's are
/// not listed) and the procedures whose move was then cancelled, with their version before the cancels.</summary>
/// <summary>Each row's unmeasured warm-up rounds: at least <paramref name="Min"/>, then until the JIT is quiet, at most <paramref name="Max"/>.</summary>
internal sealed record Warmup(int Min, int Max);

internal sealed record CircuitRun(IReadOnlyList<Movable> Moved, IReadOnlyList<(int Id, int Version)> Cancelled);
