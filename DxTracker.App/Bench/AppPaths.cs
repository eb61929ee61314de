using DxTracker.Domain.Procedures;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.App.Bench;

/// <summary>The app's own paths, called as the pages and jobs call them (one short-lived context per operation), each
/// returning the same kind of answer as its baseline in <see cref="SqlBaselines"/>.</summary>
internal sealed class AppPaths(BenchDatabase database, BenchQuestion question)
{
    /// <summary>The procedure page's load: the procedure with department, division, objections, volumes and history, and the
    /// hearings that discussed it.</summary>
    public async Task<string> ProcedurePageAsync()
    {
        await using var db = await database.CreateDbContextAsync();
        var p = await db.Procedures.AsNoTracking()
            .Include(x => x.Department!).ThenInclude(d => d.Division)
            .Include(x => x.Objections)
            .Include(x => x.Volumes)
            .Include(x => x.History)
            .FirstAsync(x => x.Id == question.ProcedureId);
        var hearings = await db.HearingItems.AsNoTracking()
            .Where(i => i.ProcedureId == question.ProcedureId)
            .Select(i => new { i.HearingSession!.HeldOn, i.HearingSession.DxTeamMembers, i.HearingSession.RecordedByName, i.OutcomeNote })
            .ToListAsync();
        return SqlBaselines.PageAnswer(p.History.Count, p.Objections.Count, p.Volumes.Count, hearings.Count);
    }
}
