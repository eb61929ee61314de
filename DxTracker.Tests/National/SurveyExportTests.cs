using ClosedXML.Excel;
using DxTracker.Domain.Identity;
using DxTracker.Domain.National;
using DxTracker.Domain.Procedures;
using DxTracker.Tests.Excel;
using DxTracker.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace DxTracker.Tests.National;

public sealed class SurveyExportTests
{
    private static readonly DateTime Now = new(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Objection_categories_map_to_the_surveys_concern_codes()
    {
        Assert.Equal("1 制度改正が必要であり、制度改正のための時間確保が困難; 2 制度改正が必要であり、制度改正の業務上の優先順位が高くない",
            SurveyExportService.Concerns([ObjectionCategory.LegalChange]));
        Assert.Equal("3 電子化に必要なシステムが省庁内に備わっていない; 4 一部の必要書類の原本が紙であり、電子化してもオンライン処理が完結しない; 7 上記に該当しない",
            SurveyExportService.Concerns([ObjectionCategory.Seal, ObjectionCategory.PaperOriginals, ObjectionCategory.NoSystem, ObjectionCategory.IdentityVerification]));
        Assert.Equal("5 性質上、電子化すべきでない; 6 オンライン化の費用対効果が小さい又は不明",
            SurveyExportService.Concerns([ObjectionCategory.LowCostEffectiveness, ObjectionCategory.NotSuitable]));
        Assert.Equal("", SurveyExportService.Concerns([]));
    }

    [Fact]
    public async Task The_exported_sheet_reads_back_with_the_surveys_codes_and_the_latest_counts()
    {
        await using var database = await TestDatabase.CreateAsync();
        var departments = await database.AddDepartmentsAsync("D1");
        var dx = await database.AddUserAsync(Role.DxTeam);
        await using (var db = database.CreateDbContext())
        {
            var paper = Procedure.Create(departments[0].Id, new ProcedureFields
            {
                Code = "P-1", Name = "住民票の写し等の交付請求", NationalProcedureId = "9108", LawName = "住民基本台帳法", LawArticle = "第12条第1項",
                IdentityCheck = IdentityCheck.IdDocument, HasFee = true, TargetFiscalYear = 2025,
            }, dx, Now.AddDays(-30));
            paper.MoveTo(ProcedureStatus.UnderReview, dx, Now.AddDays(-20));
            paper.MoveTo(ProcedureStatus.ObjectionRaised, dx, Now.AddDays(-10), new MoveDetails(Objection: new NewObjection(ObjectionCategory.PaperOriginals, "原本が必要")));
            paper.RaiseObjection(new NewObjection(ObjectionCategory.LegalChange, "法改正が必要"), dx, Now.AddDays(-9));
            // A closed objection contributes no concern.
            var closed = paper.RaiseObjection(new NewObjection(ObjectionCategory.LowCostEffectiveness, "件数が少ない"), dx, Now.AddDays(-8));
            paper.SetVolume(2023, 900, 10, dx, Now);
            paper.SetVolume(2024, 1200, 300, dx, Now);
            db.Procedures.Add(paper);
            await db.SaveChangesAsync();
            paper.CloseObjection(closed.Id, ObjectionOutcome.Accepted, dx, Now);

            var online = Procedure.Create(departments[0].Id, new ProcedureFields { Code = "P-2", Name = "転入届", HasFee = false, TargetFiscalYear = 2028, IdentityCheck = IdentityCheck.None }, dx, Now.AddDays(-30));
            online.MoveTo(ProcedureStatus.InProgress, dx, Now.AddDays(-20));
            online.MoveTo(ProcedureStatus.Digitized, dx, Now.AddDays(-10), new MoveDetails(OnlineFormUrl: "https://example.jp/f"));
            var exempt = Procedure.Create(departments[0].Id, new ProcedureFields { Code = "P-3", Name = "埋葬許可" }, dx, Now.AddDays(-30));
            exempt.MoveTo(ProcedureStatus.UnderReview, dx, Now.AddDays(-20));
            exempt.MoveTo(ProcedureStatus.Exempt, dx, Now.AddDays(-10), new MoveDetails(ExemptReason: "対面が必須"));
            db.Procedures.AddRange(online, exempt);
            await db.SaveChangesAsync();
        }

        var bytes = await new SurveyExportService(database, ExcelFixtures.Office, new FakeTimeProvider(new DateTimeOffset(Now))).BuildAsync(TestContext.Current.CancellationToken);

        using var workbook = new XLWorkbook(new MemoryStream(bytes));
        var sheet = workbook.Worksheet(SurveyExportService.SheetName);
        Assert.Equal(SurveyExportService.Columns.Select(c => c.Header), sheet.Row(1).Cells(1, SurveyExportService.Columns.Count).Select(c => c.GetString()));
        string Cell(int row, string header) => sheet.Cell(row, SurveyExportService.Columns.ToList().FindIndex(c => c.Header == header) + 1).GetString();

        Assert.Equal("9108", Cell(2, "手続ID"));
        Assert.Equal("住民票の写し等の交付請求", Cell(2, "手続名"));
        Assert.Equal("第12条第1項", Cell(2, "根拠条項号"));
        Assert.Equal("2 未実施", Cell(2, "オンライン化の実施状況"));
        Assert.Equal("1 制度改正が必要であり、制度改正のための時間確保が困難; 2 制度改正が必要であり、制度改正の業務上の優先順位が高くない; 4 一部の必要書類の原本が紙であり、電子化してもオンライン処理が完結しない",
            Cell(2, "オンライン化の実施予定及び検討時の懸念点"));
        Assert.Equal("2 2025年度", Cell(2, "オンライン化実施時期"));
        Assert.Equal("4 本人確認書類の提示・提出", Cell(2, "申請等における本人確認手法"));
        Assert.Equal("2 手数料等有り", Cell(2, "手数料等の納付有無"));
        Assert.Equal(1200, sheet.Cell(2, 10).GetValue<long>());
        Assert.Equal(300, sheet.Cell(2, 11).GetValue<long>());
        Assert.Equal("P-1", Cell(2, "区の手続番号"));

        Assert.Equal("1 実施済", Cell(3, "オンライン化の実施状況"));
        Assert.Equal("", Cell(3, "オンライン化の実施予定及び検討時の懸念点"));
        Assert.Equal("2028年度", Cell(3, "オンライン化実施時期"));
        Assert.Equal("6 本人確認不要", Cell(3, "申請等における本人確認手法"));
        Assert.Equal("1 手数料等無し", Cell(3, "手数料等の納付有無"));
        Assert.True(sheet.Cell(3, 10).IsEmpty());
        Assert.Equal("3 適用除外", Cell(4, "オンライン化の実施状況"));
        Assert.True(sheet.Cell(5, 1).IsEmpty());
        Assert.Equal(NationalCatalogue.Attribution, workbook.Worksheet("出典").Cell(1, 1).GetString());
    }
}
