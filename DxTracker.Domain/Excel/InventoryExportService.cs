using ClosedXML.Excel;
using DxTracker.Domain.Audit;
using DxTracker.Domain.Data;
using DxTracker.Domain.Organisation;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reporting;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Domain.Excel;

/// <summary>The inventory (手続棚卸し表) as a workbook: the empty template, or every procedure in the same format, which
/// imports back as a no-op. Volume columns are the fiscal years present in the data (the current one when none). Prints like
/// every sheet of the app (<see cref="PrintLayout"/>), its words in Japanese like its headers.</summary>
public sealed class InventoryExportService(IDbContextFactory<DxDbContext> dbFactory, TimeProvider clock, AuditLog audit, OfficeSettings office)
{
    public Task<byte[]> TemplateAsync(CancellationToken ct = default) => BuildAsync(withProcedures: false, null, ct);

    /// <summary>Every procedure; <paramref name="rowsWritten"/> reports progress for long exports.</summary>
    public Task<byte[]> ExportAsync(IProgress<int>? rowsWritten = null, CancellationToken ct = default) => BuildAsync(withProcedures: true, rowsWritten, ct);

    /// <summary>Every procedure, for a download made outside the audited download endpoints (the import page builds it in
    /// its circuit): DxTeam only (read from the database), and an Export audit row naming <paramref name="target"/> (where
    /// it was asked for) and <paramref name="fileName"/>; a refusal is audited too.</summary>
    public Task<byte[]> ExportAsync(string userId, string target, string fileName, IProgress<int>? rowsWritten = null, CancellationToken ct = default) =>
        audit.RefusalsAuditedAsync(userId, target, async () =>
        {
            Actor actor;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
                actor = await Actors.LoadAsync(db, userId, ct);
            if (!actor.IsDxTeam)
                throw new AccessDeniedException(DomainError.NotPermitted);
            var bytes = await BuildAsync(withProcedures: true, rowsWritten, ct);
            await audit.WriteAsync(AuditActions.Export, actor.UserId, actor.DisplayName, target, fileName, succeeded: true, ct: ct);
            return bytes;
        });

    private async Task<byte[]> BuildAsync(bool withProcedures, IProgress<int>? rowsWritten, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var years = await db.ProcedureVolumes.AsNoTracking().Select(v => v.FiscalYear).Distinct().OrderBy(y => y).ToListAsync(ct);
        if (years.Count == 0)
            years.Add(FiscalYear.Of(clock.GetUtcNow().UtcDateTime).Year);
        var columns = InventoryColumns.Fixed.Except(InventoryColumns.Profile)
            .Select(h => new SheetColumn(h, h switch
            {
                InventoryColumns.TargetFiscalYear => CellKind.Year,
                InventoryColumns.DigitizedOn or InventoryColumns.StatusSince => CellKind.Date,
                _ => CellKind.Text,
            }))
            .Concat(InventoryColumns.ProfileColumns.Select(c => new SheetColumn(c.Header, c.Kind)))
            .Concat(years.SelectMany(y => new[] { new SheetColumn(InventoryColumns.Total(y), CellKind.Number), new SheetColumn(InventoryColumns.Online(y), CellKind.Number) }))
            .ToList();
        var rows = withProcedures ? await RowsAsync(db, years, ct) : [];

        using var workbook = new XLWorkbook();
        var sheet = SheetWriter.AddTable(workbook, InventoryColumns.SheetName, "Inventory", columns, rows, rowsWritten);
        PrintLayout.Create(InventoryColumns.SheetName, null, office, clock, PrintLayout.Japanese).ApplyTo(sheet);
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    private static DateOnly? JapanDate(DateTime? utc) => utc is { } u ? DateOnly.FromDateTime(FiscalYear.ToJapan(u)) : null;

    private static async Task<List<object?[]>> RowsAsync(DxDbContext db, List<int> years, CancellationToken ct)
    {
        var procedures = await db.Procedures.AsNoTracking()
            .OrderBy(p => p.Department!.SortOrder).ThenBy(p => p.Department!.Code).ThenBy(p => p.Code)
            .Select(p => new
            {
                p.Id, p.Code, p.Name, DepartmentCode = p.Department!.Code, DepartmentName = p.Department.Name, p.NationalProcedureId,
                p.LawName, p.LawArticle, p.AdministrativeCategory, p.IdentityCheck, p.HasFee, p.Attachments, p.TargetFiscalYear,
                p.OnlineFormUrl, p.Status, p.Notes, p.StatusChangedAtUtc,
                Profile = ProcedureProfile.Of(p),
                DigitizedAtUtc = p.History.Where(h => h.ToStatus == ProcedureStatus.Digitized)
                    .OrderByDescending(h => h.AtUtc).Select(h => (DateTime?)h.AtUtc).FirstOrDefault(),
                Objection = p.Objections.Where(o => o.Outcome == ObjectionOutcome.Open).OrderByDescending(o => o.RaisedAtUtc)
                    .Select(o => new { o.Category, o.Description, o.Source }).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var volumes = (await db.ProcedureVolumes.AsNoTracking()
                .Select(v => new { v.ProcedureId, v.FiscalYear, v.Total, v.Online }).ToListAsync(ct))
            .ToLookup(v => v.ProcedureId);
        return procedures.Select(p =>
        {
            var own = volumes[p.Id].ToDictionary(v => v.FiscalYear);
            object?[] fixedCells =
            [
                p.Code, p.Name, p.DepartmentCode, p.DepartmentName, p.NationalProcedureId, p.LawName, p.LawArticle,
                p.AdministrativeCategory is { } a ? InventoryWords.AdministrativeCategory(a) : null,
                p.IdentityCheck is { } i ? InventoryWords.IdentityCheck(i) : null,
                p.HasFee is { } f ? InventoryWords.Fee(f) : null,
                p.Attachments, p.TargetFiscalYear, p.OnlineFormUrl, InventoryWords.Status(p.Status),
                p.Status == ProcedureStatus.Digitized ? JapanDate(p.DigitizedAtUtc) : null, JapanDate(p.StatusChangedAtUtc),
                p.Objection is { } o ? InventoryWords.Category(o.Category) : null, p.Objection?.Description,
                p.Objection?.Source is { } source ? InventoryWords.Word(source) : null, p.Notes,
                .. InventoryColumns.ProfileCells(p.Profile, PrintLayout.Japanese),
            ];
            return fixedCells
                .Concat(years.SelectMany(y => own.TryGetValue(y, out var v) ? new object?[] { v.Total, v.Online } : [null, null]))
                .ToArray();
        }).ToList();
    }
}
