using System.Diagnostics;
using System.Globalization;
using DxTracker.App.Bench.Circuits;
using DxTracker.App.Hosting;
using DxTracker.Domain.Identity;
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
internal static class CircuitBench
{
    public const string Name = "Circuits";
    public const string Password = "bench-circuit-password-2026";
    public const string OpenRow = "Open the inventory (new circuit: prerender + circuit start)";
    public const string SearchRow = "Inventory search (type a word)";
    public const string PageRow = "Inventory page change";
    public const string ProcedureRow = "Procedure page open (link from the inventory)";
    public const string MemoryRow = "Managed memory per idle circuit (after a full GC, on the inventory)";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The targets (scale 1, SQLite, this machine): server CPU per interaction, memory per idle circuit.</summary>
    public const double SearchTargetMs = 15, PageOpenTargetMs = 20, StatusMoveTargetMs = 30, IdleCircuitTargetMiB = 1;

    public static async Task RunAsync(BenchDatabase database, BenchQuestion question, int circuits, int rounds, TextWriter output)
    {
        var email = await GivePasswordAsync(database, question.DxTeamUserId);
        var (otherProcedure, searches) = await ScenarioAsync(database, question);
        await using var app = await BenchApp.StartAsync(database, ["--" + BenchHeapEndpoint.Setting + "=true", "--Security:SignInPermitsPerMinute=1000"]);
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        var cookie = await CircuitClient.SignInAsync(app.BaseAddress, email, Password);

        // Warm-up: one circuit does every interaction once (JIT, EF's query cache, MudBlazor's first renders), then closes.
        await using (var warm = await CircuitClient.OpenAsync(app.BaseAddress, cookie, Interactions.InventoryPath, Timeout))
        {
            await PageAsync(warm, next: true);
            await SearchAsync(warm, searches[0]);
            await OpenProcedureAsync(warm, question.ProcedureId);
            await OpenProcedureAsync(warm, otherProcedure);
            await warm.CloseAsync();
        }
        var heapBefore = await HeapAsync(http);

        var clients = new List<CircuitClient>();
        try
        {
            var openCpu = app.CpuTime;
            foreach (var _ in Enumerable.Range(0, circuits))
                clients.Add(await CircuitClient.OpenAsync(app.BaseAddress, cookie, Interactions.InventoryPath, Timeout));
            var openMs = (app.CpuTime - openCpu).TotalMilliseconds / circuits;
            await Task.Delay(1000); // idle: the first renders' after-render work done
            var perCircuit = (await HeapAsync(http) - heapBefore) / (double)circuits / 1048576;

            await output.WriteLineAsync();
            await output.WriteLineAsync(Invariant(
                $"{Name}: {circuits} circuits (the app in its own process, Production, Kestrel; a protocol-level load client, one circuit per simulated tab), each interaction {rounds} time(s) per circuit, all circuits at once. Server CPU = the app process's CPU time over the interactions ÷ interactions; round trip = event sent → the render batch showing the result (the search includes the field's 400 ms debounce). Load average at the start: {LoadAverage()}."));
            await output.WriteLineAsync();
            await output.WriteLineAsync("| interaction | server CPU per interaction | round trip p50 | round trip p95 | interactions | the query alone (CPU, in-process) | target | met | load average (1 min) |");
            await output.WriteLineAsync("|---|---:|---:|---:|---:|---:|---|---|---:|");
            await output.WriteLineAsync(Invariant($"| {OpenRow} | {openMs:N1} ms | — | — | {circuits} | — | — | — | {LoadAverage()} |"));

            var inventory = new AppPaths(database, question);
            // The page change first: on the whole inventory (a search may leave a single page).
            await RowAsync(output, app, clients, rounds, PageRow, (c, i) => PageAsync(c, next: i % 2 == 0), null, null);
            await RowAsync(output, app, clients, rounds, SearchRow, (c, i) => SearchAsync(c, searches[i % searches.Count]),
                await QueryCpuAsync(inventory.InventoryPageAsync), SearchTargetMs);
            var ids = new[] { question.ProcedureId, otherProcedure };
            await RowAsync(output, app, clients, rounds, ProcedureRow, (c, i) => OpenProcedureAsync(c, ids[i % 2]),
                await QueryCpuAsync(inventory.ProcedurePageAsync), PageOpenTargetMs);

            var idleMet = perCircuit <= IdleCircuitTargetMiB ? "yes" : Invariant($"no: {perCircuit / IdleCircuitTargetMiB:0.0}×");
            await output.WriteLineAsync(Invariant(
                $"| {MemoryRow} | {perCircuit:N2} MiB | — | — | {circuits} circuits | — | ≤ {IdleCircuitTargetMiB:N0} MiB | {idleMet} | {LoadAverage()} |"));
            await output.WriteLineAsync();
        }
        finally
        {
            foreach (var client in clients)
                await client.DisposeAsync();
        }
    }

    private static async Task RowAsync(TextWriter output, BenchApp app, List<CircuitClient> clients, int rounds, string name,
        Func<CircuitClient, int, Task<TimeSpan>> interaction, double? queryCpuMs, double? targetMs)
    {
        var load = LoadAverage();
        var cpu = app.CpuTime;
        // Each circuit on a thread of its own: its rounds one after another, as a user clicks.
        var times = (await Task.WhenAll(clients.Select(c => Task.Run(async () =>
        {
            var mine = new List<double>();
            for (var i = 0; i < rounds; i++)
                mine.Add((await interaction(c, i)).TotalMilliseconds);
            return mine;
        })))).SelectMany(t => t).Order().ToList();
        var perInteraction = (app.CpuTime - cpu).TotalMilliseconds / times.Count;
        var met = targetMs is not { } target ? "—" : perInteraction <= target ? "yes" : Invariant($"no: {perInteraction / target:0.0}×");
        await output.WriteLineAsync(Invariant(
            $"| {name} | {perInteraction:N1} ms | {PublicLoadBench.Percentile(times, 0.5):N0} ms | {PublicLoadBench.Percentile(times, 0.95):N0} ms | {times.Count} | {(queryCpuMs is { } q ? Invariant($"{q:N1} ms") : "—")} | {(targetMs is { } t ? Invariant($"≤ {t:N0} ms CPU") : "—")} | {met} | {load} |"));
    }

    /// <summary>Types <paramref name="word"/> into the inventory's search field; done when the grid shows other rows or another count.</summary>
    private static async Task<TimeSpan> SearchAsync(CircuitClient client, string word)
    {
        var before = client.Read(GridState);
        return await client.ExpectAsync(
            () => client.DispatchAsync(dom => SearchInput(dom), "input", new { value = word }),
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

    private static string? ProcedureName(CircuitDom dom) => dom.Find("data-testid", Interactions.ProcedureName)?.Text();

    /// <summary>The grid's count line and first row's link: what a search or a page change alters.</summary>
    private static string GridState(CircuitDom dom) =>
        (dom.Find("data-testid", Interactions.InventoryCount)?.Text() ?? "") + "|" + (dom.Find("data-testid", Interactions.InventoryLink)?.Attribute("href") ?? "");

    private static DomNode? SearchInput(CircuitDom dom) =>
        dom.Find("data-testid", Interactions.SearchField)?.Descendants().FirstOrDefault(n => n.Name == "input" && n.Handlers.ContainsKey("input"))
        ?? dom.Elements.FirstOrDefault(n => n.Name == "input" && n.Handlers.ContainsKey("input"));

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

    /// <summary>A second procedure to alternate with the question's, and two searches that show different rows.</summary>
    private static async Task<(int Other, List<string> Searches)> ScenarioAsync(BenchDatabase database, BenchQuestion question)
    {
        await using var db = database.CreateDbContext();
        var other = await db.Procedures.Where(p => p.Id != question.ProcedureId).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
        return (other, [question.Search, Interactions.OtherSearch]);
    }

    private static async Task<double> QueryCpuAsync(Func<Task<string>> query) => (await Measurement.RunAsync(query, 5, false)).MedianCpuMs;

    private static async Task<long> HeapAsync(HttpClient http) =>
        long.Parse(await http.GetStringAsync(BenchHeapEndpoint.Path), CultureInfo.InvariantCulture);

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
