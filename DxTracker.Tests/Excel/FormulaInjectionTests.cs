using ClosedXML.Excel;
using DxTracker.Domain.Excel;
using DxTracker.Domain.Identity;
using DxTracker.Domain.National;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reporting;
using DxTracker.Tests.Support;
using static DxTracker.Tests.Excel.ExcelFixtures;

namespace DxTracker.Tests.Excel;

/// <summary>Text a user typed that a spreadsheet would read as a formula — = + - @ half- and full-width, a leading tab or
/// carriage return — stays text with a quote prefix in every workbook the app writes: the annual report, the inventory
/// export, the import-issues file and the survey export. (The public board's CSV holds only figures and the app's own
/// labels: no user text reaches it.)</summary>
public sealed class FormulaInjectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Each starts like a formula in Excel or LibreOffice.</summary>
    public static readonly string[] Hostile =
    [
        "=HYPERLINK(\"http://evil.example/\",\"x\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1",
        "＝HYPERLINK(\"http://evil.example/\")", "＋1", "－1", "＠SUM(A1)",
    ];

    [Trait("Kind", "Pure")]
    [Fact]
    public void Every_formula_start_is_recognised_and_ordinary_text_is_not()
    {
        Assert.All(Hostile, h => Assert.True(SheetWriter.NeedsQuotePrefix(h), h));
        foreach (var text in new[] { "", "転入届", "a=1", " =1", "1-2", "'=1", "（＝）", "\n=1" })
            Assert.False(SheetWriter.NeedsQuotePrefix(text), text);
    }

    [Trait("Kind", "Pure")]
    [Fact]
    public void A_table_written_by_the_sheet_writer_keeps_each_as_text()
    {
        using var workbook = new XLWorkbook();
        SheetWriter.AddTable(workbook, "S", "T", [new("列"), new("数", CellKind.Number)], Hostile.Select((h, i) => new object?[] { h, i }));
        CheckAll(Reopen(workbook), Hostile.Length);
    }

    [Fact]
    public async Task The_annual_report_the_inventory_export_and_the_survey_export_keep_each_as_text()
    {
        Japanese();
        await using var database = await TestDatabase.CreateAsync();
        var department = (await database.AddDepartmentsAsync("F01"))[0].Id;
        var dx = await database.AddUserAsync(Role.DxTeam);
        await using (var db = database.CreateDbContext())
        {
            var created = new DateTime(2025, 5, 1, 0, 0, 0, DateTimeKind.Utc);
            for (var i = 0; i < Hostile.Length; i++)
            {
                var p = Procedure.Create(department, new ProcedureFields { Code = $"F{i:D2}", Name = Hostile[i], Notes = Hostile[i], LawName = Hostile[i] }, dx, created);
                p.MoveTo(ProcedureStatus.ObjectionRaised, dx, created.AddDays(1), new MoveDetails(Comment: Hostile[i], Objection: new NewObjection(ObjectionCategory.Seal, Hostile[i], Hostile[i])));
                db.Procedures.Add(p);
            }
            await db.SaveChangesAsync(Ct);
        }

        // Procedures (name, law), objections (description, rebuttal), status changes (comment): each text at least once per sheet that shows it.
        var report = Open(await Reports(database).BuildAsync(new FiscalYear(2025), Ct));
        CheckAll(report, Hostile.Length * 3);
        // Inventory: name, law, notes, objection text.
        CheckAll(Open(await Exporter(database).ExportAsync(null, Ct)), Hostile.Length * 4);
        // Survey: name and law.
        CheckAll(Open(await new SurveyExportService(database).BuildAsync(Ct)), Hostile.Length * 2);
    }

    [Trait("Kind", "Pure")]
    [Fact]
    public void The_import_issues_file_keeps_a_typed_value_quoted_in_its_reason_as_text()
    {
        var issues = Hostile.Select((h, i) => new ImportIssue(i + 2, h, h)).ToList();
        CheckAll(Open(ImportIssueFile.Build(issues)), Hostile.Length * 2);
    }

    /// <summary>Every cell holding one of the texts is text, no formula, quote-prefixed; at least <paramref name="atLeast"/> such cells.</summary>
    private static void CheckAll(XLWorkbook workbook, int atLeast)
    {
        var cells = workbook.Worksheets.SelectMany(s => s.CellsUsed()).Where(c => Hostile.Any(h => Same(c.GetString(), h))).ToList();
        Assert.All(workbook.Worksheets.SelectMany(s => s.CellsUsed()), c => Assert.False(c.HasFormula, $"{c.Address}: {c.FormulaA1}"));
        Assert.True(cells.Count >= atLeast, $"{cells.Count} cells hold the texts, expected at least {atLeast}");
        Assert.All(cells, c => Assert.Equal((XLDataType.Text, true), (c.DataType, c.Style.IncludeQuotePrefix)));
        Assert.All(Hostile, h => Assert.Contains(cells, c => Same(c.GetString(), h)));
    }

    /// <summary>The same text; a carriage return may come back as a line feed (XML's end-of-line handling).</summary>
    private static bool Same(string read, string written) => read == written || read == written.Replace('\r', '\n');

    private static XLWorkbook Open(byte[] bytes) => new(new MemoryStream(bytes));

    private static XLWorkbook Reopen(XLWorkbook workbook)
    {
        var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return new XLWorkbook(new MemoryStream(stream.ToArray()));
    }
}
