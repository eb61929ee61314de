using ClosedXML.Excel;
using DxTracker.Domain.Excel;
using DxTracker.Domain.Identity;
using DxTracker.Domain.National;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reporting;
using DxTracker.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static DxTracker.Tests.Excel.ExcelFixtures;

namespace DxTracker.Tests.Excel;

/// <summary>Text a user typed that a spreadsheet would read as a formula — = + - @ half- and full-width, a leading tab or
/// carriage return — stays text with a quote prefix in every workbook the app writes: the annual report, the inventory
/// export and the survey export here; the sheet writer and the import-issues file in Rules/SheetWriterTests. (The public board's CSV holds only figures and the app's own
/// labels: no user text reaches it.)</summary>
public sealed class FormulaInjectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

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
            for (var i = 0; i < FormulaText.Hostile.Length; i++)
            {
                var p = Procedure.Create(department, new ProcedureFields { Code = $"F{i:D2}", Name = FormulaText.Hostile[i], Notes = FormulaText.Hostile[i], LawName = FormulaText.Hostile[i] }, dx, created);
                p.MoveTo(ProcedureStatus.ObjectionRaised, dx, created.AddDays(1), new MoveDetails(Comment: FormulaText.Hostile[i], Objection: new NewObjection(ObjectionCategory.Seal, FormulaText.Hostile[i], FormulaText.Hostile[i])));
                db.Procedures.Add(p);
            }
            await db.SaveChangesAsync(Ct);
        }

        // Procedures (name, law), objections (description, rebuttal), status changes (comment): each text at least once per sheet that shows it.
        var report = FormulaText.Open(await Reports(database).BuildAsync(new FiscalYear(2025), Ct));
        FormulaText.CheckAll(report, FormulaText.Hostile.Length * 3);
        // Inventory: name, law, notes, objection text.
        FormulaText.CheckAll(FormulaText.Open(await Exporter(database).ExportAsync(null, Ct)), FormulaText.Hostile.Length * 4);
        // Survey: name and law.
        FormulaText.CheckAll(FormulaText.Open(await new SurveyExportService(database, Office, new FakeTimeProvider(new DateTimeOffset(Now))).BuildAsync(Ct)), FormulaText.Hostile.Length * 2);
    }
}
