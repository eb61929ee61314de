using System.Globalization;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using DxTracker.Domain.Excel;
using DxTracker.Domain.Procedures;
using DxTracker.Tests.EndToEnd;
using DxTracker.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using C = DxTracker.Domain.Excel.InventoryColumns;

namespace DxTracker.Tests.Processes;

/// <summary>SIGKILL in the middle of the app's one-transaction writes: an inventory import, a hearing save, the demo
/// seeding. Each kill lands while the write is surely under way — the import's pages are seen spilling into the write-ahead
/// log; the hearing and the demo, too short to catch, have their commit held open once all their statements ran, and
/// SQLite's write lock is seen held — the database afterwards holds none of the write, the app starts cleanly on it, and
/// the same write without the kill completes whole, so "none" is not for want of trying.</summary>
public sealed partial class ProcessTests
{
    private const string AdminEmail = "dx-admin@city.example.jp";
    private const string AdminName = "山田 花子";
    private const string AdminPassword = "crash-test-passphrase-2026";
    private const string DepartmentCode = "D01";

    [Fact]
    public async Task SIGKILL_during_an_inventory_import_leaves_none_of_it_the_app_starts_and_the_import_then_completes()
    {
        var data = Folder("import");
        await PrepareCityAsync(data);
        // 1,500 new procedures, each walked to 電子化済 (two status changes) with a long note: a transaction of ~15 MB,
        // more than SQLite's page cache, so pages spill into the write-ahead log while the save is still under way.
        const int rows = 1_500;
        var file = Path.Combine(_root, "inventory.xlsx");
        WriteInventory(file, Enumerable.Range(1, rows).Select(i => (Code: $"IMP-{i:D5}", Name: $"取込手続{i}の申請", Status: ProcedureStatus.Digitized,
            Notes: $"{i}: " + string.Concat(Enumerable.Repeat("押印と添付書類の見直しを経て電子申請に移行した。", 150)))));
        var dbFile = Path.Combine(data, "dxtracker.db");
        Checkpoint(dbFile);

        var import = AppProcess.Begin(data, "import", file, "--as", AdminEmail);
        Assert.True(await WaitForGrowthAsync(dbFile + "-wal", import), "the import was caught writing");
        import.Kill(entireProcessTree: true);
        await Waiting.ForExitAsync(import, "the killed import");
        // Pages of the import reached the log (the write had begun); without their commit record they are not the database.
        Assert.True(new FileInfo(dbFile + "-wal").Length > 1_000_000);
        Assert.Equal((0, 0, 0), ImportRows(dbFile));

        await StartAndCheckHealthAsync(data);
        Assert.Equal("ok", Scalar(dbFile, "PRAGMA integrity_check"));
        Assert.Equal((0, 0, 0), ImportRows(dbFile));

        var (exit, output) = await AppProcess.RunAsync(data, "import", file, "--as", AdminEmail);
        Assert.True(exit == 0, output);
        Assert.Contains("取り込みました：新規 1,500件、変更 0件、変更なし 0件。", output);
        Assert.Equal((rows, 2 * rows, 1), ImportRows(dbFile));
    }

    [Fact]
    public async Task The_import_command_reports_bad_cells_by_row_and_column_and_writes_nothing()
    {
        var data = Folder("import-issues");
        await PrepareCityAsync(data);
        var file = Path.Combine(_root, "bad.xlsx");
        WriteInventory(file, [("BAD-1", "正しい行", ProcedureStatus.NotConsidered, ""), ("BAD-2", "URLのない電子化", ProcedureStatus.Digitized, "")]);
        var dbFile = Path.Combine(data, "dxtracker.db");

        var (exit, output) = await AppProcess.RunAsync(data, "import", file, "--as", AdminEmail);
        Assert.Equal(1, exit);
        Assert.Contains($"3行目 「{C.Url}」:", output);
        Assert.Contains("1件の誤りがあります。", output);
        Assert.Equal(0, Count(dbFile, "SELECT COUNT(*) FROM Procedures WHERE Code LIKE 'BAD-%'"));

        var (unknown, unknownOutput) = await AppProcess.RunAsync(data, "import", file, "--as", "nobody@city.example.jp");
        Assert.Equal(2, unknown);
        Assert.Contains("nobody@city.example.jp のユーザーはいません", unknownOutput);
    }

    [Fact]
    public async Task SIGKILL_during_a_hearing_save_leaves_none_of_it_the_app_starts_and_the_same_hearing_then_saves_whole()
    {
        var data = Folder("hearing");
        await PrepareCityAsync(data);
        var dbFile = Path.Combine(data, "dxtracker.db");
        var departmentId = Count(dbFile, $"SELECT Id FROM Departments WHERE Code = '{DepartmentCode}'");
        var (playwright, browser) = await Browser.LaunchAsync();
        try
        {
            // The hearing's commit is held open (Testing:HoldCommitOf, crash tests only) once all its statements ran.
            IReadOnlyDictionary<string, int> held;
            await using (var app = await AppProcess.StartAsync(data, CrashTestSwitch, [.. BrowserSettings, .. Hold]))
            {
                var page = await FillHearingAsync(browser, app.BaseAddress, departmentId);
                await page.ClickAsync("[data-testid=hearing-save]");
                held = await WaitForHoldAsync(() => app.Output);
                // Independently of the app's word: its write transaction is open (SQLite's write lock is held).
                Assert.True(WriteLockHeld(dbFile), "the hearing's transaction is open");
                app.Kill();
                await page.Context.CloseAsync();
            }
            Assert.Equal((0, 0, 0, 0, 0, 0), HearingRows(dbFile));

            await using (var app = await AppProcess.StartAsync(data, BrowserSettings))
            {
                using (var http = new HttpClient { BaseAddress = app.BaseAddress })
                    Assert.Contains("\"Healthy\"", await http.GetStringAsync("/healthz"));
                Assert.Equal("ok", Scalar(dbFile, "PRAGMA integrity_check"));
                Assert.Equal((0, 0, 0, 0, 0, 0), HearingRows(dbFile));

                var page = await FillHearingAsync(browser, app.BaseAddress, departmentId);
                await page.ClickAsync("[data-testid=hearing-save]");
                await page.WaitForURLAsync(new Regex(@"/hearings/\d+$"));
                await page.Context.CloseAsync();
            }
            // One hearing, its four new procedures and items, two moves to 電子化作業中 and one to 課題あり with its objection,
            // one follow-up.
            Assert.Equal((1, 4, 4, 3, 1, 1), HearingRows(dbFile));
            // The transaction that was held (and killed) carried all of it: a save split in two transactions would have
            // left part of it out of the held one (or committed part of it before the kill).
            Assert.Equal((1, 4, 4, 3, 1, 1), (held.GetValueOrDefault("HearingSession"), held.GetValueOrDefault("Procedure"),
                held.GetValueOrDefault("HearingItem"), held.GetValueOrDefault("StatusChange"), held.GetValueOrDefault("Objection"),
                held.GetValueOrDefault("FollowUpAction")));
        }
        finally
        {
            await browser.CloseAsync();
            playwright.Dispose();
        }
    }

    [Fact]
    public async Task SIGKILL_during_the_demo_seeding_leaves_none_of_it_and_the_next_start_builds_it_whole()
    {
        // The demo ward — users, organisation, procedures, histories, hearings — is one transaction; its commit is held
        // open (Testing:HoldCommitOf, crash tests only) once all its statements ran.
        var data = Folder("demo");
        var (start, output) = AppProcess.BeginWithOutput(data, CrashTestSwitch, ["--urls=http://127.0.0.1:0", "--environment=Staging", "--Demo:Enabled=true", .. Hold]);
        var held = await WaitForHoldAsync(output);
        var dbFile = Path.Combine(data, "dxtracker.db");
        Assert.True(WriteLockHeld(dbFile), "the seeding's transaction is open");
        start.Kill(entireProcessTree: true);
        await Waiting.ForExitAsync(start, "the killed app");
        Assert.Equal((0, 0, 0, 0), DemoRows(dbFile));

        await StartAndCheckHealthAsync(data, "--Demo:Enabled=true");
        Assert.Equal("ok", Scalar(dbFile, "PRAGMA integrity_check"));
        var (users, departments, procedures, hearings) = DemoRows(dbFile);
        Assert.True(users > 40 && departments > 30 && procedures > 1_000 && hearings > 0, $"{users} users, {departments} departments, {procedures} procedures, {hearings} hearings");
        // The held (killed) transaction was the whole ward, not a part of it.
        Assert.Equal((users, departments, procedures, hearings), (held.GetValueOrDefault("AppUser"), held.GetValueOrDefault("Department"),
            held.GetValueOrDefault("Procedure"), held.GetValueOrDefault("HearingSession")));
    }

    /// <summary>Holds the commit of a transaction that adds a hearing (see <c>CommitHold</c>) longer than any test runs.</summary>
    private static readonly string[] Hold = ["--Testing:HoldCommitOf=HearingSession", "--Testing:HoldCommitMilliseconds=120000"];

    /// <summary>The crash tests' switch (an environment variable of the app process), without which the app ignores the hold.</summary>
    private static readonly Dictionary<string, string> CrashTestSwitch = new() { ["DXTRACKER_CRASH_TESTS"] = "1" };

    /// <summary>Waits (at most 60 s) until the app says it holds the commit of a transaction that adds <paramref name="entity"/>
    /// (see <c>CommitHold</c>); returns what the held transaction adds, by entity type (the app lists it in that line).</summary>
    private static async Task<IReadOnlyDictionary<string, int>> WaitForHoldAsync(Func<string> output, string entity = "HearingSession")
    {
        var holdLine = new Regex($@"Testing:HoldCommitOf: holding the commit of a transaction that adds {entity} for \d+ ms \(adds ([^)]*)\)");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var line = holdLine.Match(output());
            if (line.Success)
                return AddedCount().Matches(line.Groups[1].Value).ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
            await Task.Delay(20);
        }
        throw new TimeoutException($"Waited 60 s for the app to hold the commit of a transaction that adds a {entity}; it did not. Output:\n" + output());
    }

    [GeneratedRegex(@"(\w+) (\d+)")]
    private static partial Regex AddedCount();

    /// <summary>For a browser: the build output serves its static web assets (scripts, styles) in Development only — a
    /// published app serves them in any environment. Without the demo, which Development would turn on.</summary>
    private static readonly string[] BrowserSettings = ["--environment=Development", "--Demo:Enabled=false"];

    /// <summary>A data folder with a DX team user (`create-admin`) and one department (as the organisation page would add it).</summary>
    private static async Task PrepareCityAsync(string data)
    {
        var (exit, output) = await AppProcess.CreateAdminAsync(data, AdminEmail, AdminName, AdminPassword);
        Assert.True(exit == 0, output);
        using var connection = Open(Path.Combine(data, "dxtracker.db"));
        Execute(connection, "INSERT INTO Divisions (Code, Name, SortOrder) VALUES ('K01', '区民部', 1)");
        Execute(connection, $"INSERT INTO Departments (DivisionId, Code, Name, SortOrder) VALUES (last_insert_rowid(), '{DepartmentCode}', '戸籍住民課', 1)");
    }

    private static void WriteInventory(string path, IEnumerable<(string Code, string Name, ProcedureStatus Status, string Notes)> rows)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet(C.SheetName);
        string[] headers = [C.Code, C.Name, C.DepartmentCode, C.Status, C.Url, C.Notes];
        for (var c = 0; c < headers.Length; c++)
            sheet.Cell(1, c + 1).SetValue(headers[c]);
        var r = 2;
        foreach (var row in rows)
        {
            sheet.Cell(r, 1).SetValue(row.Code);
            sheet.Cell(r, 2).SetValue(row.Name);
            sheet.Cell(r, 3).SetValue(DepartmentCode);
            sheet.Cell(r, 4).SetValue(InventoryWords.Status(row.Status));
            if (row.Status == ProcedureStatus.Digitized && row.Notes.Length > 0)
                sheet.Cell(r, 5).SetValue($"https://shinsei.city.example.jp/{row.Code}");
            sheet.Cell(r, 6).SetValue(row.Notes);
            r++;
        }
        workbook.SaveAs(path);
    }

    /// <summary>Signs in as the DX team user and fills a hearing that brings in four new procedures: two moved to
    /// 電子化作業中, one to 課題あり with its objection, one with a note only; and a follow-up.</summary>
    private static async Task<IPage> FillHearingAsync(IBrowser browser, Uri baseAddress, int departmentId)
    {
        var context = await browser.NewContextAsync(new() { BaseURL = baseAddress.ToString(), Locale = "ja-JP", ViewportSize = new() { Width = 1366, Height = 900 } });
        context.SetDefaultTimeout(20_000);
        var page = await AppFixture.SignInAsync(await context.NewPageAsync(), AdminEmail, AdminPassword);
        await page.GotoAsync($"/hearings/new?department={departmentId}");
        await page.WaitForSelectorAsync("[data-interactive=true]");
        await page.Locator("[data-testid=hearing-summary]").FillAsync("押印の廃止と電子申請の開始を協議");
        for (var i = 0; i < 4; i++)
        {
            await page.Locator("[data-testid=new-code]").FillAsync($"HEA-{i}");
            await page.Locator("[data-testid=new-name]").FillAsync($"ヒアリング手続{i}");
            await page.ClickAsync("[data-testid=new-add]");
            await page.Locator($"[data-testid=item-{i}] [data-testid=outcome-note]").FillAsync($"協議結果 {i}");
        }
        for (var i = 0; i < 2; i++)
            await HearingTests.PickAsync(page, page.Locator($"[data-testid=item-{i}] [data-testid=move-to]"), "電子化作業中");
        var objection = page.Locator("[data-testid=item-2]");
        await HearingTests.PickAsync(page, objection.Locator("[data-testid=move-to]"), "課題あり");
        await HearingTests.PickAsync(page, objection.Locator("[data-testid=objection-category]"), "押印");
        await objection.Locator("[data-testid=objection-description]").FillAsync("規則で押印を定めている");
        await page.ClickAsync("[data-testid=followup-add]");
        await page.Locator("[data-testid=followup-0] [data-testid=followup-description]").FillAsync("規則改正案を法務担当と確認");
        await HearingTests.PickAsync(page, page.Locator("[data-testid=followup-0] [data-testid=followup-owner]"), AdminName);
        return page;
    }

    private static (int Procedures, int StatusChanges, int Audit) ImportRows(string file) =>
        (Count(file, "SELECT COUNT(*) FROM Procedures WHERE Code LIKE 'IMP-%'"),
         Count(file, "SELECT COUNT(*) FROM StatusChanges s JOIN Procedures p ON p.Id = s.ProcedureId WHERE p.Code LIKE 'IMP-%'"),
         Count(file, "SELECT COUNT(*) FROM AuditEntries WHERE Action = 'Import'"));

    private static (int Hearings, int Procedures, int Items, int Moves, int Objections, int FollowUps) HearingRows(string file) =>
        (Count(file, "SELECT COUNT(*) FROM HearingSessions"),
         Count(file, "SELECT COUNT(*) FROM Procedures"),
         Count(file, "SELECT COUNT(*) FROM HearingItems"),
         Count(file, "SELECT COUNT(*) FROM StatusChanges WHERE HearingSessionId IS NOT NULL"),
         Count(file, "SELECT COUNT(*) FROM Objections"),
         Count(file, "SELECT COUNT(*) FROM FollowUpActions"));

    private static (int Users, int Departments, int Procedures, int Hearings) DemoRows(string file) =>
        (Count(file, "SELECT COUNT(*) FROM AspNetUsers"),
         Count(file, "SELECT COUNT(*) FROM Departments"),
         Count(file, "SELECT COUNT(*) FROM Procedures"),
         Count(file, "SELECT COUNT(*) FROM HearingSessions"));

    /// <summary>Moves the write-ahead log into the database and empties it, so that its growth shows the next write.</summary>
    private static void Checkpoint(string file) =>
        Assert.Equal(0L, Convert.ToInt64(Scalar(file, "PRAGMA wal_checkpoint(TRUNCATE)"), CultureInfo.InvariantCulture));

    /// <summary>True when a write transaction holds the database: BEGIN IMMEDIATE still finds it busy after a second of
    /// retries (a short write in between would have let it through). Otherwise the probe takes the lock and lets it go.</summary>
    private static bool WriteLockHeld(string file)
    {
        using var connection = new SqliteConnection($"Data Source={file};Mode=ReadWrite;Pooling=False;Default Timeout=1");
        connection.Open();
        try
        {
            connection.BeginTransaction().Dispose();
            return false;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 5)
        {
            return true;
        }
    }
}
