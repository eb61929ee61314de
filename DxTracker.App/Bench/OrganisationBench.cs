using System.Globalization;
using ClosedXML.Excel;
using DxTracker.Domain.Organisation;
using Microsoft.EntityFrameworkCore;
using C = DxTracker.Domain.Organisation.OrganisationColumns;

namespace DxTracker.App.Bench;

/// <summary>The organisation sheets the organisation path reads: the city's departments and new ones up to
/// <see cref="Departments"/> 課 (new 部 of 40 課 each), every name marked with the run that wrote it and each head e-mail on the
/// next 課 of the previous run — so every run renames every 課 and moves every head (a ward-wide April reshuffle), and the
/// first run also creates the new 課 and accounts.</summary>
internal sealed class OrganisationFiles(BenchDatabase database)
{
    public const int Departments = 1_000;
    private int _run;

    public byte[] Current { get; private set; } = [];

    /// <summary>Builds the next run's file (outside the timed part).</summary>
    public async Task NextAsync()
    {
        _run++;
        await using var db = database.CreateDbContext();
        var existing = await db.Departments.AsNoTracking().OrderBy(d => d.Code)
            .Select(d => new { DivisionCode = d.Division!.Code, d.Code, d.Name }).ToListAsync();
        var rows = existing.Select(d => (d.DivisionCode, d.Code, Name: d.Name.Split('・')[0]))
            .Concat(Enumerable.Range(existing.Count, Math.Max(0, Departments - existing.Count)).Select(i =>
                (DivisionCode: Invariant($"BENCH-B{i / 40:D2}"), Code: Invariant($"BENCH-K{i:D4}"), Name: Invariant($"ベンチ課{i}"))))
            .ToList();
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet(C.SheetName);
        for (var c = 0; c < C.All.Count; c++)
            sheet.Cell(1, c + 1).SetValue(C.All[c]);
        for (var i = 0; i < rows.Count; i++)
        {
            var (division, code, name) = rows[i];
            var head = (i + _run) % rows.Count;
            object[] cells = [division, Invariant($"部 {division}"), code, Invariant($"{name}・{_run}"), i, Invariant($"bench-head{head}@bench.example.jp"), Invariant($"課長 {head}")];
            for (var c = 0; c < cells.Length; c++)
            {
                if (cells[c] is int n)
                    sheet.Cell(i + 2, c + 1).SetValue(n);
                else
                    sheet.Cell(i + 2, c + 1).SetValue((string)cells[c]);
            }
        }
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        Current = stream.ToArray();
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
