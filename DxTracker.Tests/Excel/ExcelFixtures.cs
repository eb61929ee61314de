using System.Globalization;
using ClosedXML.Excel;
using DxTracker.Domain.Excel;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Organisation;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reporting;
using DxTracker.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DxTracker.Tests.Excel;

/// <summary>Services over a real SQLite file, and helpers to read and edit workbooks with ClosedXML.</summary>
internal static class ExcelFixtures
{
    public static readonly DateTime Now = new(2026, 6, 1, 3, 0, 0, DateTimeKind.Utc);

    /// <summary>Call at the top of each test: a culture set inside an awaited helper does not flow back to the caller.</summary>
    public static void Japanese() => CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("ja-JP");

    public static InventoryImportService Importer(TestDatabase db, DateTime? now = null) =>
        new(db, new FakeTimeProvider(new DateTimeOffset(now ?? Now)), new EraSettings(), db.Audit(TimeProvider.System), NullLogger<InventoryImportService>.Instance);

    /// <summary>The office name the files are signed with ('&amp;' included: it must print as itself, not as a code).</summary>
    public static readonly OfficeSettings Office = new() { Name = "テスト区役所 DX&推進課" };

    public static InventoryExportService Exporter(TestDatabase db) => new(db, new FakeTimeProvider(new DateTimeOffset(Now)), db.Audit(TimeProvider.System), Office);

    public static AnnualReportService Reports(TestDatabase db) => new(db, Board(db), new ProfileBoardQuery(db), new EraSettings(), Office, new FakeTimeProvider(new DateTimeOffset(Now)));

    public static BoardQuery Board(TestDatabase db) => new(db, new FakeTimeProvider(new DateTimeOffset(Now)));

    /// <summary>Adds procedures through the entity's own methods, as the DX team.</summary>
    public static async Task<List<Procedure>> AddProceduresAsync(TestDatabase database, Actor dx, int departmentId, int count, DateTime createdAtUtc, string prefix = "P")
    {
        await using var db = database.CreateDbContext();
        var procedures = Enumerable.Range(1, count)
            .Select(i => Procedure.Create(departmentId, new ProcedureFields { Code = $"{prefix}{i:D5}", Name = $"手続{i}の申請" }, dx, createdAtUtc))
            .ToList();
        db.Procedures.AddRange(procedures);
        await db.SaveChangesAsync();
        return procedures;
    }

    /// <summary>Opens a workbook, lets the test edit the first sheet by header, saves it again.</summary>
    public static byte[] Edit(byte[] file, Action<SheetEditor> edit)
    {
        using var workbook = new XLWorkbook(new MemoryStream(file));
        edit(new SheetEditor(workbook.Worksheet(1)));
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    public static async Task<ImportOutcome> ValidateAsync(TestDatabase db, Actor actor, byte[] file) =>
        await Importer(db).ValidateAsync(actor.UserId, new MemoryStream(file), null, TestContext.Current.CancellationToken);

    public static async Task<ImportOutcome> ImportAsync(TestDatabase db, Actor actor, byte[] file, DateTime? now = null) =>
        await Importer(db, now).ImportInventoryAsync(actor.UserId, new MemoryStream(file), null, TestContext.Current.CancellationToken);
}

/// <summary>Cells of one sheet addressed by header and row (data rows count from 1).</summary>
internal sealed class SheetEditor(IXLWorksheet sheet)
{
    public IXLWorksheet Sheet => sheet;

    public int Column(string header) =>
        sheet.Row(1).CellsUsed().First(c => c.GetString() == header).Address.ColumnNumber;

    public IXLCell Cell(int dataRow, string header) => sheet.Cell(dataRow + 1, Column(header));

    /// <summary>The data row whose 手続ID is <paramref name="code"/>.</summary>
    public int RowOf(string code)
    {
        var column = Column(InventoryColumns.Code);
        return sheet.Column(column).CellsUsed().First(c => c.GetString() == code).Address.RowNumber - 1;
    }

    public void Set(int dataRow, string header, string? text)
    {
        var cell = Cell(dataRow, header);
        if (text is null)
            cell.Clear(XLClearOptions.Contents);
        else
            cell.SetValue(text);
    }

    public int DataRows => (sheet.LastRowUsed()?.RowNumber() ?? 1) - 1;
}
