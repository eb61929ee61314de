using ClosedXML.Excel;
using DxTracker.Domain.Data;
using DxTracker.Domain.Excel;
using DxTracker.Domain.Identity;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Domain.Organisation;

/// <summary>The organisation sheet (組織表): one row per 課 with its 部 and its head. Fixed Japanese headers whatever the
/// UI language, like the inventory; other columns are ignored on import.</summary>
public static class OrganisationColumns
{
    public const string SheetName = "組織表";
    public const string DivisionCode = "部コード";
    public const string DivisionName = "部名";
    public const string DepartmentCode = "課コード";
    public const string DepartmentName = "課名";
    public const string SortOrder = "表示順";
    public const string HeadEmail = "所管課長メール";
    public const string HeadName = "所管課長氏名";

    public static IReadOnlyList<string> All { get; } = [DivisionCode, DivisionName, DepartmentCode, DepartmentName, SortOrder, HeadEmail, HeadName];
}

/// <summary>The organisation sheet as a workbook: the empty template, or the current organisation (every 課 in the order
/// of the Organisation page, with its head), which imports back as a no-op.</summary>
public sealed class OrganisationExportService(IDbContextFactory<DxDbContext> dbFactory)
{
    public Task<byte[]> TemplateAsync(CancellationToken ct = default) => BuildAsync(withRows: false, ct);

    public Task<byte[]> ExportAsync(CancellationToken ct = default) => BuildAsync(withRows: true, ct);

    private async Task<byte[]> BuildAsync(bool withRows, CancellationToken ct)
    {
        List<object?[]> rows = [];
        if (withRows)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var heads = Actors.DepartmentHeads(db);
            rows = (await db.Departments.AsNoTracking()
                    .OrderBy(d => d.Division!.SortOrder).ThenBy(d => d.Division!.Code).ThenBy(d => d.SortOrder).ThenBy(d => d.Code)
                    .Select(d => new
                    {
                        DivisionCode = d.Division!.Code, DivisionName = d.Division.Name, d.Code, d.Name, d.SortOrder,
                        Head = heads.Where(u => u.DepartmentId == d.Id).Select(u => new { u.Email, u.DisplayName }).FirstOrDefault(),
                    })
                    .ToListAsync(ct))
                .Select(d => new object?[] { d.DivisionCode, d.DivisionName, d.Code, d.Name, d.SortOrder, d.Head?.Email, d.Head?.DisplayName })
                .ToList();
        }
        var columns = OrganisationColumns.All
            .Select(h => new SheetColumn(h, h == OrganisationColumns.SortOrder ? CellKind.Year : CellKind.Text))
            .ToList();
        using var workbook = new XLWorkbook();
        SheetWriter.AddTable(workbook, OrganisationColumns.SheetName, "Organisation", columns, rows);
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }
}
