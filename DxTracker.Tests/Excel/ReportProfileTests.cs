using System.Globalization;
using ClosedXML.Excel;
using DxTracker.Domain.Excel;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reporting;
using DxTracker.Domain.Resources;
using DxTracker.Tests.Demo;
using DxTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static DxTracker.Tests.Excel.ExcelFixtures;

namespace DxTracker.Tests.Excel;

/// <summary>The annual report's profile (issue 19) on the demo ward (hundreds of procedures with realistic profiles): the
/// per-procedure sheet carries the inventory's profile columns with each procedure's values, and the figures sheet and the
/// by-department sheet carry the board's profile figures — checked against the procedures themselves, counted here.</summary>
public sealed class ReportProfileTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly FiscalYear Fy2025 = new(2025);

    private static async Task<(TestDatabase Database, List<Procedure> Procedures, Dictionary<int, string> Departments)> DemoWardAsync()
    {
        var database = await TestDatabase.CreateAsync();
        await DemoCityFixture.BuildAsync(database, DemoCityFixture.Seed);
        await using (var edit = database.CreateDbContext())
        {
            // Answers the demo ward does not give, edited as the DX team would: seals abolished on a date, その他 with its
            // text, several life events, a translated online procedure.
            var dx = new Actor("dx-1", "佐藤 美咲", Role.DxTeam, null);
            var at = DemoCityFixture.UtcNow;
            var required = await edit.Procedures.Where(p => p.Seal == SealRequirement.Required && p.Status != ProcedureStatus.Exempt).OrderBy(p => p.Code).Take(3).ToListAsync(Ct);
            foreach (var (p, i) in required.Select((p, i) => (p, i)))
                p.Update(p.Fields with { Seal = SealRequirement.Abolished, SealAbolishedOn = new DateOnly(2026, 4, 1 + i) }, dx, at);
            var partly = await edit.Procedures.Where(p => p.Telework == Telework.Partly).OrderBy(p => p.Code).FirstAsync(Ct);
            partly.Update(partly.Fields with
            {
                TeleworkBarriers = partly.TeleworkBarriers | TeleworkBarriers.Other, TeleworkOtherReason = "=押印原本の保管",
                LifeEvents = LifeEvents.Birth | LifeEvents.Moving | LifeEvents.Care,
            }, dx, at);
            var online = await edit.Procedures.Where(p => p.Status == ProcedureStatus.Digitized).OrderBy(p => p.Code).FirstAsync(Ct);
            online.Update(online.Fields with { Translation = true }, dx, at);
            await edit.SaveChangesAsync(Ct);
        }
        await using var db = database.CreateDbContext();
        var procedures = await db.Procedures.AsNoTracking().ToListAsync(Ct);
        var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, Ct);
        return (database, procedures, departments);
    }

    private static List<IXLTableRow> Rows(IXLWorksheet sheet) => sheet.Tables.Single().DataRange.Rows().ToList();

    private static string Text(IXLCell cell) => cell.GetString();

    private static double? Number(IXLCell cell) => cell.IsEmpty() ? null : cell.GetDouble();

    [Fact]
    public async Task The_profile_sheet_has_the_inventorys_profile_columns_with_each_procedures_values()
    {
        Japanese();
        var (database, procedures, departments) = await DemoWardAsync();
        await using var _ = database;
        using var workbook = new XLWorkbook(new MemoryStream(await Reports(database).BuildAsync(Fy2025, Ct)));
        var sheet = workbook.Worksheet("在宅勤務・BPR");

        // The same words as the inventory sheet's headers, in the same order, after 手続ID, 手続名 and 課.
        var headers = sheet.Row(1).CellsUsed().Select(c => c.GetString()).ToList();
        Assert.Equal(["手続ID", "手続名", "課", .. InventoryColumns.Profile], headers);
        Assert.Equal(["在宅勤務可否", "在宅勤務不可の理由", "在宅勤務不可の理由（その他）", "押印", "押印廃止日", "添付書類数", "廃止した添付書類数",
            "対面要件", "手数料の納付方法", "標準処理期間", "ライフイベント"], headers.Skip(3));
        int Col(string h) => headers.IndexOf(h) + 1;

        var rows = Rows(sheet);
        Assert.Equal(procedures.Count, rows.Count);
        var byCode = procedures.ToDictionary(p => p.Code);
        foreach (var row in rows)
        {
            var p = byCode[Text(row.Cell(1))];
            Assert.Equal(p.Name, Text(row.Cell(2)));
            Assert.Equal(departments[p.DepartmentId], Text(row.Cell(3)));
            Assert.Equal(p.Telework is { } t ? DomainText.Label(t) : "", Text(row.Cell(Col("在宅勤務可否"))));
            Assert.Equal(DomainText.Labels(p.TeleworkBarriers), Text(row.Cell(Col("在宅勤務不可の理由"))));
            Assert.Equal(p.TeleworkOtherReason ?? "", Text(row.Cell(Col("在宅勤務不可の理由（その他）"))));
            Assert.Equal(p.Seal is { } s ? DomainText.Label(s) : "", Text(row.Cell(Col("押印"))));
            var sealDate = row.Cell(Col("押印廃止日"));
            Assert.Equal(p.SealAbolishedOn?.ToDateTime(TimeOnly.MinValue), sealDate.IsEmpty() ? null : sealDate.GetDateTime());
            Assert.Equal(p.AttachmentCount, (int?)Number(row.Cell(Col("添付書類数"))));
            Assert.Equal(p.AbolishedAttachmentCount, (int?)Number(row.Cell(Col("廃止した添付書類数"))));
            Assert.Equal(p.InPerson is { } ip ? DomainText.Label(ip) : "", Text(row.Cell(Col("対面要件"))));
            Assert.Equal(p.FeePayment is { } fp ? DomainText.Label(fp) : "", Text(row.Cell(Col("手数料の納付方法"))));
            Assert.Equal(p.StandardProcessingDays, (int?)Number(row.Cell(Col("標準処理期間"))));
            Assert.Equal(DomainText.Labels(p.LifeEvents), Text(row.Cell(Col("ライフイベント"))));
        }
        // The demo ward exercises what is checked: every answer, several reasons at once, abolished seals with a date, counts, events.
        Assert.Equal(3, procedures.Select(p => p.Telework).Distinct().Count(t => t is not null));
        Assert.Contains(procedures, p => Profile.Flags(p.TeleworkBarriers).Count() > 1);
        Assert.Contains(procedures, p => p.SealAbolishedOn is not null);
        Assert.Contains(procedures, p => p.AbolishedAttachmentCount > 0);
        Assert.Contains(procedures, p => p.StandardProcessingDays is not null);
        Assert.Contains(procedures, p => p.TeleworkOtherReason is not null);
        Assert.Contains(procedures, p => Profile.Flags(p.LifeEvents).Count() > 1);
        var dated = rows.First(r => !r.Cell(Col("押印廃止日")).IsEmpty()).Cell(Col("押印廃止日"));
        Assert.Equal((XLDataType.DateTime, SheetWriter.DateFormat), (dated.DataType, dated.Style.NumberFormat.Format));
    }

    [Fact]
    public async Task The_figures_sheet_and_the_by_department_sheet_carry_the_boards_profile_figures()
    {
        Japanese();
        var (database, procedures, departments) = await DemoWardAsync();
        await using var _ = database;
        using var workbook = new XLWorkbook(new MemoryStream(await Reports(database).BuildAsync(Fy2025, Ct)));

        // Counted here from the procedures (non-exempt ones, today), as docs/DOMAIN.md#procedure-profile defines them.
        var live = procedures.Where(p => p.Status != ProcedureStatus.Exempt).ToList();
        var answered = live.Count(p => p.Telework is not null);
        var digitized = live.Where(p => p.Status == ProcedureStatus.Digitized).ToList();
        var sealed_ = live.Where(p => p.Seal is SealRequirement.Required or SealRequirement.Abolished).ToList();
        var counted = live.Where(p => p.AttachmentCount is not null).ToList();
        var (left, abolished) = (counted.Sum(p => p.AttachmentCount ?? 0), counted.Sum(p => p.AbolishedAttachmentCount ?? 0));
        var expected = new Dictionary<string, (double? Value, int? Numerator, int? Denominator)>
        {
            ["在宅勤務が可能な手続の割合"] = Rate(live.Count(p => p.Telework == Telework.Possible), answered),
            ["在宅勤務：一部可"] = (live.Count(p => p.Telework == Telework.Partly), null, null),
            ["在宅勤務：不可"] = (live.Count(p => p.Telework == Telework.NotPossible), null, null),
            ["在宅勤務：未回答"] = (live.Count(p => p.Telework is null), null, null),
            ["押印廃止率"] = Rate(sealed_.Count(p => p.Seal == SealRequirement.Abolished), sealed_.Count),
            ["添付書類の削減率"] = Rate(abolished, left + abolished),
            ["電子化済の手続数"] = (digitized.Count, null, null),
            ["窓口タブレットで支援する手続の割合"] = Rate(digitized.Count(p => p.CounterTablet), digitized.Count),
            ["スマホ教室で支援する手続の割合"] = Rate(digitized.Count(p => p.SmartphoneClass), digitized.Count),
            ["翻訳で支援する手続の割合"] = Rate(digitized.Count(p => p.Translation), digitized.Count),
        };
        foreach (var reason in Profile.Flags((TeleworkBarriers)~0))
        {
            expected["在宅勤務ができない理由：" + DomainText.Label(reason)] =
                (live.Count(p => p.Telework is Telework.Partly or Telework.NotPossible && p.TeleworkBarriers.HasFlag(reason)), null, null);
        }

        var figures = workbook.Worksheet("在宅勤務・BPRの指標");
        Assert.Equal(["項目", "値（本日時点）", "分子", "分母", "定義"], figures.Row(1).CellsUsed().Select(c => c.GetString()));
        var rows = Rows(figures).ToDictionary(r => Text(r.Cell(1)));
        Assert.Equal(expected.Keys.Order(), rows.Keys.Order());
        foreach (var (label, (value, numerator, denominator)) in expected)
        {
            var row = rows[label];
            Assert.Equal(value!.Value, Number(row.Cell(2))!.Value, 9);
            Assert.Equal(numerator, (int?)Number(row.Cell(3)));
            Assert.Equal(denominator, (int?)Number(row.Cell(4)));
            if (numerator is not null)
                Assert.Equal(SheetWriter.PercentFormat, row.Cell(2).Style.NumberFormat.Format);
        }
        // The data is not degenerate: every rate has a denominator and a numerator.
        Assert.All(expected.Values.Where(e => e.Denominator is not null), e => Assert.InRange(e.Value!.Value, 0.001, 1));

        // The same figures as the board shows.
        var board = await new ProfileBoardQuery(database).LoadAsync(Ct);
        Assert.Equal(board.Total.TeleworkPossible.Value!.Value, Number(rows["在宅勤務が可能な手続の割合"].Cell(2))!.Value, 9);
        Assert.Equal(board.SealAbolished.Value!.Value, Number(rows["押印廃止率"].Cell(2))!.Value, 9);
        Assert.Equal(board.AttachmentsAbolished.Value!.Value, Number(rows["添付書類の削減率"].Cell(2))!.Value, 9);
        Assert.Equal(board.Total.CounterTablet.Value!.Value, Number(rows["窓口タブレットで支援する手続の割合"].Cell(2))!.Value, 9);

        // By department: today's shares per 課, counted here, empty where the denominator is.
        var byDepartment = workbook.Worksheet("課別");
        var headers = byDepartment.Row(1).CellsUsed().Select(c => c.GetString()).ToList();
        var columns = new[] { "在宅勤務可（本日時点）", "窓口タブレット（本日時点）", "スマホ教室（本日時点）", "翻訳（本日時点）" }.Select(h => headers.IndexOf(h) + 1).ToArray();
        Assert.DoesNotContain(0, columns);
        var departmentRows = Rows(byDepartment);
        Assert.Equal(departments.Count, departmentRows.Count);
        var emptySeen = false;
        foreach (var row in departmentRows)
        {
            var name = Text(row.Cell(headers.IndexOf("課") + 1));
            var own = live.Where(p => departments[p.DepartmentId] == name).ToList();
            var ownDigitized = own.Where(p => p.Status == ProcedureStatus.Digitized).ToList();
            double? Share(int numerator, int denominator) => denominator == 0 ? null : (double)numerator / denominator;
            var shares = new[]
            {
                Share(own.Count(p => p.Telework == Telework.Possible), own.Count(p => p.Telework is not null)),
                Share(ownDigitized.Count(p => p.CounterTablet), ownDigitized.Count),
                Share(ownDigitized.Count(p => p.SmartphoneClass), ownDigitized.Count),
                Share(ownDigitized.Count(p => p.Translation), ownDigitized.Count),
            };
            for (var i = 0; i < columns.Length; i++)
            {
                var cell = Number(row.Cell(columns[i]));
                Assert.Equal(shares[i] is null, cell is null);
                if (shares[i] is { } share)
                    Assert.Equal(share, cell!.Value, 9);
                emptySeen |= cell is null;
            }
        }
        Assert.Contains(departmentRows, r => columns.Skip(1).Any(c => Number(r.Cell(c)) > 0));
        TestContext.Current.TestOutputHelper?.WriteLine($"{procedures.Count} procedures, {departments.Count} 課, a 課 without digitized procedures seen: {emptySeen}");
    }

    private static (double? Value, int? Numerator, int? Denominator) Rate(int numerator, int denominator) =>
        (denominator == 0 ? null : (double)numerator / denominator, numerator, denominator);

    [Fact]
    public async Task In_English_the_profile_headers_and_words_are_English()
    {
        var (database, procedures, _) = await DemoWardAsync();
        await using var _ = database;
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en-US");
        using var workbook = new XLWorkbook(new MemoryStream(await Reports(database).BuildAsync(Fy2025, Ct)));
        var sheet = workbook.Worksheet("Telework and BPR");
        var headers = sheet.Row(1).CellsUsed().Select(c => c.GetString()).ToList();
        Assert.Equal(["Code", "Name", "Department", "Telework possible", "Reasons against telework", "Reasons against telework (other)", "Seal",
            "Seal abolished on", "Attachments required", "Attachments abolished", "In-person requirement", "Fee payment", "Standard processing days",
            "Life events"], headers);
        var p = procedures.First(x => x.Telework == Telework.NotPossible && Profile.Flags(x.TeleworkBarriers).Count() > 1);
        var row = Rows(sheet).Single(r => Text(r.Cell(1)) == p.Code);
        Assert.Equal("Not possible", Text(row.Cell(4)));
        Assert.Equal(string.Join(", ", Profile.Flags(p.TeleworkBarriers).Select(b => DomainText.Get("TeleworkBarriers_" + b, CultureInfo.GetCultureInfo("en-US")))),
            Text(row.Cell(5)));
        // The Japanese report uses the inventory's own headers; the resource's Japanese column says the same words.
        var ja = CultureInfo.GetCultureInfo("ja-JP");
        Assert.All(InventoryColumns.ProfileColumns, c => Assert.Equal(c.Header, ExcelText.Get("ProfileCol_" + c.Key, ja)));
    }
}
