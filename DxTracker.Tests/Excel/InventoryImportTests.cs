using System.IO.Compression;
using ClosedXML.Excel;
using DxTracker.Domain;
using DxTracker.Domain.Excel;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reporting;
using DxTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using C = DxTracker.Domain.Excel.InventoryColumns;
using static DxTracker.Tests.Excel.ExcelFixtures;

namespace DxTracker.Tests.Excel;

public sealed class InventoryImportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Two departments, a DX team user and five procedures with volumes, one of them with an open objection.</summary>
    private static async Task<(TestDatabase Db, Actor Dx, int DepartmentA, int DepartmentB)> SeedAsync()
    {
        var database = await TestDatabase.CreateAsync();
        var departments = await database.AddDepartmentsAsync("A01", "B02");
        var dx = await database.AddUserAsync(Role.DxTeam, name: "山田 花子");
        await using var db = database.CreateDbContext();
        for (var i = 1; i <= 5; i++)
        {
            var p = Procedure.Create(departments[i % 2].Id, new ProcedureFields
            {
                Code = $"P{i:D3}", Name = $"手続{i}", LawName = "住民基本台帳法", LawArticle = $"第{i}条", HasFee = i % 2 == 0,
                IdentityCheck = IdentityCheck.IdDocument, AdministrativeCategory = AdministrativeCategory.Autonomous,
                TargetFiscalYear = 2026, Attachments = "住民票の写し", Notes = i == 1 ? "-窓口で受付" : null,
            }, dx, Now.AddDays(-100));
            p.SetVolume(2024, 1000 * i, 100 * i, dx, Now.AddDays(-100));
            p.SetVolume(2025, 1200 * i, i == 3 ? null : 200 * i, dx, Now.AddDays(-100));
            if (i == 2)
                p.MoveTo(ProcedureStatus.ObjectionRaised, dx, Now.AddDays(-50), new MoveDetails(Objection: new NewObjection(ObjectionCategory.Seal, "押印が条例で必要")));
            if (i == 4)
                p.MoveTo(ProcedureStatus.InProgress, dx, Now.AddDays(-40));
            db.Procedures.Add(p);
        }
        await db.SaveChangesAsync(Ct);
        return (database, dx, departments[0].Id, departments[1].Id);
    }

    private static async Task<Dictionary<string, int>> VersionsAsync(TestDatabase database)
    {
        await using var db = database.CreateDbContext();
        return await db.Procedures.ToDictionaryAsync(p => p.Code, p => p.Version, Ct);
    }

    [Fact]
    public async Task Export_then_import_is_a_no_op()
    {
        Japanese();
        var (database, dx, _, _) = await SeedAsync();
        await using var _ = database;
        var before = await VersionsAsync(database);
        var file = await Exporter(database).ExportAsync(null, Ct);

        var preview = await ValidateAsync(database, dx, file);
        Assert.True(preview.IsValid, string.Join("\n", preview.Issues));
        Assert.Equal((0, 0, 5), (preview.New, preview.Changed, preview.Unchanged));

        var outcome = await ImportAsync(database, dx, file);
        Assert.True(outcome.Committed);
        Assert.Equal((0, 0, 5), (outcome.New, outcome.Changed, outcome.Unchanged));
        Assert.Equal(before, await VersionsAsync(database));
    }

    [Fact]
    public async Task Editing_three_rows_changes_exactly_those_three_with_history_by_the_importing_user()
    {
        Japanese();
        var (database, dx, _, departmentB) = await SeedAsync();
        await using var _ = database;
        var importer = await database.AddUserAsync(Role.DxTeam, name: "佐藤 健");
        var before = await VersionsAsync(database);
        var file = Edit(await Exporter(database).ExportAsync(null, Ct), s =>
        {
            s.Set(s.RowOf("P001"), C.Name, "転入届（改）");
            s.Set(s.RowOf("P004"), C.Status, "電子化済");
            s.Set(s.RowOf("P004"), C.Url, "https://example.jp/form/4");
            s.Set(s.RowOf("P005"), C.Total(2025), "7000");
            s.Set(s.RowOf("P005"), C.DepartmentCode, "B02");
        });

        var preview = await ValidateAsync(database, importer, file);
        Assert.True(preview.IsValid, string.Join("\n", preview.Issues));
        Assert.Equal((0, 3, 2), (preview.New, preview.Changed, preview.Unchanged));
        Assert.Equal(before, await VersionsAsync(database));

        var outcome = await ImportAsync(database, importer, file);
        Assert.Equal((0, 3, 2, true), (outcome.New, outcome.Changed, outcome.Unchanged, outcome.Committed));
        var after = await VersionsAsync(database);
        Assert.Equal(["P001", "P004", "P005"], after.Where(a => a.Value != before[a.Key]).Select(a => a.Key).Order());

        await using var db = database.CreateDbContext();
        var p4 = await db.Procedures.Include(p => p.History).SingleAsync(p => p.Code == "P004", Ct);
        Assert.Equal(ProcedureStatus.Digitized, p4.Status);
        var move = p4.History.OrderBy(h => h.AtUtc).Last();
        Assert.Equal((ProcedureStatus.InProgress, ProcedureStatus.Digitized, importer.UserId, "佐藤 健"), (move.FromStatus, move.ToStatus, move.ByUserId, move.ByName));
        Assert.Equal("https://example.jp/form/4", p4.OnlineFormUrl);
        var p5 = await db.Procedures.Include(p => p.Volumes).SingleAsync(p => p.Code == "P005", Ct);
        Assert.Equal((7000L, 1000L, departmentB), (p5.Volumes.Single(v => v.FiscalYear == 2025).Total, p5.Volumes.Single(v => v.FiscalYear == 2025).Online, p5.DepartmentId));
        Assert.Equal("転入届（改）", (await db.Procedures.SingleAsync(p => p.Code == "P001", Ct)).Name);
        Assert.Equal("-窓口で受付", (await db.Procedures.SingleAsync(p => p.Code == "P001", Ct)).Notes);
    }

    [Fact]
    public async Task An_import_correcting_a_closed_years_volume_reaches_a_board_already_stored_for_that_year()
    {
        Japanese();
        var (database, dx, _, _) = await SeedAsync();
        await using var _ = database;
        var board = new BoardQuery(database, new FakeTimeProvider(new DateTimeOffset(Now)));
        var fy2025 = new FiscalYear(2025);
        // 1,200 + 2,400 + 3,600 + 4,800 + 6,000: the first load of the closed year stores its figures.
        Assert.Equal(18_000, (await board.TotalAsync(fy2025, Ct)).Metrics.ShareByVolume.Denominator);
        await using (var db = database.CreateDbContext())
            Assert.True(await db.ClosedYearFigures.AnyAsync(f => f.Year == 2025, Ct));

        var file = Edit(await Exporter(database).ExportAsync(null, Ct), s => s.Set(s.RowOf("P005"), C.Total(2025), "7000"));
        Assert.True((await ImportAsync(database, dx, file)).Committed);

        Assert.Equal(19_000, (await board.TotalAsync(fy2025, Ct)).Metrics.ShareByVolume.Denominator);
    }

    public static TheoryData<string, string?, string, string> BadCells => new()
    {
        // header, new value, column reported, part of the reason
        { C.DepartmentCode, "ZZ9", C.DepartmentCode, "ZZ9" },
        { C.Total(2025), "千二百", C.Total(2025), "千二百" },
        { C.Online(2024), "-5", C.Online(2024), "-5" },
        { C.Status, "完了", C.Status, "完了" },
        { C.Category, "予算", C.Category, "予算" },
        { C.Status, "電子化済", C.Status, "電子化作業中" },
        { C.Name, null, C.Name, "必須" },
        { C.TargetFiscalYear, "来年", C.TargetFiscalYear, "来年" },
        { C.IdentityCheck, "顔認証", C.IdentityCheck, "顔認証" },
        { C.Url, "ftp://example.jp", C.Url, "http" },
    };

    [Theory]
    [MemberData(nameof(BadCells))]
    public async Task Each_bad_cell_is_reported_by_row_and_column_and_nothing_is_written(string header, string? value, string column, string reason)
    {
        Japanese();
        var (database, dx, _, _) = await SeedAsync();
        await using var _ = database;
        var before = await VersionsAsync(database);
        var excelRow = 0;
        var file = Edit(await Exporter(database).ExportAsync(null, Ct), s =>
        {
            excelRow = s.RowOf("P003") + 1;
            s.Set(s.RowOf("P003"), header, value);
        });

        var outcome = await ImportAsync(database, dx, file);

        var issue = Assert.Single(outcome.Issues);
        Assert.Equal((excelRow, column), (issue.Row, issue.Column));
        Assert.Contains(reason, issue.Reason);
        Assert.False(outcome.Committed);
        Assert.Equal(before, await VersionsAsync(database));
    }

    [Fact]
    public async Task Digitized_without_a_url_is_reported_on_the_url_column()
    {
        Japanese();
        var (database, dx, _, _) = await SeedAsync();
        await using var _ = database;
        var file = Edit(await Exporter(database).ExportAsync(null, Ct), s => s.Set(s.RowOf("P004"), C.Status, "電子化済"));
        var issue = Assert.Single((await ImportAsync(database, dx, file)).Issues);
        // Exported by department, then code: A01 (P002, P004), B02 (P001, P003, P005).
        Assert.Equal((3, C.Url), (issue.Row, issue.Column));
        Assert.Contains("URL", issue.Reason);
    }

    [Fact]
    public async Task Exempting_needs_the_reason_in_the_notes()
    {
        Japanese();
        var (database, dx, _, _) = await SeedAsync();
        await using var _ = database;
        var export = await Exporter(database).ExportAsync(null, Ct);
        var issue = Assert.Single((await ImportAsync(database, dx, Edit(export, s => s.Set(s.RowOf("P002"), C.Status, "対象外")))).Issues);
        Assert.Equal((2, C.Notes), (issue.Row, issue.Column));
        Assert.Contains("備考", issue.Reason);

        var outcome = await ImportAsync(database, dx, Edit(export, s =>
        {
            s.Set(s.RowOf("P002"), C.Status, "対象外");
            s.Set(s.RowOf("P002"), C.Notes, "条例で対面が必要");
        }));
        Assert.True(outcome.Committed, string.Join("\n", outcome.Issues));
        await using var db = database.CreateDbContext();
        var p2 = await db.Procedures.SingleAsync(p => p.Code == "P002", Ct);
        Assert.Equal((ProcedureStatus.Exempt, "条例で対面が必要"), (p2.Status, p2.ExemptReason));
    }

    [Fact]
    public async Task A_code_twice_in_the_file_is_reported_on_the_second_row()
    {
        Japanese();
        var (database, dx, _, _) = await SeedAsync();
        await using var _ = database;
        var file = Edit(await Exporter(database).ExportAsync(null, Ct), s => s.Set(s.RowOf("P005"), C.Code, "P002"));
        var issue = Assert.Single((await ImportAsync(database, dx, file)).Issues);
        Assert.Equal((6, C.Code), (issue.Row, issue.Column));
        Assert.Contains("2行目", issue.Reason);
    }

    [Fact]
    public async Task One_bad_row_among_a_thousand_new_ones_writes_nothing()
    {
        Japanese();
        var (database, dx, _, _) = await SeedAsync();
        await using var _ = database;
        var file = Edit(await Exporter(database).TemplateAsync(Ct), s =>
        {
            for (var i = 1; i <= 1000; i++)
            {
                s.Set(i, C.Code, $"N{i:D4}");
                s.Set(i, C.Name, $"新規手続{i}");
                s.Set(i, C.DepartmentCode, i == 777 ? "NOPE" : "A01");
                s.Set(i, C.Status, i % 3 == 0 ? "検討中" : "未検討");
                s.Set(i, C.Total(2025), (i * 10).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        });

        var outcome = await ImportAsync(database, dx, file);

        var issue = Assert.Single(outcome.Issues);
        Assert.Equal((778, C.DepartmentCode), (issue.Row, issue.Column));
        await using var db = database.CreateDbContext();
        Assert.Equal(5, await db.Procedures.CountAsync(Ct));
        Assert.Equal(0, await db.StatusChanges.CountAsync(s => s.ByUserId == dx.UserId && s.AtUtc == Now, Ct));

        var fixedFile = Edit(file, s => s.Set(777, C.DepartmentCode, "A01"));
        var done = await ImportAsync(database, dx, fixedFile);
        Assert.Equal((1000, 0, 0, true), (done.New, done.Changed, done.Unchanged, done.Committed));
        Assert.Equal(1005, await db.Procedures.CountAsync(Ct));
        Assert.Equal(333, await db.Procedures.CountAsync(p => p.Status == ProcedureStatus.UnderReview, Ct));
        Assert.Equal(333, await db.StatusChanges.CountAsync(s => s.ByUserId == dx.UserId && s.AtUtc == Now, Ct));
    }

    [Fact]
    public async Task A_bad_row_near_the_end_of_three_thousand_changed_rows_writes_nothing_and_is_reported()
    {
        Japanese();
        var (database, dx, departmentA, _) = await SeedAsync();
        await using var _ = database;
        await AddProceduresAsync(database, dx, departmentA, 3000, Now.AddDays(-10), prefix: "Q");
        var before = await VersionsAsync(database);
        var badRow = 0;
        var file = Edit(await Exporter(database).ExportAsync(null, Ct), s =>
        {
            for (var row = 1; row <= s.DataRows; row++)
            {
                if (s.Cell(row, C.Code).GetString().StartsWith('Q'))
                    s.Set(row, C.Notes, "令和8年度棚卸し");
            }
            badRow = s.RowOf("Q02990");
            s.Set(badRow, C.Status, "電子化済");
        });

        var outcome = await ImportAsync(database, dx, file);

        // Rows before it were applied to their procedures in memory; none of them may reach the database.
        var issue = Assert.Single(outcome.Issues);
        Assert.Equal((badRow + 1, C.Status), (issue.Row, issue.Column));
        Assert.Contains("未検討", issue.Reason);
        Assert.False(outcome.Committed);
        Assert.Equal(before, await VersionsAsync(database));
        await using (var db = database.CreateDbContext())
            Assert.Equal(0, await db.Procedures.CountAsync(p => p.Notes == "令和8年度棚卸し", Ct));

        var done = await ImportAsync(database, dx, Edit(file, s => s.Set(badRow, C.Status, "検討中")));
        Assert.Equal((0, 3000, 5, true), (done.New, done.Changed, done.Unchanged, done.Committed));
        var after = await VersionsAsync(database);
        Assert.All(after, a => Assert.Equal(before[a.Key] + (a.Key.StartsWith('Q') ? 1 : 0), a.Value));
        await using (var db = database.CreateDbContext())
        {
            Assert.Equal(3000, await db.Procedures.CountAsync(p => p.Notes == "令和8年度棚卸し", Ct));
            var move = await db.StatusChanges.SingleAsync(s => s.AtUtc == Now, Ct);
            Assert.Equal((ProcedureStatus.UnderReview, dx.UserId), (move.ToStatus, move.ByUserId));
            Assert.Equal("Q02990", await db.Procedures.Where(p => p.Id == move.ProcedureId).Select(p => p.Code).SingleAsync(Ct));
        }
    }

    [Fact]
    public async Task A_procedure_changed_by_someone_else_during_the_import_refuses_the_whole_file()
    {
        Japanese();
        var (database, dx, _, _) = await SeedAsync();
        await using var _ = database;
        var file = Edit(await Exporter(database).ExportAsync(null, Ct), s =>
        {
            for (var row = 1; row <= s.DataRows; row++)
                s.Set(row, C.Notes, "取込で更新");
        });
        // Someone edits P003 after the import has checked every row and before it saves.
        var edit = new EditBeforeSaving(database, dx, "P003");

        var outcome = await Importer(database).ImportInventoryAsync(dx.UserId, new MemoryStream(file), edit, Ct);

        Assert.True(edit.Done);
        Assert.Equal(ExcelText.Get("File_Conflict"), outcome.FileError);
        Assert.False(outcome.Committed);
        await using var db = database.CreateDbContext();
        Assert.Equal(0, await db.Procedures.CountAsync(p => p.Notes == "取込で更新", Ct));
        Assert.Equal("手続3（他の人が修正）", (await db.Procedures.SingleAsync(p => p.Code == "P003", Ct)).Name);
    }

    /// <summary>Edits one procedure's name through the entity in its own context when the import reports that it starts
    /// saving (synchronously, so it happens before the import's transaction).</summary>
    private sealed class EditBeforeSaving(TestDatabase database, Actor actor, string code) : IProgress<ImportProgress>
    {
        public bool Done { get; private set; }

        public void Report(ImportProgress value)
        {
            if (value.Stage != ImportStage.Saving || Done)
                return;
            using var db = database.CreateDbContext();
            var procedure = db.Procedures.Single(p => p.Code == code);
            procedure.Update(procedure.Fields with { Name = "手続3（他の人が修正）" }, actor, Now);
            db.SaveChanges();
            Done = true;
        }
    }

    [Fact]
    public async Task A_new_procedure_already_online_arrives_through_the_allowed_moves_with_history()
    {
        Japanese();
        var (database, dx, _, _) = await SeedAsync();
        await using var _ = database;
        var file = Edit(await Exporter(database).TemplateAsync(Ct), s =>
        {
            s.Set(1, C.Code, "NEW1");
            s.Set(1, C.Name, "犬の登録");
            s.Set(1, C.DepartmentName, "B02課");
            s.Set(1, C.Status, "電子化済");
            s.Set(1, C.Url, "https://example.jp/dog");
        });
        var outcome = await ImportAsync(database, dx, file);
        Assert.True(outcome.Committed, string.Join("\n", outcome.Issues));
        await using var db = database.CreateDbContext();
        var p = await db.Procedures.Include(x => x.History).SingleAsync(x => x.Code == "NEW1", Ct);
        Assert.Equal([ProcedureStatus.InProgress, ProcedureStatus.Digitized], p.History.OrderBy(h => h.Id).Select(h => h.ToStatus));
        Assert.All(p.History, h => Assert.Equal(dx.UserId, h.ByUserId));
    }

    [Fact]
    public async Task A_formula_in_a_name_is_imported_as_text_and_exported_as_text()
    {
        Japanese();
        var (database, dx, _, _) = await SeedAsync();
        await using var _ = database;
        const string formula = "=HYPERLINK(\"http://evil.example/\",\"click\")";
        var file = Edit(await Exporter(database).ExportAsync(null, Ct), s => s.Cell(s.RowOf("P001"), C.Name).FormulaA1 = formula);

        var outcome = await ImportAsync(database, dx, file);
        Assert.True(outcome.Committed, string.Join("\n", outcome.Issues));
        await using (var db = database.CreateDbContext())
            Assert.Equal(formula, (await db.Procedures.SingleAsync(p => p.Code == "P001", Ct)).Name);

        using var exported = new XLWorkbook(new MemoryStream(await Exporter(database).ExportAsync(null, Ct)));
        var sheet = new SheetEditor(exported.Worksheet(1));
        var cell = sheet.Cell(sheet.RowOf("P001"), C.Name);
        Assert.False(cell.HasFormula);
        Assert.Equal(XLDataType.Text, cell.DataType);
        Assert.Equal(formula, cell.GetString());
        Assert.True(cell.Style.IncludeQuotePrefix);
        var notes = sheet.Cell(sheet.RowOf("P001"), C.Notes);
        Assert.Equal(("-窓口で受付", false, true), (notes.GetString(), notes.HasFormula, notes.Style.IncludeQuotePrefix));
    }

    [Fact]
    public async Task A_file_that_is_not_xlsx_is_refused_with_a_clear_message()
    {
        Japanese();
        var (database, dx, _, _) = await SeedAsync();
        await using var _ = database;
        var outcome = await ImportAsync(database, dx, "手続ID,手続名\nP001,転入届\n"u8.ToArray());
        Assert.Equal("Excelファイル（.xlsx）として読み込めませんでした。手続棚卸し表のテンプレートを使って保存し直してください。", outcome.FileError);
        Assert.False(outcome.Committed);

        // A zip that is not a workbook gets the same answer.
        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
            await using (var entry = archive.CreateEntry("readme.txt").Open())
                entry.Write("hello"u8);
        Assert.Contains(".xlsx", (await ImportAsync(database, dx, zip.ToArray())).FileError);
    }

    [Fact]
    public async Task An_oversized_file_is_refused_before_it_is_read()
    {
        Japanese();
        var (database, dx, _, _) = await SeedAsync();
        await using var _ = database;
        var outcome = await ImportAsync(database, dx, new byte[XlsxGuard.MaxFileBytes + 1]);
        Assert.Equal("ファイルが大きすぎます（上限 10 MB）。", outcome.FileError);
    }

    [Fact]
    public async Task A_zip_bomb_is_refused_before_the_workbook_is_opened()
    {
        Japanese();
        var (database, dx, _, _) = await SeedAsync();
        await using var _ = database;
        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in new[] { "[Content_Types].xml", "xl/workbook.xml" })
                await using (var entry = archive.CreateEntry(name).Open())
                    entry.Write("<x/>"u8);
            await using var bomb = archive.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 210; i++)
                bomb.Write(zeros);
        }
        Assert.True(zip.Length < XlsxGuard.MaxFileBytes);

        var outcome = await ImportAsync(database, dx, zip.ToArray());

        Assert.Equal("ファイルの中身が大きすぎるため読み込みを中止しました（展開後 200 MB まで、1000 個の部品まで）。", outcome.FileError);
    }

    [Fact]
    public async Task Too_many_rows_are_refused()
    {
        Japanese();
        var (database, dx, _, _) = await SeedAsync();
        await using var _ = database;
        var file = Edit(await Exporter(database).TemplateAsync(Ct), s => s.Sheet.Cell(InventoryImportService.MaxRows + 2, 1).SetValue("X"));
        Assert.Contains("20000", (await ImportAsync(database, dx, file)).FileError?.Replace(",", ""));
    }

    [Theory]
    [InlineData(Role.Manager)]
    [InlineData(Role.DepartmentHead)]
    public async Task Only_the_DX_team_may_import(Role role)
    {
        Japanese();
        var (database, _, departmentA, _) = await SeedAsync();
        await using var _ = database;
        var user = await database.AddUserAsync(role, departmentA);
        var file = await Exporter(database).ExportAsync(null, Ct);
        await Assert.ThrowsAsync<AccessDeniedException>(() => ImportAsync(database, user, file));
        await Assert.ThrowsAsync<AccessDeniedException>(() => ValidateAsync(database, user, file));
    }

    [Fact]
    public async Task The_template_has_the_fixed_Japanese_headers_whatever_the_UI_language()
    {
        Japanese();
        var (database, _, _, _) = await SeedAsync();
        await using var _ = database;
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("en-US");
        using var workbook = new XLWorkbook(new MemoryStream(await Exporter(database).TemplateAsync(Ct)));
        var headers = workbook.Worksheet(1).Row(1).CellsUsed().Select(c => c.GetString()).ToList();
        Assert.Equal(C.Fixed.Concat([C.Total(2024), C.Online(2024), C.Total(2025), C.Online(2025)]), headers);
        Assert.Equal(C.SheetName, workbook.Worksheet(1).Name);
        Assert.Equal(1, workbook.Worksheet(1).SheetView.SplitRow);
    }
}
