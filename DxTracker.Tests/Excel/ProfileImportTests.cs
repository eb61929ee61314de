using DxTracker.Domain.Excel;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Procedures;
using DxTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;
using C = DxTracker.Domain.Excel.InventoryColumns;
using static DxTracker.Tests.Excel.ExcelFixtures;

namespace DxTracker.Tests.Excel;

/// <summary>The profile's columns in the inventory sheet: written in Japanese, read back, checked by row and column, and left
/// alone by a sheet made before they existed.</summary>
public sealed class ProfileImportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(TestDatabase Db, Actor Dx)> SeedAsync()
    {
        var database = await TestDatabase.CreateAsync();
        var departments = await database.AddDepartmentsAsync("A01");
        var dx = await database.AddUserAsync(Role.DxTeam, name: "山田 花子");
        await AddProceduresAsync(database, dx, departments[0].Id, 2, Now.AddDays(-30));
        return (database, dx);
    }

    private static async Task<Procedure> LoadAsync(TestDatabase database, string code)
    {
        await using var db = database.CreateDbContext();
        return await db.Procedures.AsNoTracking().SingleAsync(p => p.Code == code, Ct);
    }

    [Fact]
    public async Task Every_profile_column_imports_and_exports_back_as_a_no_op()
    {
        Japanese();
        var (database, dx) = await SeedAsync();
        await using var _ = database;
        var file = Edit(await Exporter(database).ExportAsync(null, Ct), s =>
        {
            var row = s.RowOf("P00001");
            s.Set(row, C.Telework, "一部可");
            s.Set(row, C.TeleworkBarriers, "個人情報・機密情報、LGWAN内のシステムのみ、その他");
            s.Set(row, C.TeleworkOtherReason, "住民票の原本確認");
            s.Set(row, C.Seal, "廃止済");
            s.Set(row, C.SealAbolishedOn, "2024-04-01");
            s.Set(row, C.AttachmentCount, "3");
            s.Set(row, C.AbolishedAttachmentCount, "２");
            s.Set(row, C.InPerson, "条例");
            s.Set(row, C.FeePayment, "キャッシュレス");
            s.Set(row, C.StandardProcessingDays, "14");
            s.Set(row, C.LifeEvents, "引越し、出生・こども");
        });

        var outcome = await ImportAsync(database, dx, file);
        Assert.True(outcome.Committed, string.Join("\n", outcome.Issues));
        Assert.Equal((0, 1, 1), (outcome.New, outcome.Changed, outcome.Unchanged));
        var p = await LoadAsync(database, "P00001");
        Assert.Equal((Telework.Partly, TeleworkBarriers.PersonalData | TeleworkBarriers.LgwanOnly | TeleworkBarriers.Other, "住民票の原本確認"),
            (p.Telework, p.TeleworkBarriers, p.TeleworkOtherReason));
        Assert.Equal((SealRequirement.Abolished, new DateOnly(2024, 4, 1), 3, 2), (p.Seal, p.SealAbolishedOn, p.AttachmentCount, p.AbolishedAttachmentCount));
        Assert.Equal((InPersonRequirement.Ordinance, FeePaymentMethod.Cashless, 14, LifeEvents.Moving | LifeEvents.Birth),
            (p.InPerson, p.FeePayment, p.StandardProcessingDays, p.LifeEvents));

        var again = await Exporter(database).ExportAsync(null, Ct);
        Edit(again, s => Assert.Equal("個人情報・機密情報、LGWAN内のシステムのみ、その他", s.Cell(s.RowOf("P00001"), C.TeleworkBarriers).GetString()));
        var second = await ImportAsync(database, dx, again);
        Assert.Equal((0, 0, 2), (second.New, second.Changed, second.Unchanged));
    }

    public static TheoryData<string, string, string, string> BadCells => new()
    {
        // header, value, column reported, part of the reason
        { C.Telework, "たぶん", C.Telework, "可、一部可、不可" },
        { C.TeleworkBarriers, "個人情報・機密情報、眠い", C.TeleworkBarriers, "眠い" },
        { C.Seal, "廃止予定", C.Seal, "廃止予定" },
        { C.SealAbolishedOn, "2024-04-01", C.SealAbolishedOn, "廃止済" },
        { C.AttachmentCount, "-1", C.AttachmentCount, "999" },
        { C.StandardProcessingDays, "9999", C.StandardProcessingDays, "3650" },
        { C.InPerson, "省令", C.InPerson, "法律・政令" },
        { C.LifeEvents, "入学", C.LifeEvents, "入学" },
        // 課題の根拠: a rule's source (なし is not one), and only beside the objection it belongs to.
        { C.ObjectionSource, "なし", C.ObjectionSource, "法律・政令、条例、規則・要綱、慣行" },
        { C.ObjectionSource, "条例", C.ObjectionSource, "課題分類" },
    };

    [Theory]
    [MemberData(nameof(BadCells))]
    public async Task A_bad_profile_cell_is_reported_by_row_and_column_and_nothing_is_written(string header, string value, string column, string reason)
    {
        Japanese();
        var (database, dx) = await SeedAsync();
        await using var _ = database;
        var excelRow = 0;
        var file = Edit(await Exporter(database).ExportAsync(null, Ct), s =>
        {
            var row = s.RowOf("P00002");
            excelRow = row + 1;
            s.Set(s.RowOf("P00001"), C.Telework, "不可"); // a good change on another row: not written either
            s.Set(row, header, value);
        });

        var outcome = await ImportAsync(database, dx, file);

        var issue = Assert.Single(outcome.Issues);
        Assert.Equal((excelRow, column), (issue.Row, issue.Column));
        Assert.Contains(reason, issue.Reason);
        Assert.False(outcome.Committed);
        Assert.Null((await LoadAsync(database, "P00001")).Telework);
    }

    [Fact]
    public async Task An_objection_imports_with_its_source_and_a_later_sheet_sets_the_source_of_the_same_objection()
    {
        Japanese();
        var (database, dx) = await SeedAsync();
        await using var _ = database;
        var file = Edit(await Exporter(database).ExportAsync(null, Ct), s =>
        {
            var row = s.RowOf("P00001");
            s.Set(row, C.Category, "押印");
            s.Set(row, C.ObjectionText, "規則で押印を求めている");
            s.Set(row, C.ObjectionSource, "規則・要綱");
        });
        Assert.True((await ImportAsync(database, dx, file)).Committed);

        var again = Edit(await Exporter(database).ExportAsync(null, Ct), s =>
        {
            var row = s.RowOf("P00001");
            Assert.Equal("規則・要綱", s.Cell(row, C.ObjectionSource).GetString());
            s.Set(row, C.ObjectionSource, "法律・政令");
        });
        var second = await ImportAsync(database, dx, again);

        Assert.Equal((0, 1, 1), (second.New, second.Changed, second.Unchanged));
        await using var db = database.CreateDbContext();
        var objection = await db.Objections.AsNoTracking().SingleAsync(o => o.Procedure!.Code == "P00001", Ct);
        Assert.Equal((ObjectionCategory.Seal, InPersonRequirement.Law), (objection.Category, objection.Source));
    }

    [Fact]
    public async Task Reasons_for_telework_that_is_possible_are_refused_on_the_reasons_column()
    {
        Japanese();
        var (database, dx) = await SeedAsync();
        await using var _ = database;
        var file = Edit(await Exporter(database).ExportAsync(null, Ct), s =>
        {
            s.Set(s.RowOf("P00001"), C.Telework, "可");
            s.Set(s.RowOf("P00001"), C.TeleworkBarriers, "窓口対応が必要");
        });

        var issue = Assert.Single((await ImportAsync(database, dx, file)).Issues);

        Assert.Equal(C.TeleworkBarriers, issue.Column);
        Assert.Contains("一部可", issue.Reason);
    }

    [Fact]
    public async Task A_sheet_without_the_profile_columns_keeps_the_stored_profile()
    {
        Japanese();
        var (database, dx) = await SeedAsync();
        await using var _ = database;
        await using (var db = database.CreateDbContext())
        {
            var p = await db.Procedures.SingleAsync(x => x.Code == "P00001", Ct);
            p.Update(p.Fields with { Telework = Telework.NotPossible, TeleworkBarriers = TeleworkBarriers.CounterWork, LifeEvents = LifeEvents.Care, AttachmentCount = 4 }, dx, Now);
            await db.SaveChangesAsync(Ct);
        }
        var file = Edit(await Exporter(database).ExportAsync(null, Ct), s =>
        {
            // The headers of a sheet made before the profile existed: these columns are not read.
            foreach (var (header, i) in C.Profile.Select((h, i) => (h, i)))
                s.Sheet.Cell(1, s.Column(header)).SetValue($"メモ{i + 1}");
            s.Set(s.RowOf("P00001"), C.Name, "介護保険の申請（改）");
        });

        var outcome = await ImportAsync(database, dx, file);

        Assert.True(outcome.Committed, string.Join("\n", outcome.Issues));
        var kept = await LoadAsync(database, "P00001");
        Assert.Equal(("介護保険の申請（改）", Telework.NotPossible, TeleworkBarriers.CounterWork, LifeEvents.Care, (int?)4),
            (kept.Name, kept.Telework, kept.TeleworkBarriers, kept.LifeEvents, kept.AttachmentCount));
    }
}
