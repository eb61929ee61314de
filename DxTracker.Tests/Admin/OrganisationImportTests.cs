using System.Security.Claims;
using ClosedXML.Excel;
using DxTracker.App.Hosting;
using DxTracker.Domain.Audit;
using DxTracker.Domain.Excel;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Organisation;
using DxTracker.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using C = DxTracker.Domain.Organisation.OrganisationColumns;
using static DxTracker.Tests.Excel.ExcelFixtures;

namespace DxTracker.Tests.Admin;

/// <summary>The organisation sheet (組織表) through the real service on a real database: a whole ward at once, bad sheets
/// refused by row and column with nothing written, and April's reshuffle.</summary>
public sealed class OrganisationImportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>One sheet row: 部コード, 部名, 課コード, 課名, 表示順, 所管課長メール, 所管課長氏名.</summary>
    private sealed record Row(string? Division, string? DivisionName, string? Code, string? Name, string? Order = null, string? Email = null, string? HeadName = null);

    private static byte[] Sheet(IEnumerable<Row> rows, Action<IXLWorksheet>? edit = null)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet(C.SheetName);
        for (var c = 0; c < C.All.Count; c++)
            sheet.Cell(1, c + 1).SetValue(C.All[c]);
        var r = 1;
        foreach (var row in rows)
        {
            r++;
            string?[] cells = [row.Division, row.DivisionName, row.Code, row.Name, row.Order, row.Email, row.HeadName];
            for (var c = 0; c < cells.Length; c++)
            {
                if (cells[c] is { } text)
                    sheet.Cell(r, c + 1).SetValue(text);
            }
        }
        edit?.Invoke(sheet);
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    private static async Task<(TestDatabase Db, ServiceProvider Services, Actor Dx)> SeedAsync()
    {
        var database = await TestDatabase.CreateAsync();
        var services = await AdminServices.BuildAsync(database);
        var dx = await database.AddUserAsync(Role.DxTeam, name: "山田 花子");
        return (database, services, dx);
    }

    private static async Task<OrganisationOutcome> ImportAsync(ServiceProvider services, Actor actor, byte[] file, bool commit = true)
    {
        await using var scope = services.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<OrganisationImportService>();
        return commit
            ? await importer.ImportAsync(actor.UserId, new MemoryStream(file), Ct)
            : await importer.ValidateAsync(actor.UserId, new MemoryStream(file), Ct);
    }

    /// <summary>Each head's e-mail with the code of their department (null when they head none).</summary>
    private static async Task<Dictionary<string, string?>> HeadsAsync(TestDatabase database)
    {
        await using var db = database.CreateDbContext();
        var headRole = await db.Roles.Where(r => r.Name == nameof(Role.DepartmentHead)).Select(r => r.Id).SingleAsync(Ct);
        return await db.Users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == headRole))
            .Select(u => new { u.Email, Code = u.Department == null ? null : u.Department.Code })
            .ToDictionaryAsync(u => u.Email!, u => u.Code, Ct);
    }

    [Fact]
    public async Task A_ward_of_25_divisions_200_departments_and_200_heads_imports_whole_and_its_export_imports_back_as_a_no_op()
    {
        Japanese();
        var (database, services, dx) = await SeedAsync();
        await using var _ = database;
        await using var __ = services;
        var rows = Enumerable.Range(0, 200).Select(i => new Row($"B{i / 8 + 1:D2}", $"第{i / 8 + 1}部", $"K{i + 1:D3}", $"第{i + 1}課",
            Order: ((i % 8 + 1) * 10).ToString(System.Globalization.CultureInfo.InvariantCulture), Email: $"head{i + 1}@city.example.jp", HeadName: $"課長 {i + 1}")).ToList();

        var preview = await ImportAsync(services, dx, Sheet(rows), commit: false);
        Assert.True(preview.IsValid, string.Join("\n", preview.Issues));
        Assert.Equal((25, 200, 200, false), (preview.NewDivisions, preview.NewDepartments, preview.NewHeads, preview.Committed));
        Assert.Empty(await HeadsAsync(database));

        var outcome = await ImportAsync(services, dx, Sheet(rows));
        Assert.Equal((25, 200, 0, 0, 200, 0, 0, true), (outcome.NewDivisions, outcome.NewDepartments, outcome.ChangedDepartments,
            outcome.UnchangedDepartments, outcome.NewHeads, outcome.MovedHeads, outcome.RemovedHeads, outcome.Committed));
        var heads = await HeadsAsync(database);
        Assert.Equal(200, heads.Count);
        Assert.All(Enumerable.Range(1, 200), i => Assert.Equal($"K{i:D3}", heads[$"head{i}@city.example.jp"]));
        await using (var db = database.CreateDbContext())
        {
            Assert.Equal(25, await db.Divisions.CountAsync(Ct));
            var k017 = await db.Departments.Include(d => d.Division).SingleAsync(d => d.Code == "K017", Ct);
            Assert.Equal(("第17課", 10, "B03", "第3部"), (k017.Name, k017.SortOrder, k017.Division!.Code, k017.Division.Name));
            // Accounts without a password (the person sets one), each creation in the audit log under the importing user.
            var created = await db.Users.Where(u => u.Email!.StartsWith("head")).ToListAsync(Ct);
            Assert.All(created, u => Assert.Null(u.PasswordHash));
            // Exactly those are the new heads to invite.
            Assert.Equal(created.Select(u => u.Id).Order(), outcome.NewHeadIds.Order());
            Assert.Equal(200, await db.AuditEntries.CountAsync(a => a.Action == AuditActions.UserChanged && a.UserId == dx.UserId && a.Detail!.StartsWith("role - → DepartmentHead"), Ct));
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == AuditActions.Import && a.Target == "Organisation", Ct));
        }

        await using var scope = services.CreateAsyncScope();
        var export = await scope.ServiceProvider.GetRequiredService<OrganisationExportService>().ExportAsync(Ct);
        var again = await ImportAsync(services, dx, export);
        Assert.Equal((0, 0, 0, 200, 0, 0, 0, true), (again.NewDivisions, again.NewDepartments, again.ChangedDepartments,
            again.UnchangedDepartments, again.NewHeads, again.MovedHeads, again.RemovedHeads, again.Committed));
        Assert.Equal(heads, await HeadsAsync(database));
        Assert.Empty(again.NewHeadIds);
    }

    [Fact]
    public async Task Bad_sheets_are_refused_by_row_and_column_and_nothing_is_written()
    {
        Japanese();
        var (database, services, dx) = await SeedAsync();
        await using var _ = database;
        await using var __ = services;
        Assert.True((await ImportAsync(services, dx, Sheet([new("B01", "区民部", "K01", "戸籍住民課"), new("B01", null, "K02", "保険年金課")]))).Committed);
        await using (var db = database.CreateDbContext())
        {
            var k01 = await db.Departments.SingleAsync(d => d.Code == "K01", Ct);
            await AddProceduresAsync(database, dx, k01.Id, 3, Now);
        }
        var manager = await database.AddUserAsync(Role.Manager, name: "田中 誠一");
        string managerEmail;
        await using (var db = database.CreateDbContext())
            managerEmail = await db.Users.Where(u => u.Id == manager.UserId).Select(u => u.Email!).SingleAsync(Ct);

        var bad = Sheet(
        [
            new("B01", null, "K02", "保険年金課"),
            new("B01", null, "K02", "保険年金課（重複）"),
            new("B99", null, "K03", "新しい課"),
            new(null, null, "K04", "部のない課"),
            new("B01", null, "K05", "メールの誤り", Email: "kacho@@city"),
            new("B01", null, "K06", "数式の課"),
            new("B01", null, "K07", "管理職を課長に", Email: managerEmail),
            new("B01", null, "K08", "氏名のない新任", Email: "new-head@city.example.jp"),
        ], s => s.Cell(7, 4).FormulaA1 = "CONCAT(\"福祉\",\"課\")");
        var before = await CountsAsync(database);

        var outcome = await ImportAsync(services, dx, bad);
        Assert.False(outcome.Committed);
        Assert.Equal(
        [
            (1, C.DepartmentCode),
            (3, C.DepartmentCode),
            (4, C.DivisionCode),
            (5, C.DivisionCode),
            (6, C.HeadEmail),
            (7, C.DepartmentName),
            (8, C.HeadEmail),
            (9, C.HeadName),
        ], outcome.Issues.Select(i => (i.Row, i.Column)).ToList());
        Assert.Equal("課「K01 戸籍住民課」には手続が3件ありますが、表にありません。課は削除しません。行を戻してから取り込んでください。", outcome.Issues[0].Reason);
        Assert.Equal("課コード「K02」がこの表の2行目にもあります。", outcome.Issues[1].Reason);
        Assert.Equal("部コード「B99」は登録されていません。新しい部を作るには部名を書いてください。", outcome.Issues[2].Reason);
        Assert.Equal("必須です。", outcome.Issues[3].Reason);
        Assert.Equal("「kacho@@city」はメールアドレスとして正しくありません。", outcome.Issues[4].Reason);
        Assert.Equal("数式は使えません。値をそのまま入力してください。", outcome.Issues[5].Reason);
        Assert.Equal(before, await CountsAsync(database));

        // A file over the limit is refused as a whole before it is opened.
        var huge = new byte[XlsxGuard.MaxFileBytes + 1];
        var tooLarge = await ImportAsync(services, dx, huge);
        Assert.Equal((XlsxGuard.TooLargeMessage, false), (tooLarge.FileError, tooLarge.Committed));
        Assert.Equal(before, await CountsAsync(database));

        // Only the DX team imports (the refusal audited).
        var head = await database.AddUserAsync(Role.DepartmentHead, name: "課長");
        await Assert.ThrowsAsync<DxTracker.Domain.AccessDeniedException>(() => ImportAsync(services, head, Sheet([new("B01", null, "K01", "戸籍住民課")])));
        await using var check = database.CreateDbContext();
        Assert.True(await check.AuditEntries.AnyAsync(a => a.Action == AuditActions.WriteRefused && a.UserId == head.UserId && a.Target == "Organisation import", Ct));
    }

    private static async Task<(int Divisions, int Departments, int Users, int Audit)> CountsAsync(TestDatabase database)
    {
        await using var db = database.CreateDbContext();
        return (await db.Divisions.CountAsync(Ct), await db.Departments.CountAsync(Ct), await db.Users.CountAsync(Ct),
            await db.AuditEntries.CountAsync(a => a.Action != AuditActions.WriteRefused, Ct));
    }

    [Fact]
    public async Task April_swapping_two_heads_moves_each_to_the_right_department_in_the_audit_log_and_rescopes_them_at_once()
    {
        Japanese();
        var (database, services, dx) = await SeedAsync();
        await using var _ = database;
        await using var __ = services;
        Assert.True((await ImportAsync(services, dx, Sheet(
        [
            new("B01", "区民部", "K01", "戸籍住民課", Email: "a@city.example.jp", HeadName: "青木"),
            new("B01", null, "K02", "保険年金課", Email: "b@city.example.jp", HeadName: "馬場"),
            new("B02", "福祉部", "K03", "福祉課", Email: "c@city.example.jp", HeadName: "千葉"),
        ]))).Committed);
        var (ids, stamps, departments) = await AccountsAsync(database);
        // A signed-in session of a, as the UI sees it.
        var page = new Browser("http://localhost/procedures");
        var session = new CurrentUser(new SignedIn(ids["a@city.example.jp"]), database, page);
        Assert.Equal(departments["K01"], (await session.GetAsync()).DepartmentId);

        var april = await ImportAsync(services, dx, Sheet(
        [
            new("B01", "区民部", "K01", "戸籍住民課", Email: "b@city.example.jp"),
            new("B01", null, "K02", "保険年金課", Email: "a@city.example.jp"),
            new("B02", "福祉部", "K03", "福祉課", Email: "d@city.example.jp", HeadName: "土井"),
        ]));
        Assert.Equal((0, 3, 1, 2, 1, true), (april.ChangedDepartments, april.UnchangedDepartments, april.NewHeads, april.MovedHeads, april.RemovedHeads, april.Committed));
        Assert.Equal(new Dictionary<string, string?>
        {
            ["a@city.example.jp"] = "K02", ["b@city.example.jp"] = "K01", ["c@city.example.jp"] = null, ["d@city.example.jp"] = "K03",
        }, await HeadsAsync(database));

        // One answer per page: the page already open (also after a search, only its query string changes) keeps what it
        // showed; the same session sees the new department on its next page, and the services scope a's writes to it at once.
        page.NavigateTo("http://localhost/procedures?q=戸籍");
        Assert.Equal(departments["K01"], (await session.GetAsync()).DepartmentId);
        page.NavigateTo("http://localhost/");
        Assert.Equal(departments["K02"], (await session.GetAsync()).DepartmentId);
        await using (var db = database.CreateDbContext())
        {
            var a = await Actors.LoadAsync(db, ids["a@city.example.jp"], Ct);
            Assert.True(a.MayWriteIn(departments["K02"]));
            Assert.False(a.MayWriteIn(departments["K01"]));
            // Moved and removed heads get a new security stamp: their open sessions are re-checked.
            var (_, after, _) = await AccountsAsync(database);
            Assert.All(new[] { "a", "b", "c" }, x => Assert.NotEqual(stamps[$"{x}@city.example.jp"], after[$"{x}@city.example.jp"]));
            var audit = await db.AuditEntries.Where(e => e.Action == AuditActions.UserChanged).OrderBy(e => e.Id).Skip(3)
                .Select(e => new { e.Target, e.Detail, e.UserId }).ToListAsync(Ct);
            Assert.All(audit, e => Assert.Equal(dx.UserId, e.UserId));
            string Detail(string email) => audit.Single(e => e.Target!.StartsWith($"User {email} ", StringComparison.Ordinal)).Detail!;
            Assert.Equal($"role DepartmentHead → DepartmentHead, department {departments["K01"]} → {departments["K02"]}", Detail("a@city.example.jp"));
            Assert.Equal($"role DepartmentHead → DepartmentHead, department {departments["K02"]} → {departments["K01"]}", Detail("b@city.example.jp"));
            Assert.Equal($"role DepartmentHead → DepartmentHead, department {departments["K03"]} → -", Detail("c@city.example.jp"));
            Assert.Equal($"role - → DepartmentHead, department - → {departments["K03"]}", Detail("d@city.example.jp"));
            Assert.Equal(4, audit.Count);
        }
    }

    private static async Task<(Dictionary<string, string> Ids, Dictionary<string, string?> Stamps, Dictionary<string, int> Departments)> AccountsAsync(TestDatabase database)
    {
        await using var db = database.CreateDbContext();
        var users = await db.Users.Where(u => u.Email!.EndsWith("@city.example.jp")).ToListAsync(Ct);
        return (users.ToDictionary(u => u.Email!, u => u.Id), users.ToDictionary(u => u.Email!, u => u.SecurityStamp),
            await db.Departments.ToDictionaryAsync(d => d.Code, d => d.Id, Ct));
    }

    /// <summary>The circuit's address as the browser reports it.</summary>
    private sealed class Browser : NavigationManager
    {
        public Browser(string uri) => Initialize("http://localhost/", uri);

        protected override void NavigateToCore(string uri, NavigationOptions options) => Uri = ToAbsoluteUri(uri).ToString();
    }

    /// <summary>The edge a signed-in circuit stands on: its cookie's principal (the user id only).</summary>
    private sealed class SignedIn(string userId) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() =>
            Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], "test"))));
    }
}
