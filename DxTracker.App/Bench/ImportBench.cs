using System.Data.Common;
using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DxTracker.Domain.Excel;
using DxTracker.Domain.Procedures;

namespace DxTracker.App.Bench;

/// <summary>The inventory files the import path reads: the first procedures (by code) with every fixed column at its current
/// value but the note, which says which run wrote it — so each run changes every row and commits them all.</summary>
internal sealed class ImportFiles(BenchDatabase database, int rows)
{
    private int _run;

    public byte[] Current { get; private set; } = [];

    public int Rows => rows;

    /// <summary>Builds the next run's file (outside the timed part).</summary>
    public async Task NextAsync()
    {
        _run++;
        await using var connection = await database.OpenAsync();
        await using var command = SqlBaselines.Command(connection, """
            SELECT p."Code", p."Name", d."Code", d."Name", p."NationalProcedureId", p."LawName", p."LawArticle", p."AdministrativeCategory",
                   p."IdentityCheck", p."HasFee", p."Attachments", p."TargetFiscalYear", p."OnlineFormUrl", p."Status", p."Notes"
            FROM "Procedures" p JOIN "Departments" d ON d."Id" = p."DepartmentId" ORDER BY p."Code" LIMIT @rows
            """, ("rows", rows));
        await using var reader = await command.ExecuteReaderAsync();
        using var stream = new MemoryStream();
        using (var workbook = new StreamingWorkbook(stream))
        {
            var note = string.Create(CultureInfo.InvariantCulture, $"ベンチマーク {_run}");
            (string, CellKind)[] columns =
            [
                (InventoryColumns.Code, CellKind.Text), (InventoryColumns.Name, CellKind.Text), (InventoryColumns.DepartmentCode, CellKind.Text),
                (InventoryColumns.DepartmentName, CellKind.Text), (InventoryColumns.NationalId, CellKind.Text), (InventoryColumns.LawName, CellKind.Text),
                (InventoryColumns.LawArticle, CellKind.Text), (InventoryColumns.AdministrativeCategory, CellKind.Text),
                (InventoryColumns.IdentityCheck, CellKind.Text), (InventoryColumns.Fee, CellKind.Text), (InventoryColumns.Attachments, CellKind.Text),
                (InventoryColumns.TargetFiscalYear, CellKind.Number), (InventoryColumns.Url, CellKind.Text), (InventoryColumns.Status, CellKind.Text),
                (InventoryColumns.Notes, CellKind.Text),
            ];
            await workbook.AddSheetAsync(InventoryColumns.SheetName, columns, reader, (c, value) => c switch
            {
                7 => value is string a ? InventoryWords.AdministrativeCategory(Enum.Parse<AdministrativeCategory>(a)) : null,
                8 => value is string i ? InventoryWords.IdentityCheck(Enum.Parse<IdentityCheck>(i)) : null,
                9 => value is null ? null : InventoryWords.Fee(Convert.ToBoolean(value, CultureInfo.InvariantCulture)),
                13 => InventoryWords.Status(Enum.Parse<ProcedureStatus>((string)value!)),
                14 => note,
                _ => value,
            });
        }
        Current = stream.ToArray();
    }
}

/// <summary>The import's baseline: the same file read forward-only with OpenXmlReader, every row checked (code present and
/// unique, department known, status a known word, URL http(s), lengths), then the changed fields written with one prepared
/// UPDATE per row in one transaction — what a hand-written import would do.</summary>
internal static class ImportBaseline
{
    public static async Task<string> RunAsync(BenchDatabase database, byte[] file, string userName, DateTime utcNow)
    {
        var rows = Read(file);
        await using var connection = await database.OpenAsync();
        var departments = new HashSet<string>();
        await using (var command = SqlBaselines.Command(connection, """SELECT "Code" FROM "Departments" """))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                departments.Add(reader.GetString(0));
        }
        var existing = new Dictionary<string, long>();
        await using (var command = SqlBaselines.Command(connection, """SELECT "Code", "Id" FROM "Procedures" """))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                existing[reader.GetString(0)] = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
        }

        var issues = 0;
        var seen = new HashSet<string>();
        var updates = new List<(long Id, string? Notes)>();
        foreach (var row in rows)
        {
            var code = row.GetValueOrDefault(InventoryColumns.Code);
            var ok = code is { Length: > 0 and <= Procedure.CodeMaxLength } && seen.Add(code)
                && row.GetValueOrDefault(InventoryColumns.Name) is { Length: > 0 and <= Procedure.NameMaxLength }
                && row.GetValueOrDefault(InventoryColumns.DepartmentCode) is { } department && departments.Contains(department)
                && row.GetValueOrDefault(InventoryColumns.Status) is { } status && InventoryWords.TryStatus(status, out _)
                && (row.GetValueOrDefault(InventoryColumns.Url) is not { } url || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
                && existing.ContainsKey(code);
            if (!ok)
            {
                issues++;
                continue;
            }
            updates.Add((existing[code!], row.GetValueOrDefault(InventoryColumns.Notes)));
        }
        if (issues > 0)
            return ImportAnswer(0, issues, committed: false);

        await using var tx = await connection.BeginTransactionAsync();
        await using var update = SqlBaselines.Command(connection, """
            UPDATE "Procedures" SET "Notes" = @notes, "UpdatedAtUtc" = @now, "UpdatedByName" = @by, "Version" = "Version" + 1 WHERE "Id" = @id
            """, ("notes", ""), ("now", utcNow), ("by", userName), ("id", 0L));
        update.Transaction = tx;
        await update.PrepareAsync();
        foreach (var (id, notes) in updates)
        {
            update.Parameters["@notes"].Value = (object?)notes ?? DBNull.Value;
            update.Parameters["@id"].Value = id;
            await update.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
        return ImportAnswer(updates.Count, 0, committed: true);
    }

    public static string ImportAnswer(int changed, int issues, bool committed) =>
        string.Create(CultureInfo.InvariantCulture, $"{changed} changed, {issues} issues, committed: {(committed ? "yes" : "no")}");

    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var ch in reference.TakeWhile(char.IsAsciiLetter))
            index = index * 26 + (char.ToUpperInvariant(ch) - 'A' + 1);
        return index - 1;
    }

    /// <summary>The first sheet's rows as header → text (inline and shared strings, numbers), forward-only.</summary>
    private static List<Dictionary<string, string>> Read(byte[] file)
    {
        using var stream = new MemoryStream(file);
        using var document = SpreadsheetDocument.Open(stream, false);
        var workbook = document.WorkbookPart!;
        var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToArray() ?? [];
        var sheet = workbook.WorksheetParts.First();
        var headers = new Dictionary<int, string>();
        var rows = new List<Dictionary<string, string>>();
        using var reader = OpenXmlReader.Create(sheet);
        var first = true;
        while (reader.Read())
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
                continue;
            var row = (Row)reader.LoadCurrentElement()!;
            var cells = new Dictionary<string, string>();
            var column = -1;
            foreach (var cell in row.Elements<Cell>())
            {
                column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : column + 1;
                var text = cell.DataType?.Value switch
                {
                    CellValues.InlineString => cell.InlineString?.InnerText,
                    CellValues.SharedString => shared[int.Parse(cell.CellValue!.Text, CultureInfo.InvariantCulture)],
                    _ => cell.CellValue?.Text,
                };
                if (first)
                    headers[column] = text ?? "";
                else if (!string.IsNullOrWhiteSpace(text) && headers.TryGetValue(column, out var header))
                    cells[header] = text.Trim();
            }
            if (!first && cells.Count > 0)
                rows.Add(cells);
            first = false;
        }
        return rows;
    }
}
