using DxTracker.Domain.National;
using DxTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Tests.National;

public sealed class NationalCatalogueTests
{
    [Fact]
    public void ReadEmbedded_parses_all_2972_rows_with_their_codes()
    {
        var rows = NationalCatalogue.ReadEmbedded();

        Assert.Equal(2972, rows.Count);
        Assert.Equal(rows.Count, rows.Select(r => r.NationalId).Distinct().Count());
        Assert.All(rows, r => Assert.Equal(new DateOnly(2024, 3, 31), r.SurveyDate));
        Assert.All(rows, r => Assert.False(string.IsNullOrWhiteSpace(r.Name)));
        Assert.Equal(369, rows.Count(r => r.HasFee == true));
        Assert.Equal(407, rows.Count(r => r.TargetFiscalYear is not null));
        Assert.All(rows, r => Assert.InRange(r.OnlineStatus ?? 1, 1, 5));

        var multi = Assert.Single(rows, r => r.NationalId == "DP24106833");
        Assert.Equal("開示請求をした代理人の資格喪失時の届出", multi.Name);
        Assert.Equal(4, multi.OnlineStatus);                // "4 その他"
        Assert.Equal("0; 3; 6; 7", multi.ConcernCodes);     // "0 オンライン化実施予定; 3 …; 6 …; 7 …"
        Assert.Equal(2025, multi.TargetFiscalYear);         // "2 2025年度"
        Assert.Equal(3, multi.IdentityCheck);               // "3 署名; 4 …; 6 …": the first method
        Assert.False(multi.HasFee);                         // "1 手数料等無し"
        Assert.Equal(1, multi.AdministrativeCategory);      // "1 自治事務"
        Assert.Equal(43, multi.TotalCount);
        Assert.Equal(0, multi.OnlineCount);                 // 0 is kept as given

        var withFee = Assert.Single(rows, r => r.NationalId == "1923");
        Assert.True(withFee.HasFee);                        // "2 手数料等有り"
        Assert.Equal(4, withFee.IdentityCheck);
        Assert.Equal(2, withFee.OnlineStatus);
        Assert.Equal(791, withFee.TotalCount);

        var quoted = Assert.Single(rows, r => r.NationalId == "35783");
        Assert.Equal("第5条第1,2,3,4項", quoted.LawArticle);
    }

    [Fact]
    public void Parse_reads_quoted_fields_with_commas_quotes_and_line_breaks()
    {
        const string csv = "手続ID,所管府省庁,手続名,法令名,根拠条項号,事務区分,手続主体,手続の受け手,オンライン化の実施状況,"
            + "オンライン化の実施予定及び検討時の懸念点,オンライン化実施時期,申請等における本人確認手法,手数料等の納付有無,申請時に添付させる書類,"
            + "総手続件数,オンライン手続件数,手続が行われるイベント(個人)\r\n"
            + "X1,総務省,\"名前, \"\"引用\"\"付き\",\"法\r\n二行目\",第1条,2 第1号法定受託事務,5 国民等,3 地方等,1 実施済,,,,2 手数料等有り,\"住民票; 図面\",10,7,引越し\r\n";

        var row = Assert.Single(NationalCatalogue.Parse(new StringReader(csv), NationalCatalogue.SurveyDate));

        Assert.Equal("名前, \"引用\"付き", row.Name);
        Assert.Equal("法\r\n二行目", row.LawName);
        Assert.Equal(2, row.AdministrativeCategory);
        Assert.Equal(1, row.OnlineStatus);
        Assert.True(row.IsOnline);
        Assert.Equal("", row.ConcernCodes);
        Assert.Null(row.TargetFiscalYear);
        Assert.Null(row.IdentityCheck);
        Assert.True(row.HasFee);
        Assert.Equal("住民票; 図面", row.Attachments);
        Assert.Equal(10, row.TotalCount);
        Assert.Equal(7, row.OnlineCount);
    }

    [Fact]
    public void Parse_refuses_a_short_row_naming_its_line()
    {
        var header = string.Join(",", Enumerable.Repeat("x", 1)) + "\n";
        var full = "手続ID,所管府省庁,手続名,法令名,根拠条項号,事務区分,手続主体,手続の受け手,オンライン化の実施状況,"
            + "オンライン化の実施予定及び検討時の懸念点,オンライン化実施時期,申請等における本人確認手法,手数料等の納付有無,申請時に添付させる書類,"
            + "総手続件数,オンライン手続件数,手続が行われるイベント(個人)\n";

        var missingColumns = Assert.Throws<FormatException>(() => NationalCatalogue.Parse(new StringReader(header), NationalCatalogue.SurveyDate));
        Assert.Contains("missing columns", missingColumns.Message);
        var shortRow = Assert.Throws<FormatException>(() => NationalCatalogue.Parse(new StringReader(full + "X1,総務省,名前\n"), NationalCatalogue.SurveyDate));
        Assert.StartsWith("Line 2:", shortRow.Message);
        var badCount = Assert.Throws<FormatException>(() => NationalCatalogue.Parse(
            new StringReader(full + "X1,総務省,名前,法,条,1 自治事務,5,3,2 未実施,,,,1,,十,0,\n"), NationalCatalogue.SurveyDate));
        Assert.Contains("総手続件数", badCount.Message);
    }

    [Fact]
    public async Task LoadAsync_inserts_the_catalogue_once_and_a_reload_is_a_no_op()
    {
        await using var database = await TestDatabase.CreateAsync();
        var ct = TestContext.Current.CancellationToken;

        await using (var db = database.CreateDbContext())
            Assert.Equal(2972, await NationalCatalogue.LoadAsync(db, ct));
        await using (var db = database.CreateDbContext())
        {
            Assert.Equal(0, await NationalCatalogue.LoadAsync(db, ct));
            Assert.Equal(2972, await db.NationalProcedures.CountAsync(ct));
            var multi = await db.NationalProcedures.SingleAsync(n => n.NationalId == "DP24106833", ct);
            Assert.Equal("0; 3; 6; 7", multi.ConcernCodes);
            Assert.Equal(NationalCatalogue.SurveyDate, multi.SurveyDate);
        }
    }
}
