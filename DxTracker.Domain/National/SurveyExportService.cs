using ClosedXML.Excel;
using DxTracker.Domain.Data;
using DxTracker.Domain.Excel;
using DxTracker.Domain.Organisation;
using DxTracker.Domain.Procedures;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Domain.National;

/// <summary>Our procedures in the national survey's columns and codes ("code label", multi-codes "; "-joined, as the
/// survey's own file writes them), so the office answers the survey from what it already tracks. The headers and code
/// labels are the survey's, in Japanese whatever the UI language; a second sheet carries the attribution. Both sheets print
/// like every sheet of the app (<see cref="PrintLayout"/>), in Japanese.</summary>
public sealed class SurveyExportService(IDbContextFactory<DxDbContext> dbFactory, OfficeSettings office, TimeProvider clock)
{
    public const string SheetName = "悉皆調査様式";
    public const string FileName = "悉皆調査回答.xlsx";
    public const string AsciiFileName = "DxTracker_survey.xlsx";

    /// <summary>The printed pages' title.</summary>
    public const string Title = "行政手続等の悉皆調査 回答";

    public static readonly IReadOnlyList<SheetColumn> Columns =
    [
        new("手続ID"), new("手続名"), new("法令名"), new("根拠条項号"), new("オンライン化の実施状況"),
        new("オンライン化の実施予定及び検討時の懸念点"), new("オンライン化実施時期"), new("申請等における本人確認手法"),
        new("手数料等の納付有無"), new("総手続件数", CellKind.Number), new("オンライン手続件数", CellKind.Number), new("区の手続番号"),
    ];

    private static readonly string[] ConcernLabels =
    [
        "オンライン化実施予定", "制度改正が必要であり、制度改正のための時間確保が困難", "制度改正が必要であり、制度改正の業務上の優先順位が高くない",
        "電子化に必要なシステムが省庁内に備わっていない", "一部の必要書類の原本が紙であり、電子化してもオンライン処理が完結しない",
        "性質上、電子化すべきでない", "オンライン化の費用対効果が小さい又は不明", "上記に該当しない",
    ];

    /// <summary>オンライン化の実施状況 from our status: Digitized → 1 実施済, Exempt → 3 適用除外, anything else → 2 未実施.</summary>
    public static string OnlineStatus(ProcedureStatus status) => status switch
    {
        ProcedureStatus.Digitized => "1 実施済",
        ProcedureStatus.Exempt => "3 適用除外",
        _ => "2 未実施",
    };

    /// <summary>懸念点 from the categories of the open objections: each category's survey codes, distinct, ascending.</summary>
    public static string Concerns(IEnumerable<ObjectionCategory> openCategories) =>
        string.Join("; ", openCategories.SelectMany(ObjectionCategories.SurveyCodes).Distinct().Order().Select(c => $"{c} {ConcernLabels[c]}"));

    /// <summary>実施時期: the survey's coded years (1 2024年度, 2 2025年度, 3 2026年度), otherwise the year alone.</summary>
    public static string? TargetYear(int? fiscalYear) => fiscalYear switch
    {
        null => null,
        >= 2024 and <= 2026 => $"{fiscalYear - 2023} {fiscalYear}年度",
        _ => $"{fiscalYear}年度",
    };

    public static string IdentityCheckCode(IdentityCheck check) => check switch
    {
        IdentityCheck.SealWithCertificate => "1 押印＋印鑑証明",
        IdentityCheck.Seal => "2 押印",
        IdentityCheck.Signature => "3 署名",
        IdentityCheck.IdDocument => "4 本人確認書類の提示・提出",
        IdentityCheck.Other => "5 その他",
        _ => "6 本人確認不要",
    };

    public static string FeeCode(bool hasFee) => hasFee ? "2 手数料等有り" : "1 手数料等無し";

    public async Task<byte[]> BuildAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var procedures = await db.Procedures.AsNoTracking()
            .OrderBy(p => p.Department!.SortOrder).ThenBy(p => p.Department!.Code).ThenBy(p => p.Code)
            .Select(p => new
            {
                p.Code, p.Name, p.NationalProcedureId, p.LawName, p.LawArticle, p.Status, p.TargetFiscalYear, p.IdentityCheck, p.HasFee,
                Open = p.Objections.Where(o => o.Outcome == ObjectionOutcome.Open).Select(o => o.Category).ToList(),
                Volume = db.ProcedureVolumes.Where(v => v.ProcedureId == p.Id).OrderByDescending(v => v.FiscalYear)
                    .Select(v => new { v.Total, v.Online }).FirstOrDefault(),
            })
            .AsSplitQuery()
            .ToListAsync(ct);
        var rows = procedures.Select(p => new object?[]
        {
            p.NationalProcedureId, p.Name, p.LawName, p.LawArticle, OnlineStatus(p.Status), Concerns(p.Open) is { Length: > 0 } c ? c : null,
            TargetYear(p.TargetFiscalYear), p.IdentityCheck is { } i ? IdentityCheckCode(i) : null, p.HasFee is { } f ? FeeCode(f) : null,
            p.Volume?.Total, p.Volume?.Online, p.Code,
        });

        using var workbook = new XLWorkbook();
        var layout = PrintLayout.Create(Title, null, office, clock, PrintLayout.Japanese);
        layout.ApplyTo(SheetWriter.AddTable(workbook, SheetName, "Survey", Columns, rows));
        var source = workbook.AddWorksheet("出典");
        source.Cell(1, 1).Value = NationalCatalogue.Attribution;
        source.Cell(2, 1).Value = "様式・コードは行政手続等の悉皆調査に準拠。値はこの区の手続台帳から作成（手続IDは対応付けた全国手続）。";
        layout.ApplyTo(source, repeatHeaderRow: false);
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }
}
