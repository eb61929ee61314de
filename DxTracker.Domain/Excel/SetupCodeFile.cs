using ClosedXML.Excel;
using DxTracker.Domain.Identity;

namespace DxTracker.Domain.Excel;

/// <summary>The list of setup codes the DX team hands out when the app cannot mail (one row a person: name, e-mail
/// address, 課, code, valid until, the page to enter it on). Made once, when the codes are issued: the codes are never
/// stored in clear, so the file cannot be made again — issuing again replaces the codes.</summary>
public static class SetupCodeFile
{
    public static byte[] Build(IReadOnlyList<SetupCode> codes, string pageUrl)
    {
        using var workbook = new XLWorkbook();
        SheetWriter.AddTable(workbook, ExcelText.Get("Sheet_SetupCodes"), "SetupCodes",
            [
                new(ExcelText.Get("Col_PersonName")), new(ExcelText.Get("Col_Email")), new(ExcelText.Get("Col_Affiliation")),
                new(ExcelText.Get("Col_SetupCode")), new(ExcelText.Get("Col_ExpiresAt"), CellKind.DateTime), new(ExcelText.Get("Col_SetupPage")),
            ],
            codes.Select(c => new object?[] { c.DisplayName, c.Email, c.Department, c.Code, SheetWriter.Japan(c.ExpiresAtUtc), pageUrl }));
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }
}
