using DxTracker.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Domain.National;

/// <summary>One catalogue entry as the picker shows it; <see cref="InUse"/> counts this office's procedures already started from it.</summary>
public sealed record CatalogueRow(int Id, string NationalId, string Name, string LawName, string LawArticle, string Ministry, int InUse);

public sealed record CataloguePage(IReadOnlyList<CatalogueRow> Rows, int Total);

/// <summary>Searches the latest survey of the national catalogue in SQL (LIKE over name, law and national ID), one page at a time.</summary>
public static class CatalogueSearch
{
    public const int MaxTextLength = 100;

    public static async Task<CataloguePage> SearchAsync(DxDbContext db, string? text, int skip, int take, CancellationToken ct = default)
    {
        var latest = await db.NationalProcedures.MaxAsync(n => (DateOnly?)n.SurveyDate, ct);
        if (latest is null)
            return new CataloguePage([], 0);
        var query = db.NationalProcedures.AsNoTracking().Where(n => n.SurveyDate == latest);
        var trimmed = text?.Trim();
        if (!string.IsNullOrEmpty(trimmed))
        {
            var pattern = SqlLike.Contains(trimmed.Length > MaxTextLength ? trimmed[..MaxTextLength] : trimmed);
            query = query.Where(n => EF.Functions.Like(n.Name, pattern, SqlLike.EscapeCharacter)
                || EF.Functions.Like(n.LawName, pattern, SqlLike.EscapeCharacter)
                || EF.Functions.Like(n.NationalId, pattern, SqlLike.EscapeCharacter));
        }
        var total = await query.CountAsync(ct);
        var rows = await query
            .OrderBy(n => n.NationalId)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 200))
            .Select(n => new CatalogueRow(n.Id, n.NationalId, n.Name, n.LawName, n.LawArticle, n.Ministry,
                db.Procedures.Count(p => p.NationalProcedureId == n.NationalId)))
            .ToListAsync(ct);
        return new CataloguePage(rows, total);
    }
}
